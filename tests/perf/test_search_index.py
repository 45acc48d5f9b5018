"""The showcase's full-text condition can be served by the GIN index on the search vector.

Whether PostgreSQL picks it for a given query depends on the data; `make bench`
prints the plan of the showcase's search at 10,000 projects.
"""

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
