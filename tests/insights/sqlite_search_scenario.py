"""Run by tests/insights/test_search_sqlite.py in a subprocess, on a fresh SQLite file.

The suite's own database is PostgreSQL, and Django cannot switch a process's
default database to another engine, so the SQLite path (`make run`) is checked
in its own process: migrate (tables from the models, insights' migration for
the index, tests/insights/sqlite_settings.py), write content through the ORM
(the signals index it), then search as visitor and as staff, and print what
was found as JSON.
"""

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.insights.sqlite_settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("createcachetable", verbosity=0)
    assert connection.vendor == "sqlite"

    from community.models import Event
    from insights.search.engine import search
    from partners.models import Membership, Partner, User
    from projects.filters import full_text
    from projects.models import Project, PublicationState

    lead = Partner.objects.create(
        name="Landkreis Beispiel", slug="landkreis-beispiel", kind="landkreis"
    )
    Partner.objects.create(name="Amt für Verwaltungen", slug="amt", kind="gemeinde")
    Project.objects.create(
        title="Digitale Verwaltung",
        slug="digitale-verwaltung",
        summary="Bürgerservice online.",
        lead_partner=lead,
        publication_state=PublicationState.PUBLISHED,
    )
    Project.objects.create(
        title="Interne Verwaltungsreform", slug="intern", summary="Entwurf.", lead_partner=lead
    )
    renamed = Project.objects.create(
        title="Alter Titel",
        slug="umbenannt",
        summary="",
        lead_partner=lead,
        publication_state=PublicationState.PUBLISHED,
    )
    renamed.title = "Mobilität im Fläming"
    renamed.save()
    gone = Project.objects.create(
        title="Gelöschte Verwaltung",
        slug="weg",
        summary="",
        lead_partner=lead,
        publication_state=PublicationState.PUBLISHED,
    )
    gone.delete()
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() + timedelta(days=3)
    Event.objects.create(
        kind="workshop",
        title="Verwaltungswerkstatt",
        start=start,
        end=start + timedelta(hours=2),
        host_partner=lead,
        is_public=False,
    )
    staff = User.objects.create(email="staff@example.org")
    Membership.objects.create(user=staff, partner=lead, role=Membership.Role.MEMBER)

    def titles(query, user):
        results = search(query, user=user)
        return {
            group.source.key: sorted(hit.title for hit in group.hits) for group in results.found
        }

    showcase = Project.objects.published()
    out = {
        "visitor": {
            q: titles(q, AnonymousUser())
            for q in ["Verwaltung", "Verwaltungen", "Verwaltng", "Mobilitat", "Flaming", "Alter"]
        },
        "staff": {q: titles(q, staff) for q in ["Verwaltungen"]},
        "showcase": {
            q: sorted(full_text(showcase, q).values_list("title", flat=True))
            for q in ["Verwaltung", "Verwaltungen", "Mobilitäten"]
        },
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
