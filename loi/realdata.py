"""The real Letter of Intent and the accessions, as far as documents show them.

Source: resolution proposal Nr. 6-5282/24-IV of the Landkreis Teltow-Fläming
(../shared/seed/000_5cf04c84deabcb4f.txt). The wording of the Letter of Intent
itself was an attachment ("Anlage") that the document does not contain; the
agreement's text is therefore the proposal's section "Inhalte", which states what
the Letter of Intent is about. The office can replace it with the signed wording;
loading again never overwrites it.

Nothing is invented: the start of the term is not stated (left empty), the
council outcomes are not stated (left "scheduled"), and the other partners'
accessions are "prepared" without any date.
"""

import datetime

from django.db import transaction

from partners.models import Partner
from partners.realdata import REAL_PARTNERS

from .models import Accession, Agreement, Deliberation

COUNTERPART = "Landeshauptstadt Potsdam"

FIRST_AGREEMENT = {
    "title": (
        "Absichtserklärung für eine smarte Zusammenarbeit in der Hauptstadtregion "
        "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs"
    ),
    "counterpart_role": "Projektträger Smart City Potsdam",
    "valid_until": datetime.date(2026, 12, 31),
    "body": (
        "Der kooperative Regio.hub soll eine geeignete Organisations- und "
        "Kommunikationsstruktur bereitstellen und damit die Grundlage für eine effiziente, "
        "koordinierte, ressourcenschonende, gleichberechtigte länderübergreifende "
        "Zusammenarbeit bieten. Unter Einbezug eines breiteren Regio.hub-Netzwerks, "
        "bestehend aus Fachexperten der Wirtschaft und Wissenschaft, beabsichtigen die "
        "Partner, gemeinsam an Querschnittsthemen und Herausforderungen in smarten "
        "Handlungsfeldern zu arbeiten.\n\n"
        "Der kooperative Regio.hub bietet hierfür die Möglichkeit, kollaborativ Projekte zu "
        "initiieren und Lösungen (weiter) zu entwickeln. Dabei wird Wert daraufgelegt, "
        "methodisch neue Wege zu gehen. Zudem soll der Regio.hub die Sichtbarkeit bereits "
        "vorhandener Digitalisierungsprojekte in der Hauptstadtregion fördern und diese "
        "miteinander vernetzen.\n\n"
        "Ein Kernprojekt des Regio.hubs soll ein kooperativ entwickeltes Innovationsmobil, "
        "welches die gemeinsamen Themen der digitalen Transformation sichtbar und erlebbar "
        "macht, sein. Damit strebt der Regio.hub einen Mehrwert für die Zukunftsfähigkeit "
        "aller beteiligten Partner sowie eine nachhaltige, digitale Transformation der "
        "gesamten Hauptstadtregion an.\n\n"
        "Im ersten Schritt beabsichtigt der Regio.hub die Bildung eines smarten "
        "Innovationskorridors, welcher sich von Berlin über die Landeshauptstadt Potsdam in "
        "die angrenzenden Landkreise erstreckt und sich auf Brandenburger Seite räumlich an "
        "der Planungsregion Havelland-Fläming orientiert."
    ),
}

_PARTNER_LIST = (
    "- Landeshauptstadt Potsdam\n"
    "- Landkreis Potsdam-Mittelmark\n"
    "- Landkreis Havelland\n"
    "- Stadt Bad Belzig\n"
    "- Gemeinde Wiesenburg/Mark\n"
    "- Stadt Luckenwalde\n"
    "- {ludwigsfelde}\n"
    "- Stadt Brandenburg an der Havel\n"
    "- DigitalAgentur Brandenburg\n"
    "- Wirtschaftsförderung Land Brandenburg\n"
    "- Berlin Partner für Wirtschaft und Technologie"
)

# The accession of the Landkreis Teltow-Fläming, verbatim from the document
# (including its two spellings of Ludwigsfelde).
TELTOW_FLAEMING = {
    "partner": "Landkreis Teltow-Fläming",
    "facts": {
        "resolution_number": "6-5282/24-IV",
        "public_session": True,
        "proposal_place": "Luckenwalde",
        "proposal_date": datetime.date(2024, 4, 8),
        "proposal_signed_by_name": "Wehlan",
        "proposal_signed_by_function": "Landrätin",
        "subject": (
            "Regionale Kooperation für eine smarte Zusammenarbeit in der Hauptstadtregion "
            "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs"
        ),
        "resolution_proposal": (
            "Der Kreistag beschließt im Rahmen der Landesinitiative „Regionale "
            "Entwicklungsstrategie – Stärken verbinden“ die Zusammenarbeit des Landkreises "
            "Teltow-Fläming mit den Partnern des Regio.hubs\n\n"
            + _PARTNER_LIST.format(ludwigsfelde="Stadt Ludwigsfelde")
            + "\n\nzur Bildung einer smarten Hauptstadtregion und einem ersten gemeinsamen "
            "smarten Innovationskorridor.\n\n"
            "Der Landkreis Teltow-Fläming schließt einen „Letter of Intent“ mit der Stadt "
            "Potsdam (Projektträger Smart City Potsdam) als Kooperationsvereinbarung für den "
            "Projektzeitraum bis 31.12.2026 ab."
        ),
        "financial_implications": "keine",
        "statement_of_facts": (
            "Berlin-Brandenburg hat beste Voraussetzungen, die gemeinsamen Potentiale einer "
            "erfolgreichen smarten Hauptstadtregion zu nutzen und damit zum Vorreiter in "
            "Deutschland und Europa zu werden. Dafür wollen wir unsere Stärken "
            "zusammenbringen.\n\n"
            "Gemeinsam wollen wir an smarten Lösungen arbeiten und damit das Wachstum der "
            "Hauptstadtregion ressourcenschonend voranbringen, den sozialen Zusammenhalt "
            "zwischen Stadt und Land stärken und als Inkubator für neue Ideen und Lösungen "
            "über administrative Grenzen hinweg wirken. Dabei wird Innovation immer in zwei "
            "Richtungen gedacht: vom urbanen in den ländlichen Raum und umgekehrt vom "
            "ländlichen in den urbanen Raum.\n\n"
            "Durch die Vernetzung des urbanen mit dem ländlichen Raum wollen wir die Basis "
            "dafür schaffen, Chancen der digitalen Transformation schneller aufzugreifen und "
            "in wirtschaftliche, soziale und umweltgerechte Lösungen zu überführen. Gemeinsam "
            "wollen wir Zukunftspfade aufzeigen und fördern deshalb den Wissenstransfer und "
            "die Vernetzung von Wirtschaft und Wissenschaft in der Hauptstadtregion.\n\n"
            "Hierzu hat die Stadt Potsdam eine Förderung des Bundes eingeworben. Durch die "
            "Förderung sollen Investitionen in die Ausgestaltung der Smart Region Potsdam "
            "ermöglicht werden. Fördermittelgeber sind die KfW und das Bundesministerium für "
            "Wohnen, Stadtentwicklung und Bauwesen. Im Projekt hat die Stadt Potsdam die "
            "Aufgabe, regionale Partner für eine Zusammenarbeit auf dem Gebiet der digitalen "
            "Transformation einzubinden. Bisher gehören folgende Partner dem Regio.Hub an:\n\n"
            + _PARTNER_LIST.format(ludwigsfelde="Stadt Ludwigfelde")
            + "\n\nInhalte:\n\n"
            + FIRST_AGREEMENT["body"]
            + " Insofern wird auch eine Zusammenarbeit mit unserem Landkreis angestrebt.\n\n"
            "Dem Landkreis Teltow-Fläming entstehen durch den Letter of Intent keine Kosten."
        ),
        "attachments": (
            "Absichtserklärung für eine smarte Zusammenarbeit in der Hauptstadtregion "
            "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs (Letter of Intent)"
        ),
    },
    "deliberations": [
        {"body": "Ausschuss für Wirtschaft", "session_date": datetime.date(2024, 4, 24)},
        {"body": "Kreistag", "session_date": datetime.date(2024, 4, 29)},
    ],
}


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def load_agreements() -> dict[str, int]:
    """Create the first agreement and the accessions; fill only what is still empty.

    Returns counts of what was created or filled. Loading twice changes nothing;
    anything the partners or the office recorded since is never overwritten.
    """
    counts = {"agreements": 0, "accessions": 0, "deliberations": 0, "fields filled": 0}
    counterpart = Partner.objects.get(name=COUNTERPART)
    facts = dict(FIRST_AGREEMENT)
    agreement = Agreement.objects.filter(title=facts["title"], predecessor=None).first()
    if agreement is None:
        agreement = Agreement(
            counterpart=counterpart,
            is_current=not Agreement.objects.current().exists(),
            **facts,
        )
        _save(agreement)
        counts["agreements"] += 1
    elif not agreement.body:
        agreement.body = facts["body"]
        _save(agreement)
        counts["fields filled"] += 1

    for name in (entry["name"] for entry in REAL_PARTNERS):
        if name == COUNTERPART:
            # Potsdam is the counterpart of every accession, not a party that accedes.
            continue
        partner = Partner.objects.get(name=name)
        accession, created = Accession.objects.get_or_create(agreement=agreement, partner=partner)
        counts["accessions"] += created
        if name == TELTOW_FLAEMING["partner"]:
            _fill_teltow_flaeming(accession, is_new=created, counts=counts)
    return counts


def _fill_teltow_flaeming(accession: Accession, *, is_new: bool, counts: dict[str, int]) -> None:
    """Record the document's facts on a new (or still untouched) accession only.

    Once anyone has worked on the record (a state beyond "prepared", a resolution
    number, a council step), the loader leaves it alone.
    """
    untouched = (
        accession.status == Accession.Status.PREPARED
        and not accession.resolution_number
        and not accession.deliberations.exists()
    )
    if not (is_new or untouched):
        return
    for field, value in TELTOW_FLAEMING["facts"].items():
        setattr(accession, field, value)
    counts["fields filled"] += len(TELTOW_FLAEMING["facts"])
    # The proposal went into the council's deliberation (Beratungsfolge).
    accession.status = Accession.Status.IN_DELIBERATION
    _save(accession)
    for order, step in enumerate(TELTOW_FLAEMING["deliberations"], start=1):
        # The proposal is "für die öffentliche Sitzung"; how the bodies decided is not
        # stated, so the outcome stays "scheduled" until the partner records it.
        _save(
            Deliberation(
                accession=accession,
                order=order,
                is_public=True,
                outcome=Deliberation.Outcome.SCHEDULED,
                **step,
            )
        )
        counts["deliberations"] += 1


LOADERS = [load_agreements]
