"""The real partners of the Regio.hub, as named in the council document.

Source: resolution proposal Nr. 6-5282/24-IV of the Landkreis Teltow-Fläming
(April 2024). Only facts from that document and from the shipped AGS list are
recorded; everything else (addresses, websites, contacts) is left for the
project office to fill in.
"""

from django.db import transaction

from core.text import german_slugify

from .models import Partner

Kind = Partner.Kind
State = Partner.FederalState
Role = Partner.HubRole

REAL_PARTNERS = [
    {
        "name": "Landeshauptstadt Potsdam",
        "short_name": "Potsdam",
        "kind": Kind.STATE_CAPITAL,
        "federal_state": State.BRANDENBURG,
        "hub_role": Role.PROJECT_SPONSOR,
        "ags": "12054000",
        "description": (
            "Projektträger des Regio.hubs (Smart City Potsdam). Die Stadt hat dafür eine "
            "Förderung des Bundes eingeworben; Fördermittelgeber sind die KfW und das "
            "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen."
        ),
    },
    {
        "name": "Landkreis Potsdam-Mittelmark",
        "short_name": "Potsdam-Mittelmark",
        "kind": Kind.DISTRICT,
        "federal_state": State.BRANDENBURG,
        "ags": "12069000",
    },
    {
        "name": "Landkreis Havelland",
        "short_name": "Havelland",
        "kind": Kind.DISTRICT,
        "federal_state": State.BRANDENBURG,
        "ags": "12063000",
    },
    {
        "name": "Landkreis Teltow-Fläming",
        "short_name": "Teltow-Fläming",
        "kind": Kind.DISTRICT,
        "federal_state": State.BRANDENBURG,
        "ags": "12072000",
    },
    {
        "name": "Stadt Bad Belzig",
        "short_name": "Bad Belzig",
        "kind": Kind.TOWN,
        "federal_state": State.BRANDENBURG,
        "ags": "12069020",
    },
    {
        "name": "Gemeinde Wiesenburg/Mark",
        "short_name": "Wiesenburg/Mark",
        "kind": Kind.MUNICIPALITY,
        "federal_state": State.BRANDENBURG,
        "ags": "12069665",
    },
    {
        "name": "Stadt Luckenwalde",
        "short_name": "Luckenwalde",
        "kind": Kind.TOWN,
        "federal_state": State.BRANDENBURG,
        "ags": "12072232",
    },
    {
        # The council document spells it "Ludwigfelde" once; the town is Ludwigsfelde.
        "name": "Stadt Ludwigsfelde",
        "short_name": "Ludwigsfelde",
        "kind": Kind.TOWN,
        "federal_state": State.BRANDENBURG,
        "ags": "12072240",
    },
    {
        "name": "Stadt Brandenburg an der Havel",
        "short_name": "Brandenburg an der Havel",
        "kind": Kind.STATE_CAPITAL,
        "federal_state": State.BRANDENBURG,
        "ags": "12051000",
    },
    {
        "name": "DigitalAgentur Brandenburg",
        "short_name": "DigitalAgentur",
        "kind": Kind.STATE_AGENCY,
        "federal_state": State.BRANDENBURG,
    },
    {
        "name": "Wirtschaftsförderung Land Brandenburg",
        "short_name": "WFBB",
        "kind": Kind.ECONOMIC_DEVELOPMENT,
        "federal_state": State.BRANDENBURG,
    },
    {
        "name": "Berlin Partner für Wirtschaft und Technologie",
        "short_name": "Berlin Partner",
        "kind": Kind.ECONOMIC_DEVELOPMENT,
        "federal_state": State.BERLIN,
    },
]


@transaction.atomic
def load_partners() -> tuple[int, int]:
    """Create the real partners, or bring their facts up to date. Returns (created, updated).

    Fields the project office may have filled in since (website, address,
    description) are only set when still empty, so loading again never
    overwrites the office's work.
    """
    created = updated = 0
    for facts in REAL_PARTNERS:
        facts = dict(facts)
        description = facts.pop("description", "")
        partner = Partner.objects.filter(name=facts["name"]).first()
        if partner is None:
            partner = Partner(description=description, slug=german_slugify(facts["name"]), **facts)
            partner.full_clean()
            partner.save()
            created += 1
            continue
        changed = [field for field, value in facts.items() if getattr(partner, field) != value]
        for field in changed:
            setattr(partner, field, facts[field])
        if description and not partner.description:
            partner.description = description
            changed.append("description")
        if changed:
            partner.full_clean()
            partner.save()
            updated += 1
    return created, updated


LOADERS = [load_partners]
