"""The benchmark's data set, built in a throwaway database (`make bench`).

Real data first (load_real_data), then generated volume: projects through the
projects app's own generator (seed_demo --projects), partners, staff accounts,
events and council deliberations with bulk inserts. Everything generated is
marked as demo content ("[Demo]" names, `is_demo` where the model has it).
Parts whose app is not installed are reported as skipped, never faked.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from core.text import german_slugify
from partners.models import Membership, Partner, User
from partners.rules import ensure_project_office_group
from projects.models import Project

BENCH_PASSWORD = "bench-only-password-42"  # noqa: S105 – throwaway benchmark database  # nosec B105
EDITOR_EMAIL = "bench.editor@example.org"
OFFICE_EMAIL = "bench.office@example.org"
KINDS = [Partner.Kind.MUNICIPALITY, Partner.Kind.TOWN, Partner.Kind.COMPANY, Partner.Kind.SCIENCE]


def model_or_none(label: str):
    """The model when its app is installed and defines it, else None."""
    app_label, name = label.split(".")
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


class _ProgressOnly:
    """A stdout for seed_demo that passes on only the project generator's progress,
    every tenth of the way, with the rate and the time still to go."""

    def __init__(self, out):
        self.out = out
        self.started = time.monotonic()
        self.shown = 0

    def write(self, text: str) -> None:
        if not text.startswith("  projects:"):
            return
        done, _slash, total = text.split(":", 1)[1].strip().partition("/")
        if not (done.isdigit() and total.isdigit()):
            return
        done_n, total_n = int(done), int(total)
        if done_n < total_n and done_n - self.shown < max(1_000, total_n // 10):
            return
        self.shown = done_n
        elapsed = time.monotonic() - self.started
        rate = done_n / elapsed if elapsed else 0
        left = (total_n - done_n) / rate if rate else 0
        self.out.write(
            f"  projects: {done_n:,}/{total_n:,} "
            f"({rate:,.0f}/s, {elapsed:.0f} s, ~{left:.0f} s to go)"
        )

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def published_projects() -> int:
    return Project.objects.published().count()


def grow_projects(out, target: int) -> int:
    """Generate published projects until `target` exist (the projects app's generator)."""
    missing = target - published_projects()
    if missing > 0:
        # seed_demo runs every app's demo loader; only the projects' progress is shown.
        call_command(
            "seed_demo", projects=missing, allow_without_debug=True, stdout=_ProgressOnly(out)
        )
    return published_projects()


def grow_partners(out, target: int) -> int:
    missing = target - Partner.objects.count()
    # Numbered on from the generated partners already there (a second profile grows them).
    first = Partner.objects.filter(name__startswith="[Demo] Partner ").count()
    rng = random.Random(7 + first)  # noqa: S311 – demo data  # nosec B311
    rows = []
    for number in range(first, first + max(missing, 0)):
        name = f"[Demo] Partner {number + 1:04d}"
        rows.append(
            Partner(
                name=name,
                short_name=f"Partner {number + 1:04d}",
                slug=german_slugify(name),
                kind=rng.choice(KINDS),
                federal_state=rng.choice(Partner.FederalState.values),
                description="Ein erzeugter Partner für den Benchmark (Demo-Inhalt).",
                city="Potsdam",
            )
        )
    Partner.objects.bulk_create(rows, batch_size=500)
    out.write(f"  partners: {Partner.objects.count()}")
    return Partner.objects.count()


def grow_staff(out, target: int) -> int:
    """Staff accounts with a membership each, spread over the partners."""
    existing = User.objects.filter(email__startswith="bench.staff.").count()
    password = make_password(BENCH_PASSWORD)
    partners = list(Partner.objects.values_list("pk", flat=True))
    rng = random.Random(11)  # noqa: S311 – demo data  # nosec B311
    users = [
        User(
            email=f"bench.staff.{number:04d}@example.org",
            first_name="Demo",
            last_name=f"Mitarbeiterin {number:04d}",
            password=password,
        )
        for number in range(existing, target)
    ]
    with transaction.atomic():
        created = User.objects.bulk_create(users, batch_size=500)
        Membership.objects.bulk_create(
            [
                Membership(
                    user=user,
                    partner_id=rng.choice(partners),
                    role=rng.choice(Membership.Role.values),
                )
                for user in created
            ],
            batch_size=500,
        )
    count = User.objects.filter(email__startswith="bench.staff.").count()
    out.write(f"  staff accounts: {count}")
    return count


def grow_events(out, target: int) -> str:
    Event = model_or_none("community.Event")
    if Event is None:
        return "skipped: model missing"
    first = Event.objects.filter(is_demo=True).count()
    missing = target - first
    rng = random.Random(13 + first)  # noqa: S311 – demo data  # nosec B311
    partners = list(Partner.objects.values_list("pk", flat=True))
    now = timezone.now()
    kinds = [k for k in Event.Kind.values if k != Event.Kind.GROUP_MEETING]
    rows = []
    for number in range(missing):
        start = now + timedelta(days=rng.randrange(-365, 365), hours=rng.randrange(0, 10))
        rows.append(
            Event(
                kind=rng.choice(kinds),
                title=f"[Demo] Termin {first + number + 1:05d}",
                start=start,
                end=start + timedelta(hours=rng.randrange(1, 8)),
                place_name="Rathaus",
                host_partner_id=rng.choice(partners),
                is_public=rng.random() < 0.8,
                agenda="Tagesordnung folgt.",
                is_demo=True,
            )
        )
    Event.objects.bulk_create(rows, batch_size=500)
    count = Event.objects.count()
    out.write(f"  events: {count}")
    return str(count)


def add_deliberations(out) -> str:
    Accession = model_or_none("loi.Accession")
    Deliberation = model_or_none("loi.Deliberation")
    if Accession is None or Deliberation is None:
        return "skipped: model missing"
    bodies = ["Ausschuss für Wirtschaft", "Hauptausschuss", "Kreistag"]
    rows = []
    for accession in Accession.objects.all():
        have = accession.deliberations.count()
        for order in range(have, len(bodies)):
            rows.append(
                Deliberation(
                    accession=accession,
                    body=bodies[order],
                    session_date=date(2025, 3, 1) + timedelta(days=14 * order),
                    is_public=True,
                    outcome=Deliberation.Outcome.SCHEDULED,
                    order=order,
                )
            )
    Deliberation.objects.bulk_create(rows)
    summary = (
        f"{Accession.objects.count()} accessions, {Deliberation.objects.count()} deliberations"
    )
    out.write(f"  {summary}")
    return summary


def personas() -> tuple[User, User]:
    """A partner editor and a project-office member with TOTP set up."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    editor, _created = User.objects.get_or_create(
        email=EDITOR_EMAIL, defaults={"first_name": "Demo", "last_name": "Redakteurin"}
    )
    potsdam = (
        Partner.objects.filter(slug="landeshauptstadt-potsdam").first() or Partner.objects.first()
    )
    Membership.objects.get_or_create(
        user=editor, partner=potsdam, defaults={"role": Membership.Role.EDITOR}
    )
    office, _created = User.objects.get_or_create(
        email=OFFICE_EMAIL, defaults={"first_name": "Demo", "last_name": "Projektbüro"}
    )
    if not office.is_staff:
        office.is_staff = True
        office.save(update_fields=["is_staff"])
    office.groups.add(ensure_project_office_group())
    if not Authenticator.objects.filter(user=office, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(office, "JBSWY3DPEHPK3PXP")
    return editor, office


def analyze() -> None:
    """Fresh planner statistics and visibility map, as autovacuum keeps them in production.

    Autovacuum also vacuums tables that only grow (PostgreSQL 13+), which marks
    their pages all-visible: index-only scans then skip the table. Right after
    the bulk inserts no autovacuum has run yet, so the benchmark does it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
