"""Every participation from before consent counts as accepted: today's data stays as it is.

The answer is dated to the project's creation and names nobody (no one was
asked). Before the constraints of 0007 hold, each project's lead is made
consistent: the lead partner's row has the role "lead" (created when it was
missing), no other row has it. Each row gets its first history entry, so the
history of every participation starts here.
"""

from django.db import migrations
from django.utils import timezone


def mark_accepted(apps, schema_editor):
    Participation = apps.get_model("projects", "Participation")
    Project = apps.get_model("projects", "Project")
    Historical = apps.get_model("projects", "HistoricalParticipation")
    leads = dict(Project.objects.values_list("pk", "lead_partner_id"))
    created = dict(Project.objects.values_list("pk", "created_at"))
    has_lead_row = set()
    for row in Participation.objects.all().iterator():
        row.state = "accepted"
        row.answered_at = created.get(row.project_id)
        row.invited_at = created.get(row.project_id)
        if leads.get(row.project_id) == row.partner_id:
            row.role = "lead"
            has_lead_row.add(row.project_id)
        elif row.role == "lead":
            row.role = "partner"
        row.save(update_fields=["state", "answered_at", "invited_at", "role"])
    for project_id, partner_id in leads.items():
        if project_id not in has_lead_row:
            Participation.objects.create(
                project_id=project_id,
                partner_id=partner_id,
                role="lead",
                state="accepted",
                invited_at=created[project_id],
                answered_at=created[project_id],
            )
    now = timezone.now()
    Historical.objects.bulk_create(
        [
            Historical(
                id=row.pk,
                project_id=row.project_id,
                partner_id=row.partner_id,
                role=row.role,
                state=row.state,
                invited_at=row.invited_at,
                answered_at=row.answered_at,
                history_date=now,
                history_type="+",
                history_change_reason="accepted before participation by consent",
            )
            for row in Participation.objects.all().iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_participation_state"),
    ]

    operations = [
        migrations.RunPython(mark_accepted, migrations.RunPython.noop),
    ]
