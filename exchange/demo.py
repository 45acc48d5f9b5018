"""Demo needs for `make run`: marked as demo (`is_demo=True`, "[Demo]" in the title).

The partners and fields of action come from `load_real_data`; without them nothing is created.
"""

from django.db import transaction
from django.utils import timezone

from core.text import render_markdown
from partners.models import Partner
from projects.models import FieldOfAction

from .gaps import refresh_gaps
from .models import Need, NeedState, NeedSupport

# The note every demo need's description ends with (the matching leaves it out:
# exchange/matching/text.py).
DEMO_NOTE = "Dies ist ein Demo-Bedarf für Testzwecke; er beschreibt keinen realen Bedarf."

DEMO_NEEDS = [
    {
        "slug": "demo-videosprechstunde-im-gesundheitsamt",
        "title": "[Demo] Videosprechstunde im Gesundheitsamt",
        "partner": "landkreis-teltow-flaeming",
        "fields": ["gesundheit-pflege", "verwaltung-buergerservice"],
        "visibility": Need.Visibility.PUBLIC,
        "description": (
            "Wir suchen eine datenschutzkonforme Lösung, mit der das Gesundheitsamt "
            "Beratungen per Video anbieten kann – besonders für Menschen in abgelegenen "
            "Ortsteilen ohne gute Busverbindung.\n\n"
            "- Terminbuchung online\n- Videosprechstunde im Browser, ohne App\n"
            "- Betrieb im kommunalen Rechenzentrum"
        ),
        "contact_name": "Gesundheitsamt Teltow-Fläming",
        "cosigners": ["landkreis-havelland"],
    },
    {
        "slug": "demo-fruehwarnung-bei-starkregen",
        "title": "[Demo] Frühwarnung bei Starkregen",
        "partner": "stadt-ludwigsfelde",
        "fields": ["energie-klima-umwelt"],
        "visibility": Need.Visibility.NETWORK,
        "description": (
            "Wir möchten Pegel- und Niederschlagsdaten zusammenführen und Anwohnende "
            "bei drohender Überflutung rechtzeitig warnen."
        ),
        "contact_name": "",
        "cosigners": [],
    },
]


@transaction.atomic
def _demo_needs() -> int:
    partners = {p.slug: p for p in Partner.objects.all()}
    fields = {f.slug: f for f in FieldOfAction.objects.all()}
    now = timezone.now()
    created = 0
    for facts in DEMO_NEEDS:
        partner = partners.get(facts["partner"])
        if partner is None or Need.objects.filter(slug=facts["slug"]).exists():
            continue
        description = f"{facts['description']}\n\n*{DEMO_NOTE}*"
        need = Need.objects.create(
            slug=facts["slug"],
            title=facts["title"],
            partner=partner,
            description=description,
            description_html=render_markdown(description),
            visibility=facts["visibility"],
            contact_name=facts["contact_name"],
            contact_is_public=bool(facts["contact_name"]),
            state=NeedState.OPEN,
            opened_at=now,
            is_demo=True,
        )
        need.fields_of_action.set([fields[s] for s in facts["fields"] if s in fields])
        for slug in facts["cosigners"]:
            if slug in partners:
                NeedSupport.objects.create(need=need, partner=partners[slug])
                need.matched_at = now
        if need.matched_at:
            need.save(update_fields=["matched_at"])
        created += 1
    return created


def load_demo(command, **options) -> None:
    created = _demo_needs()
    command.stdout.write(f"exchange.demo: {created} demo needs created")
    checked, gaps = refresh_gaps()
    command.stdout.write(f"exchange.demo: {checked} open needs checked, {gaps} without suggestion")
