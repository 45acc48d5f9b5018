"""The site search on PostgreSQL: the events' text and titles found by index.

Events are the one kind besides projects that grows to thousands (10,000 at
network scale) and keep no stored vector: without an index, every search
computed the German vector and the trigram similarity of every event. The
expression is the one insights.search.engine builds for the events' source
(`SearchVector("title", "place_name", "agenda", config="german")`), so the
planner uses the index for it.
"""

from django.db import migrations

CREATE_SQL = [
    "CREATE INDEX IF NOT EXISTS insights_search_event_vector ON community_event USING gin ("
    "to_tsvector('german'::regconfig, COALESCE(title, '') || ' ' || COALESCE(place_name, '') "
    "|| ' ' || COALESCE(agenda, '')))",
    "CREATE INDEX IF NOT EXISTS insights_search_event_title_trgm "
    "ON community_event USING gin (title gin_trgm_ops)",
]
DROP_SQL = [
    "DROP INDEX IF EXISTS insights_search_event_vector",
    "DROP INDEX IF EXISTS insights_search_event_title_trgm",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE_SQL:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_site_search"), ("community", "__first__")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
