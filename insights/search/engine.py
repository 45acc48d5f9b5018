"""The site-wide search: one bounded query per source, for what the person may see.

On PostgreSQL each source is searched with German full text (`websearch_to_tsquery`
with the `german` configuration, against a project's stored vector or the
source's fields) or, for typos, by the trigram word similarity of the query to
its title (pg_trgm). On SQLite the stemmed FTS5 index (`insights.search.sqlite`)
names the matching ids. Either way the hits are read through the source's
visibility queryset. A frequent word matches thousands of rows, and ranking or
counting them all costs more than the page: so one indexed query reads the ids of
the newest `CANDIDATES` + 1 matches per source, and only those are ranked (on
PostgreSQL) and counted. With more matches the count reads "more than
CANDIDATES" (`Group.capped`). A search costs two queries per source whatever the
data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, F, FloatField, Func, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import sqlite
from .sources import SOURCES, Source
from .text import query_words

# How many hits of each kind the overview shows, and a page narrowed to one kind.
OVERVIEW_LIMIT = 5
NARROWED_LIMIT = 50
# How many matches of each kind are ranked and counted at most (the showcase's
# search has the same cap: projects.filters.SEARCH_CANDIDATES).
CANDIDATES = 200


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
    capped: bool = False  # more than `total` match; only `total` were ranked

    @property
    def heading(self) -> str:
        counted = self.source.counted % {"count": self.total}
        if self.capped:
            return _("More than %(counted)s") % {"counted": counted}
        return counted


@dataclass
class Results:
    query: str
    groups: list[Group]  # every source, in the order of SOURCES

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def capped(self) -> bool:
        """Some kind has more matches than were counted: the total is a lower bound."""
        return any(group.capped for group in self.groups)

    @property
    def found(self) -> list[Group]:
        return [group for group in self.groups if group.total]


def _postgres_query(query: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config="german", search_type="websearch")


def _postgres_vector(source: Source):
    from django.contrib.postgres.search import SearchVector

    if source.vector_field:
        return F(source.vector_field)
    return SearchVector(*source.fields, config="german")


def _postgres_candidates(source: Source, queryset: QuerySet, query: str, limit: int) -> list[int]:
    """The ids of the newest `limit` matches by stem or by typo, newest first.

    Each way of matching is read newest first and cut on its own (its index
    finds the matches: the projects' GIN index on the stored vector, the
    events' on their expression, the trigram indexes on the titles), and the
    two short lists are merged in the same query. One WHERE with OR, or a
    filter by both subqueries, would walk every visible row instead.
    """
    by_text = (
        queryset.annotate(search_vector_=_postgres_vector(source))
        .filter(search_vector_=_postgres_query(query))
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )
    by_typo = (
        queryset.filter(WordSimilar(Value(query), source.fields[0]))
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return list(by_text.union(by_typo).order_by("-pk")[:limit])


def _postgres_ranked(source: Source, queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` (the candidates) by ts_rank; matches by typo alone rank last."""
    from django.contrib.postgres.search import SearchRank

    rank = SearchRank(_postgres_vector(source), _postgres_query(query))
    return queryset.annotate(search_rank=Coalesce(rank, 0.0, output_field=FloatField())).order_by(
        "-search_rank", "pk"
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
        # The newest candidates, found by the indexes; only they are ranked and counted.
        if expression:
            matched = _sqlite_match(source, base, expression)
            newest = list(matched.order_by("-pk").values_list("pk", flat=True)[: CANDIDATES + 1])
        else:
            newest = _postgres_candidates(source, base, text, CANDIDATES + 1)
        candidates = base.filter(pk__in=newest[:CANDIDATES])
        if expression:
            candidates = candidates.order_by("-pk")
        else:
            candidates = _postgres_ranked(source, candidates, text)
        limit = NARROWED_LIMIT if source is only else OVERVIEW_LIMIT
        rows = list(candidates[:limit]) if newest else []
        group = Group(
            source=source,
            total=min(len(newest), CANDIDATES),
            capped=len(newest) > CANDIDATES,
        )
        group.hits = [
            Hit(
                source=source,
                title=source.title_of(row),
                url=source.url(row, user),
                excerpt=source.excerpt_of(row),
            )
            for row in rows
        ]
        if group.capped or group.total > len(rows):
            group.more_url = source.more_url(user, query)
        groups.append(group)
    return Results(query=query, groups=groups)
