"""The site search: pg_trgm for typo matches on PostgreSQL, the stemmed FTS5 index on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Frozen copies of insights.search.sqlite.CREATE_SQL / DROP_SQL (a migration keeps its own SQL).
CREATE_SQL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS insights_search_fts USING fts5("
    "source UNINDEXED, object_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS insights_search_vocab "
    "USING fts5vocab(insights_search_fts, 'row')",
]
DROP_SQL = ["DROP TABLE IF EXISTS insights_search_vocab", "DROP TABLE IF EXISTS insights_search_fts"]


def create_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE_SQL:
        schema_editor.execute(statement)


def drop_sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        # A no-op on other databases (CreateExtension checks the vendor).
        TrigramExtension(),
        migrations.RunPython(create_sqlite_index, drop_sqlite_index, elidable=False),
    ]
