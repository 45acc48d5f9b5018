# Indexes for the public showcase (/projekte/) at 10,000 projects.

from django.db import migrations, models


def search_index_without_pending_list(apps, schema_editor):
    # GIN's "fast update" collects new entries in an unsorted pending list that
    # every search scans linearly until VACUUM merges it, and the planner, not
    # knowing the list, falls back to reading the whole table. Projects are
    # written rarely and searched often: insert into the index directly.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS project_search_gin SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list('project_search_gin'::regclass) "
            "WHERE to_regclass('project_search_gin') IS NOT NULL"
        )


def search_index_with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS project_search_gin RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        # Newest first including the tie-breaker: a showcase page, also at an
        # OFFSET, is read in index order without a sort step.
        migrations.RemoveIndex(
            model_name="project",
            name="project_pub_idx",
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["publication_state", "-published_at", "-id"],
                name="project_pub_newest_idx",
            ),
        ),
        migrations.RunPython(search_index_without_pending_list, search_index_with_pending_list),
    ]
