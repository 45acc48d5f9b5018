"""The site search on PostgreSQL: the partners' text and names found by index.

With 1,000 partners (network scale) the German vector of every active
partner was computed on each search (10 ms of a 37 ms search). The
expression is the one insights.search.engine builds for the partners' source
(`SearchVector("name", "short_name", "city", "description", config="german")`),
so the planner uses the index for it; the trigram index answers the typo
match on the name.
"""

from django.db import migrations

CREATE_SQL = [
    "CREATE INDEX IF NOT EXISTS insights_search_partner_vector ON partners_partner USING gin ("
    "to_tsvector('german'::regconfig, COALESCE(name, '') || ' ' || COALESCE(short_name, '') "
    "|| ' ' || COALESCE(city, '') || ' ' || COALESCE(description, '')))",
    "CREATE INDEX IF NOT EXISTS insights_search_partner_name_trgm "
    "ON partners_partner USING gin (name gin_trgm_ops)",
]
DROP_SQL = [
    "DROP INDEX IF EXISTS insights_search_partner_vector",
    "DROP INDEX IF EXISTS insights_search_partner_name_trgm",
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
    dependencies = [("insights", "0003_event_search_indexes"), ("partners", "__first__")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
