"""Demo needs and one co-initiated draft for `make run`, marked as demo (`is_demo=True`,
"[Demo]" in the title).

The partners and fields of action come from `load_real_data`; without them nothing is created.
"""

from django.db import transaction
from django.utils import timezone

from core.text import render_markdown
from partners.models import Partner
from projects.models import FieldOfAction, Participation, Project
from projects.services import update_search_vectors

from .gaps import refresh_gaps
from .models import Confirmation, DraftComment, JointDraft, Need, NeedState, NeedSupport

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


DEMO_JOINT_DRAFT = {
    "slug": "demo-gemeinsame-videosprechstunde",
    "title": "[Demo] Gemeinsame Videosprechstunde für Gesundheitsämter",
    "need": "demo-videosprechstunde-im-gesundheitsamt",
    "lead": "landkreis-teltow-flaeming",
    "accepted": ["landkreis-havelland"],
    "invited": ["landkreis-potsdam-mittelmark"],
    "summary": (
        "Zwei Landkreise betreiben gemeinsam eine datenschutzkonforme Videosprechstunde für "
        "ihre Gesundheitsämter, im kommunalen Rechenzentrum."
    ),
    "description": (
        "Aus dem Bedarf des Gesundheitsamts Teltow-Fläming, den der Landkreis Havelland teilt.\n\n"
        "- gemeinsame Ausschreibung einer Browser-Lösung ohne App\n"
        "- Terminbuchung online, Betrieb im kommunalen Rechenzentrum\n"
        "- Auswertung nach einem Jahr Pilotbetrieb\n\n"
        "*Dies ist ein Demo-Entwurf für Testzwecke; er beschreibt kein reales Vorhaben.*"
    ),
    "comments": [
        "Wir haben den Entwurf aus unserem Bedarf angelegt. Passt die Kostenschätzung für Sie?",
        "Die Schätzung passt; unser Kreistag berät im nächsten Quartal über die Beteiligung.",
    ],
}


@transaction.atomic
def _demo_joint_draft() -> int:
    """One co-initiated draft of the demo need: one partner accepted, one still invited."""
    facts = DEMO_JOINT_DRAFT
    partners = {p.slug: p for p in Partner.objects.all()}
    lead = partners.get(facts["lead"])
    need = Need.objects.filter(slug=facts["need"]).first()
    if lead is None or need is None or Project.objects.filter(slug=facts["slug"]).exists():
        return 0
    project = Project.objects.create(
        slug=facts["slug"],
        title=facts["title"],
        summary=facts["summary"],
        description=facts["description"],
        description_html=render_markdown(facts["description"]),
        kind=Project.Kind.JOINT,
        status=Project.Status.IDEA,
        lead_partner=lead,
        cost_min=40_000,
        cost_max=65_000,
        is_demo=True,
    )
    project.fields_of_action.set(need.fields_of_action.all())
    Participation.objects.create(project=project, partner=lead, role=Participation.Role.LEAD)
    for slug in facts["accepted"]:
        if slug in partners:
            Participation.objects.create(project=project, partner=partners[slug])
    for slug in facts["invited"]:
        if slug in partners:
            Participation.objects.create(
                project=project,
                partner=partners[slug],
                state=Participation.State.INVITED,
                invited_at=timezone.now(),
            )
    draft = JointDraft.objects.create(project=project, need=need, is_demo=True)
    Confirmation.objects.create(draft=draft, partner=lead, version=project.version)
    for body in facts["comments"]:
        DraftComment.objects.create(draft=draft, body=body, body_html=render_markdown(body))
    update_search_vectors(Project.objects.filter(pk=project.pk))
    return 1


def load_demo(command, **options) -> None:
    created = _demo_needs()
    command.stdout.write(f"exchange.demo: {created} demo needs created")
    drafts = _demo_joint_draft()
    command.stdout.write(f"exchange.demo: {drafts} demo joint draft created")
    checked, gaps = refresh_gaps()
    command.stdout.write(f"exchange.demo: {checked} open needs checked, {gaps} without suggestion")
