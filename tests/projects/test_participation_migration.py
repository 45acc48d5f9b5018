"""The data migration of participation by consent: today's data stays as it is.

Every participation from before counts as accepted, each project's lead takes
part as lead (and nobody else does), and each row's history starts.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partners.models import Partner
from projects.models import Participation
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("projects", "0005_participation_state")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_participations_become_accepted_with_a_consistent_lead():
    _migrate(BEFORE)
    try:
        # Projects as they were then: later migrations add columns the current
        # model (and factory) would write. Partners are current (their app was not
        # migrated back), written without signals: the apps above projects are.
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldProject = old.get_model("projects", "Project")
        OldParticipation = old.get_model("projects", "Participation")

        def partner():
            [made] = Partner.objects.bulk_create([PartnerFactory.build()])
            return made

        def project_led_by(lead, number):
            made = OldProject.objects.create(
                title=f"Projekt {number}", slug=f"projekt-migration-{number}",
                summary="Kurz.", lead_partner_id=lead.pk,
            )  # fmt: skip
            OldParticipation.objects.create(project=made, partner_id=lead.pk, role="lead")
            return made

        lead, other, third = partner(), partner(), partner()
        project = project_led_by(lead, 1)
        # Rows as they could be before (the admin allowed any role), written plainly.
        OldParticipation.objects.filter(project=project).update(state="invited")
        OldParticipation.objects.create(
            project=project, partner_id=other.pk, role="lead", state="invited"
        )
        without_lead_row = project_led_by(third, 2)
        OldParticipation.objects.filter(project=without_lead_row).delete()
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
    first = Participation.objects.get(project_id=project.pk, partner=lead)
    assert first.answered_at == project.created_at
    reason = "accepted before participation by consent"
    assert first.history.filter(history_change_reason=reason, state="accepted").count() == 1
