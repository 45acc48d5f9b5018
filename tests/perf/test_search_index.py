"""The showcase's queries can be served by indexes: GIN for the full text, B-tree for the order.

Whether PostgreSQL picks it for a given query depends on the data; `make bench`
prints the plan of the showcase's search at 10,000 projects.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from projects.filters import full_text
from projects.models import Project, PublicationState
from projects.services import update_search_vectors
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_full_text_query_uses_the_gin_index():
    lead = PartnerFactory()
    Project.objects.bulk_create(
        Project(
            title=f"Telemedizin im Dorf {n}" if n % 100 == 0 else f"Radweg {n}",
            slug=f"p-{n}",
            summary="Kurz.",
            lead_partner=lead,
            publication_state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(400)
    )
    update_search_vectors(Project.objects.all())
    searched = full_text(Project.objects.all(), "Telemedizin")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
        # A small table is read sequentially whatever the indexes; forbid that
        # to see that the search condition is written so the index can serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = searched.explain()
    assert "project_search_gin" in plan, plan


def test_the_search_index_has_no_pending_list():
    """New vectors go straight into the index: no unsorted list that searches must scan."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'project_search_gin'")
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in options


def test_a_showcase_page_is_read_in_index_order_without_sorting():
    lead = PartnerFactory()
    now = timezone.now()
    Project.objects.bulk_create(
        Project(
            title=f"Projekt {n}",
            slug=f"p-{n}",
            summary="Kurz.",
            lead_partner=lead,
            publication_state=PublicationState.PUBLISHED,
            published_at=now - timedelta(hours=n % 50),
        )
        for n in range(2000)
    )
    page = Project.objects.published().order_by("-published_at", "-pk")[100:120]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
        # As in the full-text test: a small table would be read whole; ask
        # which index can deliver the rows in the page's order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = page.explain()
    assert "project_pub_newest_idx" in plan, plan
    assert "Sort" not in plan, plan


def test_the_facet_filters_are_served_by_the_partial_index():
    lead = PartnerFactory()
    statuses = list(Project.Status.values)
    Project.objects.bulk_create(
        Project(
            title=f"Projekt {n}",
            slug=f"p-{n}",
            summary="Kurz.",
            lead_partner=lead,
            status=statuses[n % len(statuses)],
            kind=Project.Kind.JOINT if n % 2 else Project.Kind.EXISTING,
            publication_state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(700)
    )
    filtered = Project.objects.published().filter(
        status=Project.Status.IMPLEMENTATION, kind=Project.Kind.EXISTING
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = filtered.only("pk").explain()
    assert "project_pub_facets_idx" in plan, plan
