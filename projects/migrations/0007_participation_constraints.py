from django.db import migrations, models


class Migration(migrations.Migration):
    """One accepted row and one open-or-declined row per partner; one lead, one open lead offer."""

    dependencies = [
        ("projects", "0006_mark_participations_accepted"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='participation',
            name='unique_participation',
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'accepted')), fields=('project', 'partner'), name='unique_accepted_participation'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['invited', 'declined'])), fields=('project', 'partner'), name='unique_pending_participation'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'lead'), ('state', 'accepted')), fields=('project',), name='one_lead_per_project'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'lead'), ('state', 'invited')), fields=('project',), name='one_lead_offer_per_project'),
        ),
    ]
