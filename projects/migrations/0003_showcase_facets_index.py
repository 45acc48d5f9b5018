# The showcase's facet filters and their count read only the matching published rows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_showcase_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("publication_state", "published")),
                fields=["status", "kind", "transfer_direction"],
                name="project_pub_facets_idx",
            ),
        ),
    ]
