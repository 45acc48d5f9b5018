"""The longest event's duration in one index step, on PostgreSQL.

`EventQuerySet.not_over()` bounds the next events by their start: an event
that ends after a moment started at most the longest duration before it. The
longest duration is read from this index (the last entry) instead of from
every event. The expression is the one `community.models.events.DURATION`
builds. SQLite (`make run`) reads the few events it holds instead: its
expression would need a function of Django's that other SQLite clients lack.
"""

from django.db import migrations

CREATE_SQL = (
    'CREATE INDEX IF NOT EXISTS event_duration_idx ON community_event (("end" - "start"))'
)
DROP_SQL = "DROP INDEX IF EXISTS event_duration_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("community", "0008_event_start_index_covers_visibility")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
