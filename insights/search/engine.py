"""The site-wide search: one bounded query per source, for what the person may see.

On PostgreSQL each source is searched with German full text (`websearch_to_tsquery`
with the `german` configuration, against a project's stored vector or the
source's fields) or, for typos, by the trigram word similarity of the query to
its title (pg_trgm). On SQLite the stemmed FTS5 index (`insights.search.sqlite`)
names the matching ids. Either way the hits are read through the source's
visibility queryset, at most `limit` per source, with the total in the same
query (a window count), so a search costs one query per source whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, F, FloatField, Func, Q, QuerySet, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from . import sqlite
from .sources import SOURCES, Source
from .text import query_words

# How many hits of each kind the overview shows, and a page narrowed to one kind.
OVERVIEW_LIMIT = 5
NARROWED_LIMIT = 50


class WordSimilar(Func):
    """`query <% field`: pg_trgm's word similarity of the query to some part of the field
    is above `pg_trgm.word_similarity_threshold` (0.6 by default; "Verwaltng" against
    "Digitale Verwaltung" scores 0.7). An operator, unlike a comparison of
    word_similarity(), so a trigram index on the field answers it.
    """

    template = "(%(expressions)s)"
    arg_joiner = " <%% "
    output_field = BooleanField()


@dataclass
class Hit:
    source: Source
    title: str
    url: str
    excerpt: str


@dataclass
class Group:
    source: Source
    total: int
    hits: list[Hit] = field(default_factory=list)
    more_url: str | None = None

    @property
    def heading(self) -> str:
        return self.source.counted % {"count": self.total}


@dataclass
class Results:
    query: str
    groups: list[Group]  # every source, in the order of SOURCES

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def found(self) -> list[Group]:
        return [group for group in self.groups if group.total]


def _postgres_match(source: Source, queryset: QuerySet, query: str) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    search_query = SearchQuery(query, config="german", search_type="websearch")
    vector = (
        F(source.vector_field)
        if source.vector_field
        else SearchVector(*source.fields, config="german")
    )
    # Each way of matching is its own subquery of ids, so each uses its index (the
    # projects' GIN indexes on the vector and on the title's trigrams); one WHERE
    # with OR would scan the table and compute word_similarity() for every row.
    # Ranked by ts_rank alone (cheap for the thousands of rows a common word
    # matches); matches by typo alone rank last.
    model = source.model._default_manager
    by_text = model.annotate(search_vector_=vector).filter(search_vector_=search_query)
    by_typo = model.filter(WordSimilar(Value(query), source.fields[0]))
    return (
        queryset.filter(Q(pk__in=by_text.values("pk")) | Q(pk__in=by_typo.values("pk")))
        .annotate(
            search_rank=Coalesce(SearchRank(vector, search_query), 0.0, output_field=FloatField())
        )
        .order_by("-search_rank", "pk")
    )


def _sqlite_match(source: Source, queryset: QuerySet, expression: str) -> QuerySet:
    sql, params = sqlite.matching_ids_sql(source, expression)
    # Fixed SQL of insights.search.sqlite; the query text is a bound parameter.
    return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611  # nosec B611


def search(query: str, *, user, only: Source | None = None) -> Results:
    """Search every source for `query` as `user` may see it.

    `only` narrows the page to one kind: that kind shows up to NARROWED_LIMIT
    hits, the others still count theirs (for the filter links).
    """
    words = query_words(query)
    expression = ""
    if sqlite.in_use():
        expression = sqlite.match_expression(words, sqlite.corrections(words))
    text = " ".join(words)
    groups = []
    for source in SOURCES:
        # The list page's queryset decides visibility. One with joins and DISTINCT
        # (a member's events) is read as a subquery, so they stay out of the
        # ranking and the count; a plain one (what visitors see) is used as it is.
        visible = source.visible(user).order_by()
        if visible.query.distinct or visible.query.select_related:
            visible = source.model._default_manager.filter(pk__in=visible.values("pk"))
        base = visible.only(source.fields[0], source.excerpt_field, *source.columns)
        if expression:
            matched = _sqlite_match(source, base, expression)
        else:
            matched = _postgres_match(source, base, text)
        limit = NARROWED_LIMIT if source is only else OVERVIEW_LIMIT
        rows = list(matched.annotate(search_total=Window(Count("pk")))[:limit])
        group = Group(source=source, total=rows[0].search_total if rows else 0)
        group.hits = [
            Hit(
                source=source,
                title=source.title_of(row),
                url=source.url(row, user),
                excerpt=source.excerpt_of(row),
            )
            for row in rows
        ]
        if group.total > len(rows):
            group.more_url = source.more_url(user, query)
        groups.append(group)
    return Results(query=query, groups=groups)
