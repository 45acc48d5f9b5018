"""The search index of the embedded SQLite database (`make run`).

PostgreSQL stems German itself (`insights.search.postgres`); SQLite has no
German stemmer, so this module keeps an FTS5 table whose columns hold the
Snowball stems of each searchable object's text (`insights.search.text`, the
algorithm of PostgreSQL's `german` configuration): "Verwaltungen" and
"Verwaltung" are both stored and searched as "verwalt". Typos are corrected
against the index's own vocabulary (an `fts5vocab` table) with rapidfuzz.

The table says nothing about who may see what: a search asks it for the ids
that match and then reads the objects through each source's visibility
queryset, as PostgreSQL does. It is kept up to date by the model signals
connected in `InsightsConfig.ready()` (writes that bypass signals, such as
`bulk_create`, are picked up by `manage.py rebuild_search_index`, which the
demo data runs) and does not exist on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

from .sources import SOURCES, Source
from .text import stem, stems

TABLE = "insights_search_fts"
VOCAB = "insights_search_vocab"
# Each row's rowid is object id × ROWID_FACTOR + the source's code, so one
# object's row is found (and replaced) by its key.
ROWID_FACTOR = 64
# Typo correction: words at least this long, candidates at least this similar (0–100),
# and at most this many vocabulary terms read per search.
TYPO_MIN_LENGTH = 4
TYPO_MIN_SCORE = 80
TYPO_CANDIDATES = 5000

CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "source UNINDEXED, object_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({TABLE}, 'row')",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {VOCAB}", f"DROP TABLE IF EXISTS {TABLE}"]


def in_use(using=None) -> bool:
    return (using or connection).vendor == "sqlite"


def _row(source: Source, obj: Model) -> tuple[int, str, int, str, str]:
    title = " ".join(stems(source.title_of(obj)))
    body = " ".join(" ".join(stems(str(getattr(obj, name) or ""))) for name in source.fields[1:])
    return (obj.pk * ROWID_FACTOR + source.code, source.key, obj.pk, title, body)


INSERT = (
    "INSERT INTO insights_search_fts (rowid, source, object_id, title, body) "
    "VALUES (%s, %s, %s, %s, %s)"
)


def index_object(source: Source, obj: Model, using=None) -> None:
    """Store (or replace) the stems of one object."""
    with (using or connection).cursor() as cursor:
        cursor.execute(
            "DELETE FROM insights_search_fts WHERE rowid = %s",
            [obj.pk * ROWID_FACTOR + source.code],
        )
        cursor.execute(INSERT, _row(source, obj))


def remove_object(source: Source, pk: int, using=None) -> None:
    with (using or connection).cursor() as cursor:
        cursor.execute(
            "DELETE FROM insights_search_fts WHERE rowid = %s", [pk * ROWID_FACTOR + source.code]
        )


def rebuild(sources: Iterable[Source] = SOURCES, using=None) -> int:
    """Index every object of the sources anew; returns how many rows were written."""
    db = using or connection
    written = 0
    with db.cursor() as cursor:
        for source in sources:
            cursor.execute("DELETE FROM insights_search_fts WHERE source = %s", [source.key])
            objects = source.model._base_manager.using(db.alias).only(*source.fields)
            batch = []
            for obj in objects.iterator(chunk_size=1000):
                batch.append(_row(source, obj))
                if len(batch) == 1000:
                    cursor.executemany(INSERT, batch)
                    written += len(batch)
                    batch = []
            cursor.executemany(INSERT, batch)
            written += len(batch)
    return written


def corrections(words: list[str], using=None) -> dict[str, list[str]]:
    """Stems of the index that a word's stem is probably a typo of: {stem: [terms]}.

    One query reads the vocabulary terms that begin like the words (a typo
    seldom hits the first two letters); a stem that begins a term is no typo.
    """
    from rapidfuzz import fuzz, process

    wanted = {stem(word) for word in words if len(word) >= TYPO_MIN_LENGTH}
    if not wanted:
        return {}
    prefixes = sorted({word_stem[:2] for word_stem in wanted})
    condition = " OR ".join(["(term >= %s AND term < %s)"] * len(prefixes))
    params: list[object] = []
    for prefix in prefixes:
        params += [prefix, prefix + "\U0010ffff"]
    with (using or connection).cursor() as cursor:
        # Only placeholders are joined into the condition; every value is a parameter.
        sql = "SELECT term FROM insights_search_vocab WHERE " + condition + " LIMIT %s"  # noqa: S608  # nosec B608
        cursor.execute(sql, [*params, TYPO_CANDIDATES])
        terms = [row[0] for row in cursor.fetchall()]
    found: dict[str, list[str]] = {}
    for word_stem in wanted:
        if any(term.startswith(word_stem) for term in terms):
            continue
        matches = process.extract(
            word_stem, terms, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SCORE, limit=2
        )
        if matches:
            found[word_stem] = [match[0] for match in matches]
    return found


def match_expression(words: list[str], typos: dict[str, list[str]]) -> str:
    """An FTS5 query: every word, by its stem as a prefix or one of its corrections."""
    terms = []
    for word in words:
        word_stem = stem(word)
        alternatives = [word_stem, *typos.get(word_stem, [])]
        quoted = " OR ".join('"{}"*'.format(term.replace('"', '""')) for term in alternatives)
        terms.append(f"({quoted})")
    return " AND ".join(terms)


def matching_ids_sql(source: Source, expression: str) -> tuple[str, list[object]]:
    """SQL (with its parameters) of the ids of the source's objects that match."""
    return (
        "SELECT object_id FROM insights_search_fts "
        "WHERE insights_search_fts MATCH %s AND source = %s",
        [expression, source.key],
    )
