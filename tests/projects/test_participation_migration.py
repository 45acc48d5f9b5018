"""The data migration of participation by consent: today's data stays as it is.

Every participation from before counts as accepted, each project's lead takes
part as lead (and nobody else does), and each row's history starts.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Participation
from tests.factories import PartnerFactory

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("projects", "0005_participation_state")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_participations_become_accepted_with_a_consistent_lead():
    _migrate(BEFORE)
    try:
        lead, other, third = (PartnerFactory() for _ in range(3))
        project = ProjectFactory(lead_partner=lead)
        # Rows as they could be before (the admin allowed any role), written plainly.
        Participation.objects.filter(project=project).update(state="invited")
        Participation.objects.create(project=project, partner=other, role="lead", state="invited")
        without_lead_row = ProjectFactory(lead_partner=third)
        Participation.objects.filter(project=without_lead_row).delete()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = {
        (row.project_id, row.partner_id): (row.role, row.state)
        for row in Participation.objects.all()
    }
    assert rows == {
        (project.pk, lead.pk): ("lead", "accepted"),
        (project.pk, other.pk): ("partner", "accepted"),
        (without_lead_row.pk, third.pk): ("lead", "accepted"),
    }
    first = Participation.objects.get(project=project, partner=lead)
    assert first.answered_at == project.created_at
    reason = "accepted before participation by consent"
    assert first.history.filter(history_change_reason=reason, state="accepted").count() == 1
