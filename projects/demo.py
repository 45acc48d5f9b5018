"""Demo projects for `make run` and generated volume for benchmarks.

Everything created here is marked twice: `is_demo=True` and a "[Demo]" title
prefix, so nobody mistakes it for a real project of the hub.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from core.pagecache import bump_generation
from core.permissions import vouch_for_mfa
from core.text import render_markdown
from partners.models import Membership, Partner, User
from partners.rules import ensure_project_office_group, forget_cached_roles

from . import services
from .models import FieldOfAction, Participation, Project, PublicationState, TransferInterest
from .services import update_search_vectors

Direction = Project.TransferDirection

# The note every demo project's description ends with (the matching leaves it out:
# exchange/matching/text.py).
DEMO_NOTE = "Dies ist ein Demo-Projekt für Testzwecke; es beschreibt kein reales Vorhaben."

DEMO_PROJECTS = [
    {
        "slug": "demo-digitale-buergersprechstunde",
        "title": "[Demo] Digitale Bürgersprechstunde",
        "summary": "Videosprechstunden der Verwaltung für Menschen in abgelegenen Ortsteilen.",
        "lead": "landkreis-teltow-flaeming",
        "fields": ["verwaltung-buergerservice"],
        "direction": Direction.RURAL_TO_URBAN,
        "status": Project.Status.OPERATION,
    },
    {
        "slug": "demo-rufbus-app",
        "title": "[Demo] Rufbus-App für den ländlichen Raum",
        "summary": "Ein Rufbus, der per App bestellt wird und Dörfer mit dem Bahnhof verbindet.",
        "lead": "landkreis-havelland",
        "fields": ["mobilitaet"],
        "direction": Direction.URBAN_TO_RURAL,
        "status": Project.Status.IMPLEMENTATION,
    },
    {
        "slug": "demo-offene-daten-plattform",
        "title": "[Demo] Offene-Daten-Plattform Potsdam",
        "summary": "Verwaltungsdaten der Stadt als offene Daten für Wirtschaft und Wissenschaft.",
        "lead": "landeshauptstadt-potsdam",
        "fields": ["daten-infrastruktur", "verwaltung-buergerservice"],
        "direction": Direction.URBAN_TO_RURAL,
        "status": Project.Status.OPERATION,
    },
    {
        "slug": "demo-telepflege-netzwerk",
        "title": "[Demo] Telepflege-Netzwerk",
        "summary": "Pflegedienste und Hausarztpraxen tauschen sich digital über Patienten aus.",
        "lead": "stadt-bad-belzig",
        "fields": ["gesundheit-pflege"],
        "direction": Direction.RURAL_TO_URBAN,
        "status": Project.Status.PLANNING,
    },
    {
        "slug": "demo-smarte-strassenbeleuchtung",
        "title": "[Demo] Smarte Straßenbeleuchtung",
        "summary": "Sensorgesteuerte Leuchten sparen Energie in Wohngebieten und Gewerbeparks.",
        "lead": "stadt-ludwigsfelde",
        "fields": ["energie-klima-umwelt"],
        "direction": Direction.BOTH,
        "status": Project.Status.COMPLETED,
    },
    {
        "slug": "demo-digitales-klassenzimmer",
        "title": "[Demo] Digitales Klassenzimmer auf Rädern",
        "summary": "Lernangebote zu Robotik und Programmieren für Schulen ohne eigene Ausstattung.",
        "lead": "gemeinde-wiesenburg-mark",
        "fields": ["bildung", "gesellschaft-teilhabe"],
        "direction": Direction.NONE,
        "status": Project.Status.IDEA,
    },
]


@transaction.atomic
def _demo_projects(command) -> int:
    partners = {p.slug: p for p in Partner.objects.all()}
    fields = {f.slug: f for f in FieldOfAction.objects.all()}
    created = 0
    for facts in DEMO_PROJECTS:
        lead = partners.get(facts["lead"])
        if lead is None or Project.objects.filter(slug=facts["slug"]).exists():
            continue
        description = f"{facts['summary']}\n\n*{DEMO_NOTE}*"
        project = Project.objects.create(
            slug=facts["slug"],
            title=facts["title"],
            summary=facts["summary"],
            description=description,
            description_html=render_markdown(description),
            kind=Project.Kind.EXISTING,
            status=facts["status"],
            lead_partner=lead,
            transfer_direction=facts["direction"],
            start_date=date(2024, 3, 1),
            publication_state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
            is_demo=True,
        )
        project.fields_of_action.set([fields[s] for s in facts["fields"] if s in fields])
        Participation.objects.create(project=project, partner=lead, role=Participation.Role.LEAD)
        created += 1
    update_search_vectors(Project.objects.filter(is_demo=True, slug__startswith="demo-"))
    return created


TOPICS = [
    ("Digitale Antragsstrecke", "Anträge der Verwaltung vollständig online stellen"),
    ("Smarte Parkraumlenkung", "freie Parkplätze in Echtzeit anzeigen"),
    ("Lernplattform", "Unterricht und Weiterbildung digital begleiten"),
    ("Telemedizin-Station", "ärztliche Beratung per Video in Dorfgemeinschaftshäuser bringen"),
    ("Energiemonitoring", "den Verbrauch öffentlicher Gebäude messen und senken"),
    ("Regionaler Onlinemarkt", "Händlerinnen und Händlern aus der Region eine Plattform geben"),
    ("Digitaler Zwilling", "Planungen der Stadtentwicklung dreidimensional sichtbar machen"),
    ("Ehrenamtsbörse", "Engagierte und Vereine digital zusammenbringen"),
    ("Breitband-Atlas", "Versorgungslücken im Netz offen und aktuell darstellen"),
    ("Warn-App", "die Bevölkerung bei Unwettern und Gefahren schneller warnen"),
    ("Mitfahrbank 2.0", "spontane Fahrgemeinschaften zwischen Dörfern vermitteln"),
    ("Bürgerbeteiligung online", "Einwohnerinnen und Einwohner an Planungen beteiligen"),
]
PLACES = [
    "im Havelland",
    "in Teltow-Fläming",
    "in Potsdam-Mittelmark",
    "in Potsdam",
    "an der Havel",
    "im Fläming",
    "in Luckenwalde",
    "in Bad Belzig",
    "in Ludwigsfelde",
    "in der Hauptstadtregion",
]
WITH = [
    "mit Schulen vor Ort",
    "gemeinsam mit Unternehmen",
    "mit der Wissenschaft",
    "mit Vereinen und Ehrenamt",
    "mit den Verwaltungen der Nachbarkommunen",
]


def _generated(command, count: int, seed: int = 4) -> int:
    """Create `count` published demo projects quickly (bulk_create in batches)."""
    # Demo text, not security: a seeded generator keeps runs reproducible.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    partners = list(Partner.objects.active().values_list("pk", flat=True))
    fields = list(FieldOfAction.objects.values_list("pk", flat=True))
    if not partners or not fields:
        command.stdout.write("Load the real data first (partners, fields of action).")
        return 0
    start = Project.objects.filter(slug__startswith="demo-gen-").count()
    now = timezone.now()
    through = Project.fields_of_action.through
    kinds, statuses, directions = Project.Kind.values, Project.Status.values, Direction.values
    roles = ["partner", "pilot_site", "supporter"]
    # The descriptions come from a few hundred combinations: render each once.
    rendered: dict[str, str] = {}
    # Table names from our own model metadata, values as parameters.
    participation_sql = (
        f"INSERT INTO {Participation._meta.db_table} (project_id, partner_id, role, state) "  # noqa: S608  # nosec B608
        "VALUES (%s, %s, %s, 'accepted')"
    )
    field_sql = (
        f"INSERT INTO {through._meta.db_table} "  # noqa: S608  # nosec B608
        "(project_id, fieldofaction_id) VALUES (%s, %s)"
    )
    batch = 1000
    done = 0
    while done < count:
        size = min(batch, count - done)
        projects = []
        for offset in range(size):
            number = start + done + offset + 1
            topic, aim = rng.choice(TOPICS)
            place = rng.choice(PLACES)
            title = f"[Demo] {topic} {place} #{number}"
            summary = f"Das Projekt will {aim} – {rng.choice(WITH)}."
            description = (
                f"## Ziel\n\nWir wollen {aim}. Das Vorhaben startet {place} und "
                f"soll später von weiteren Kommunen nachgenutzt werden.\n\n"
                f"## Vorgehen\n\n- Bedarf erheben {rng.choice(WITH)}\n"
                f"- Pilot umsetzen und auswerten\n- Ergebnisse im Regio.hub teilen\n"
            )
            if description not in rendered:
                rendered[description] = render_markdown(description)
            began = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 1800))
            projects.append(
                Project(
                    slug=f"demo-gen-{number}",
                    title=title,
                    summary=summary,
                    description=description,
                    description_html=rendered[description],
                    kind=rng.choice(kinds),
                    status=rng.choice(statuses),
                    lead_partner_id=rng.choice(partners),
                    transfer_direction=rng.choice(directions),
                    start_date=began,
                    end_date=began + timedelta(days=rng.randrange(180, 1500)),
                    funding_amount=Decimal(rng.randrange(0, 2_000_000, 500)),
                    publication_state=PublicationState.PUBLISHED,
                    published_at=now - timedelta(minutes=number),
                    created_at=now,
                    is_demo=True,
                )
            )
        with transaction.atomic():
            created = Project.objects.bulk_create(projects)
            participations, field_rows = [], []
            for project in created:
                lead = project.lead_partner_id
                participations.append((project.pk, lead, Participation.Role.LEAD.value))
                for pk in rng.sample(partners, k=min(len(partners), rng.randrange(0, 3))):
                    if pk != lead:
                        participations.append((project.pk, pk, rng.choice(roles)))
                field_rows.extend(
                    (project.pk, pk) for pk in rng.sample(fields, k=rng.randrange(1, 3))
                )
            # Plain multi-row inserts: thousands of model instances would cost
            # more than the database work (these tables have no save() logic).
            with connection.cursor() as cursor:
                cursor.executemany(participation_sql, participations)
                cursor.executemany(field_sql, field_rows)
            update_search_vectors(Project.objects.filter(pk__in=[p.pk for p in created]))
        done += size
        command.stdout.write(f"  projects: {done}/{count}")
    # bulk_create and update() bypass the model signals the page cache listens to.
    bump_generation()
    return done


# --- Adopted demo projects (Nachnutzung) ----------------------------------------
#
# Made through the real transfer flow, so the map's transfer lines and the
# project pages' "adopted from / adopted by" have something to show after
# `make run`: a demo person of the adopting partner signals interest, the
# project office marks it adopted (which creates the adopter's draft linked by
# `adopted_from`), the adopter completes and submits the draft, the office
# publishes it. The people acting are demo accounts that cannot log in.

DEMO_OFFICE_EMAIL = "demo.projektbuero@demo.regiohub.local"
DEMO_ADOPTIONS = [
    {  # urban → rural: the state capital's open data platform goes to a rural municipality
        "origin": "demo-offene-daten-plattform",
        "adopter": "gemeinde-wiesenburg-mark",
        "title": "[Demo] Offene Daten für Wiesenburg/Mark",
        "summary": "Die Gemeinde veröffentlicht ihre Verwaltungsdaten nach dem Vorbild Potsdams.",
        "message": "[Demo] Wir möchten die Plattform für unsere Gemeinde nachnutzen.",
    },
    {  # rural → urban: the district's video consultation goes to a city
        "origin": "demo-digitale-buergersprechstunde",
        "adopter": "stadt-brandenburg-an-der-havel",
        "title": "[Demo] Digitale Bürgersprechstunde in Brandenburg an der Havel",
        "summary": "Die Stadt übernimmt die Videosprechstunde des Landkreises Teltow-Fläming.",
        "message": "[Demo] Die Sprechstunde passt auch zu unseren Stadtteilen.",
    },
]


def _demo_account(email: str, last_name: str) -> User:
    """A demo person who acts in the flow but cannot log in (no usable password)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name="Demo", last_name=last_name, function="Demo-Konto")
        user.set_unusable_password()
        user.save()
    return user


def _demo_office() -> User:
    """The demo office acts in the seeding command (an operator's command, no web
    session), so its office rights hold without MFA (core.mfa.vouch_for_mfa)."""
    user = _demo_account(DEMO_OFFICE_EMAIL, "Projektbüro")
    user.groups.add(ensure_project_office_group())
    return vouch_for_mfa(user)


def _demo_editor(partner: Partner) -> User:
    user = _demo_account(f"demo.nachnutzung.{partner.slug}@demo.regiohub.local", "Nachnutzung")
    Membership.objects.get_or_create(
        user=user, partner=partner, defaults={"role": Membership.Role.EDITOR}
    )
    forget_cached_roles(user)
    return user


def _adopt(facts: dict, office: User) -> bool:
    """Take one demo adoption as far as it has not come yet; True when something changed."""
    origin = Project.objects.published().filter(slug=facts["origin"]).first()
    adopter = Partner.objects.filter(slug=facts["adopter"]).first()
    if origin is None or adopter is None:
        return False
    interest = TransferInterest.objects.filter(project=origin, partner=adopter).first()
    draft = interest.adopted_project if interest else None
    if draft is not None and draft.publication_state == PublicationState.PUBLISHED:
        return False  # done on an earlier run
    editor = _demo_editor(adopter)
    if interest is None:
        interest = services.signal_interest(
            project=origin, partner=adopter, acting_user=editor, message=facts["message"]
        )
    if interest.status != TransferInterest.Status.ADOPTED:
        interest = services.decide_interest(
            interest=interest,
            acting_user=office,
            status=TransferInterest.Status.ADOPTED,
            comment="[Demo] Nachnutzung vereinbart.",
        )
    draft = Project.objects.get(pk=interest.adopted_project_id)
    if draft.publication_state in (PublicationState.DRAFT, PublicationState.CHANGES_REQUESTED):
        draft.title = facts["title"]
        draft.summary = facts["summary"]
        draft.status = Project.Status.IMPLEMENTATION
        draft.start_date = date(2025, 9, 1)
        draft.is_demo = True
        draft = services.save_project(
            project=draft,
            acting_user=editor,
            fields_of_action=list(draft.fields_of_action.all()),
            participants=[],
            expected_version=draft.version,
        )
        draft = services.submit_project(project=draft, acting_user=editor)
    if draft.publication_state == PublicationState.IN_REVIEW:
        services.publish_project(project=draft, acting_user=office)
    return True


@transaction.atomic
def _demo_adoptions(command) -> int:
    office = _demo_office()
    return sum(_adopt(facts, office) for facts in DEMO_ADOPTIONS)


def load_demo(command, **options) -> None:
    created = _demo_projects(command)
    command.stdout.write(f"projects.demo: {created} demo projects created")
    adopted = _demo_adoptions(command)
    command.stdout.write(f"projects.demo: {adopted} demo adoptions completed")
    count = options.get("projects") or 0
    if count > 0:
        command.stdout.write(f"Generating {count} published demo projects …")
        _generated(command, count)
