"""The site search and the showcase on the embedded SQLite database (`make run`).

The suite runs on PostgreSQL; a process has one default database, so the
SQLite path runs in a subprocess on a fresh SQLite file
(tests/insights/sqlite_search_scenario.py): the real migration creates the
FTS5 index, the model signals fill it, and the same `search()` the page calls
answers. The index functions are also checked here in-process against an
in-memory SQLite connection (Python's sqlite3, no Django database).
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from insights.search import sqlite as index
from insights.search.sources import PROJECTS
from projects.filters import sqlite_stemmed_match, stem_prefix
from projects.models import Project
from tests.projects.factories import PublishedProjectFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tests.insights.sqlite_settings",
    }
    finished = subprocess.run(
        [sys.executable, "-m", "tests.insights.sqlite_search_scenario"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_sqlite_finds_word_forms_by_their_stem(scenario):
    for query in ("Verwaltung", "Verwaltungen"):
        found = scenario["visitor"][query]
        assert found["projekte"] == ["Digitale Verwaltung"], query
        assert found["partner"] == ["Amt für Verwaltungen"], query


def test_sqlite_forgives_a_typo(scenario):
    assert scenario["visitor"]["Verwaltng"]["projekte"] == ["Digitale Verwaltung"]


def test_sqlite_matches_umlauts_either_way(scenario):
    assert scenario["visitor"]["Mobilitat"]["projekte"] == ["Mobilität im Fläming"]
    assert scenario["visitor"]["Flaming"]["projekte"] == ["Mobilität im Fläming"]


def test_sqlite_index_follows_edits_and_deletions(scenario):
    assert scenario["visitor"]["Alter"] == {}
    assert "Gelöschte Verwaltung" not in str(scenario)


def test_sqlite_keeps_internal_items_from_visitors(scenario):
    assert "Interne Verwaltungsreform" not in str(scenario["visitor"])
    staff = scenario["staff"]["Verwaltungen"]
    assert staff["projekte"] == ["Digitale Verwaltung", "Interne Verwaltungsreform"]
    assert staff["termine"] == ["Verwaltungswerkstatt"]


def test_sqlite_showcase_finds_word_forms(scenario):
    """Finding 16: under `make run`, "Verwaltungen" found nothing in /projekte/."""
    assert scenario["showcase"]["Verwaltungen"] == ["Digitale Verwaltung"]
    assert scenario["showcase"]["Verwaltung"] == ["Digitale Verwaltung"]
    assert scenario["showcase"]["Mobilitäten"] == ["Mobilität im Fläming"]


# --- The index on an in-memory SQLite connection ----------------------------


class Row:
    def __init__(self, pk, title, summary=""):
        self.pk, self.title, self.summary, self.description = pk, title, summary, ""


class Memory:
    """Just enough of a Django connection for the index functions: cursor() with %s."""

    vendor = "sqlite"

    def __init__(self):
        self.db = sqlite3.connect(":memory:")

    def cursor(self):
        db = self.db

        class Cursor:
            def __enter__(self):
                self.cursor = db.cursor()
                return self

            def __exit__(self, *exc):
                self.cursor.close()

            def execute(self, sql, params=()):
                self.cursor.execute(sql.replace("%s", "?"), params)

            def executemany(self, sql, rows):
                self.cursor.executemany(sql.replace("%s", "?"), rows)

            def fetchall(self):
                return self.cursor.fetchall()

        return Cursor()


@pytest.fixture
def memory():
    connection = Memory()
    with connection.cursor() as cursor:
        for statement in index.CREATE_SQL:
            cursor.execute(statement)
    for row in [Row(1, "Digitale Verwaltung"), Row(2, "Mobilität", "Fahrradwege im Fläming")]:
        index.index_object(PROJECTS, row, using=connection)
    return connection


def ids(connection, query):
    from insights.search.text import query_words

    words = query_words(query)
    expression = index.match_expression(words, index.corrections(words, using=connection))
    sql, params = index.matching_ids_sql(PROJECTS, expression)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Verwaltungen", [1]),
        ("verwaltung", [1]),
        ("Verwaltng", [1]),
        ("Fahrrad", [2]),
        ("Fläming Mobilität", [2]),
        ("Verwaltung Mobilität", []),
        ('"Verwaltung*', [1]),
        ("Seenot", []),
    ],
)
def test_the_index_matches_stems_prefixes_and_typos(memory, query, expected):
    assert ids(memory, query) == expected


def test_reindexing_replaces_an_objects_row(memory):
    index.index_object(PROJECTS, Row(1, "Breitband"), using=memory)
    index.remove_object(PROJECTS, 2, using=memory)

    assert ids(memory, "Verwaltung") == []
    assert ids(memory, "Breitband") == [1]
    assert ids(memory, "Fahrrad") == []


def test_the_migration_creates_the_index_the_module_describes():
    from importlib import import_module

    migration = import_module("insights.migrations.0002_site_search")

    assert migration.CREATE_SQL == index.CREATE_SQL
    assert migration.DROP_SQL == index.DROP_SQL


@pytest.mark.parametrize(
    ("word", "part"),
    [("Verwaltungen", "verwalt"), ("Förderungen", "förder"), ("Straße", "straße")],
)
def test_the_showcase_matches_a_word_by_its_stem(word, part):
    assert stem_prefix(word) == part


@pytest.mark.django_db
def test_the_showcase_stem_match_finds_other_word_forms(partner_a):
    PublishedProjectFactory(title="Digitale Verwaltung", lead_partner=partner_a)

    found = sqlite_stemmed_match(Project.objects.all(), "Verwaltungen")

    assert list(found.values_list("title", flat=True)) == ["Digitale Verwaltung"]
