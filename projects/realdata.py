"""Real data of the projects app: the ten fields of action and the Innovationsmobil.

Both loaders are idempotent: running them again creates nothing twice and never
overwrites what the project office has edited since.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.text import german_slugify, render_markdown
from partners.models import Partner
from partners.realdata import REAL_PARTNERS

from .models import FieldOfAction, Participation, Project, PublicationState
from .services import update_search_vectors

FIELDS_OF_ACTION = [
    (
        "Verwaltung & Bürgerservice",
        "Administration & citizen services",
        "Digitale Verwaltungsleistungen, Onlinezugang und Service für Bürgerinnen, Bürger "
        "und Unternehmen.",
        "Digital public services, online access and service for citizens and businesses.",
    ),
    (
        "Mobilität",
        "Mobility",
        "Vernetzte und bedarfsgerechte Mobilität zwischen Stadt und Land.",
        "Connected, demand-responsive mobility between town and countryside.",
    ),
    (
        "Bildung",
        "Education",
        "Digitale Bildung in Schule, Weiterbildung und lebenslangem Lernen.",
        "Digital education in schools, further training and lifelong learning.",
    ),
    (
        "Gesundheit & Pflege",
        "Health & care",
        "Telemedizin, digitale Pflege und Gesundheitsversorgung im ländlichen Raum.",
        "Telemedicine, digital care and health services in rural areas.",
    ),
    (
        "Energie, Klima & Umwelt",
        "Energy, climate & environment",
        "Klimaschutz, Energiewende und Umweltdaten mit digitalen Werkzeugen.",
        "Climate protection, the energy transition and environmental data with digital tools.",
    ),
    (
        "Wirtschaft & Tourismus",
        "Economy & tourism",
        "Digitale Angebote für lokale Wirtschaft, Handel und Tourismus.",
        "Digital offers for local business, retail and tourism.",
    ),
    (
        "Stadt- & Regionalentwicklung",
        "Urban & regional development",
        "Planung, Beteiligung und digitale Zwillinge für Städte und Regionen.",
        "Planning, participation and digital twins for towns and regions.",
    ),
    (
        "Gesellschaft & Teilhabe",
        "Society & participation",
        "Digitale Teilhabe, Ehrenamt und Zusammenhalt vor Ort.",
        "Digital inclusion, volunteering and community life.",
    ),
    (
        "Daten & Infrastruktur",
        "Data & infrastructure",
        "Offene Daten, Datenplattformen, Breitband und digitale Infrastruktur.",
        "Open data, data platforms, broadband and digital infrastructure.",
    ),
    (
        "Sicherheit & Bevölkerungsschutz",
        "Safety & civil protection",
        "Katastrophenschutz, Warnung der Bevölkerung und IT-Sicherheit.",
        "Disaster management, public warning and IT security.",
    ),
]


@transaction.atomic
def load_fields_of_action() -> tuple[int, int]:
    """Create the ten fields of action of BRIEF §3. Returns (created, existing)."""
    created = 0
    for position, (name, name_en, description, description_en) in enumerate(FIELDS_OF_ACTION):
        _field, was_created = FieldOfAction.objects.get_or_create(
            slug=german_slugify(name),
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "description_en": description_en,
                "position": position,
            },
        )
        created += was_created
    return created, len(FIELDS_OF_ACTION) - created


INNOVATIONSMOBIL_SLUG = "innovationsmobil"
INNOVATIONSMOBIL = {
    "title": "Innovationsmobil",
    "summary": (
        "Ein gemeinsam entwickeltes Fahrzeug bringt die digitale Transformation zu den "
        "Menschen in der Hauptstadtregion – sichtbar, anfassbar und zum Mitmachen."
    ),
    "description": """\
Das Innovationsmobil ist das Kernprojekt des Regio.hubs. Die Partner entwickeln es
gemeinsam: ein mobiles Schaufenster, das zu Marktplätzen, Schulen, Rathäusern und
Festen in Berlin und Brandenburg fährt.

## Worum es geht

- **Sichtbar machen:** Die Themen der digitalen Transformation, an denen die Partner
  zusammenarbeiten, werden vor Ort gezeigt und erklärt.
- **Erlebbar machen:** Besucherinnen und Besucher probieren digitale Lösungen selbst aus,
  statt nur davon zu lesen.
- **Verbinden:** Das Mobil ist Treffpunkt für Verwaltung, Wirtschaft, Wissenschaft und
  Bürgerschaft entlang des smarten Innovationskorridors von Berlin über Potsdam in die
  Planungsregion Havelland-Fläming.

## Warum gemeinsam

Kein Partner müsste ein solches Fahrzeug allein bauen und betreiben. Im Regio.hub teilen
sich die Städte, Landkreise, Gemeinden und Landesgesellschaften Idee, Aufwand und Nutzen –
und lernen dabei voneinander, in beide Richtungen: von der Stadt aufs Land und vom Land
in die Stadt.
""",
    "kind": Project.Kind.JOINT,
    "status": Project.Status.PLANNING,
    "transfer_direction": Project.TransferDirection.BOTH,
    "is_flagship": True,
    "funding_programme": "Modellprojekte Smart Cities (KfW, BMWSB)",
}


@transaction.atomic
def load_innovationsmobil() -> str:
    """The flagship joint project: lead Potsdam, every real partner taking part."""
    lead = Partner.objects.filter(slug="landeshauptstadt-potsdam").first()
    if lead is None:
        return "skipped (load partners first)"
    project = Project.objects.filter(slug=INNOVATIONSMOBIL_SLUG).first()
    created = project is None
    if created:
        project = Project(
            slug=INNOVATIONSMOBIL_SLUG,
            lead_partner=lead,
            publication_state=PublicationState.PUBLISHED,
            **INNOVATIONSMOBIL,
        )
        project.description_html = render_markdown(project.description)
        project.published_at = timezone.now()
        project.full_clean(exclude=["fields_of_action", "partners"])
        project.save()
        project.fields_of_action.set(
            FieldOfAction.objects.filter(
                slug__in=["stadt-regionalentwicklung", "gesellschaft-teilhabe", "bildung"]
            )
        )
    added = 0
    taking_part = set(project.participations.values_list("partner_id", flat=True))
    for partner in Partner.objects.filter(_real_partners()).exclude(pk__in=taking_part):
        role = Participation.Role.LEAD if partner.pk == lead.pk else Participation.Role.PARTNER
        Participation.objects.create(project=project, partner=partner, role=role)
        added += 1
    update_search_vectors(Project.objects.filter(pk=project.pk))
    return f"{'created' if created else 'exists'}, {added} participations added"


def _real_partners() -> Q:
    """The partners of the council document (partners/seed.py), not test or demo ones."""
    return Q(name__in=[facts["name"] for facts in REAL_PARTNERS])


LOADERS = [load_fields_of_action, load_innovationsmobil]
