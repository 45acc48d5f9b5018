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


# PostgreSQL: a trigram index on the projects' titles, so a typo search among
# thousands of projects is an index scan (insights.search.engine.WordSimilar).
# Only the projects grow to thousands; the other kinds are read in full.
TRIGRAM_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS insights_search_project_title_trgm "
    "ON projects_project USING gin (title gin_trgm_ops)"
)
DROP_TRIGRAM_INDEX_SQL = "DROP INDEX IF EXISTS insights_search_project_title_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAM_INDEX_SQL)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGRAM_INDEX_SQL)


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
    dependencies = [("insights", "0001_initial"), ("projects", "__first__")]

    operations = [
        # A no-op on other databases (CreateExtension checks the vendor).
        TrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
        migrations.RunPython(create_sqlite_index, drop_sqlite_index, elidable=False),
    ]
