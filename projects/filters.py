"""The showcase filters (/projekte/), shared by the page and the open-data exports."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from partners.lookup import PartnerLookup, PartnerLookupField
from partners.models import Partner

from .models import FieldOfAction, Participation, Project

# The filters a visitor chooses (the page, the exports and the feed take the same).
FILTER_NAMES = ("q", "handlungsfeld", "partner", "status", "richtung", "art", "reife")
# A search in relevance order ranks and counts at most this many matches, the
# newest (the showcase's first ten pages); with more, its count reads "more than".
SEARCH_CANDIDATES = 200


class SharedChoices(tuple):
    """Choices that the filter's form shares instead of deep-copying.

    A form deep-copies its fields, and a choice field its choices, on every
    request; for the 200 partners that copy cost more than reading them. The
    choices are never changed after they are built, so one object serves all.
    """

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


class PartnerLookupFilter(django_filters.Filter):
    """A partner typed as text (an accessible autocomplete), not a select of every partner."""

    field_class = PartnerLookupField


class SortChoices:
    NEWEST = "neueste"
    TITLE = "titel"
    START = "beginn"
    choices = SharedChoices(
        [
            (NEWEST, _("Newest first")),
            (TITLE, _("Title A–Z")),
            (START, _("Start date")),
        ]
    )
    orderings = {
        NEWEST: ["-published_at", "-pk"],
        TITLE: ["title", "pk"],
        START: [F("start_date").asc(nulls_last=True), "title", "pk"],
    }


def _search_text(text: str) -> str:
    return " ".join(text.split())[:200]


def _search_query(text: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, config="german", search_type="websearch")


def _with_rank(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    from django.contrib.postgres.search import SearchRank

    return queryset.annotate(rank=SearchRank(F("search_vector"), _search_query(text)))


def full_text(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """German full-text search, ranked, on PostgreSQL; a plain word match on SQLite."""
    text = _search_text(text)
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _with_rank(queryset.filter(search_vector=_search_query(text)), text)
    return sqlite_stemmed_match(queryset, text)


UMLAUTS = str.maketrans("äöü", "aou")


def stem_prefix(word: str) -> str:
    """The part of a word its German stem keeps ("Verwaltungen" → "verwalt").

    The Snowball stemmer of PostgreSQL's `german` configuration, so the word
    forms the embedded SQLite database finds match what production finds. The
    stem drops umlauts ("Förderung" → "forder"); the word's own letters are
    kept ("förder"), so the text is matched as it is written.
    """
    import snowballstemmer

    lowered = word.lower()
    stem = snowballstemmer.stemmer("german").stemWord(lowered)
    if len(stem) >= 3 and lowered.translate(UMLAUTS).startswith(stem):
        return lowered[: len(stem)]
    return lowered


def sqlite_stemmed_match(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Every word, by its stem, in the title, summary or description (SQLite has no stemmer)."""
    condition = Q()
    for word in text.split():
        part = stem_prefix(word)
        condition &= (
            Q(title__icontains=part) | Q(summary__icontains=part) | Q(description__icontains=part)
        )
    return queryset.filter(condition)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": "200"}),
    )
    # Slug choices, read in __init__ with one plain query (a model choice field
    # would query again to validate and iterate with a server-side cursor).
    handlungsfeld = django_filters.ChoiceFilter(
        label=_("Field of action"), method="filter_field", empty_label=_("All fields of action")
    )
    # A slug (links from partner pages), a name or a part of it, matched on the
    # server (partners.lookup): one query when given, none when empty.
    partner = PartnerLookupFilter(label=_("Partner"), method="filter_partner")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=SharedChoices(Project.Status.choices),
        empty_label=_("Any status"),
    )
    richtung = django_filters.ChoiceFilter(
        label=_("Transfer direction"),
        field_name="transfer_direction",
        choices=SharedChoices(Project.TransferDirection.choices),
        empty_label=_("Any direction"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="kind",
        choices=SharedChoices(Project.Kind.choices),
        empty_label=_("All kinds"),
    )
    reife = django_filters.ChoiceFilter(
        label=_("Maturity"),
        field_name="maturity",
        choices=SharedChoices(Project.Maturity.choices),
        empty_label=_("Any maturity"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SortChoices.choices,
        method="filter_sort",
        empty_label=_("Relevance / newest"),
    )

    class Meta:
        model = Project
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = list(FieldOfAction.objects.all())
        self.filters["handlungsfeld"].extra["choices"] = SharedChoices(
            (field.slug, str(field)) for field in fields
        )
        # The chosen slug is one of these (the choice field validates it): filter
        # by its id, without joining the field table in the subquery.
        self.fields_of_action = fields
        self.field_ids = {field.slug: field.pk for field in fields}

    def filter_q(self, queryset, name, value):
        return full_text(queryset, value)

    def filter_field(self, queryset, name, value):
        through = Project.fields_of_action.through
        return queryset.filter(
            Exists(
                through.objects.filter(
                    project_id=OuterRef("pk"), fieldofaction_id=self.field_ids[value]
                )
            )
        )

    def filter_partner(self, queryset, name, value: PartnerLookup):
        """The projects of the partner typed; of every candidate while several match.

        The page offers the candidates to choose one (projects/includes/_partner_choice.html);
        the exports and the feed take the same selection. A text that matches no
        partner matches no project.
        """
        participations = Participation.objects.accepted().filter(project_id=OuterRef("pk"))
        if value.partner is not None:
            return queryset.filter(Exists(participations.filter(partner_id=value.partner.pk)))
        if value.is_unknown:
            return queryset.none()
        matching = Partner.objects.active().matching(value.text).values("pk")
        return queryset.filter(Exists(participations.filter(partner_id__in=matching)))

    @property
    def partner_lookup(self) -> PartnerLookup | None:
        """What the partner field found, for the page to offer a choice or say "none"."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return data.get("partner")

    def filter_sort(self, queryset, name, value):
        # Ordering is applied in `qs`, after every filter (the rank only exists then).
        return queryset

    @property
    def by_relevance(self) -> bool:
        """True for a search without a chosen order: relevance order on PostgreSQL,
        newest first on SQLite; both rank and count at most SEARCH_CANDIDATES matches
        (projects.views.public.SearchPaginator)."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return bool(data.get("q")) and data.get("sort") not in SortChoices.orderings

    def among(self, ids) -> QuerySet[Project]:
        """The projects `ids` (matches of this filter's `qs`) in its order, read by id:
        the search and the filters are not evaluated again, the rank only for them."""
        queryset = self.queryset.filter(pk__in=ids)
        if self.ranked:
            text = _search_text(self.form.cleaned_data["q"])
            return _with_rank(queryset, text).order_by("-rank", "-published_at", "-pk")
        return self.qs.filter(pk__in=ids)

    @property
    def ranked(self) -> bool:
        """True when the results are ordered by full-text relevance."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return (
            bool(data.get("q"))
            and data.get("sort") not in SortChoices.orderings
            and connection.vendor == "postgresql"
        )

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        sort = data.get("sort")
        if sort in SortChoices.orderings:
            return queryset.order_by(*SortChoices.orderings[sort])
        if self.ranked:
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by(*SortChoices.orderings[SortChoices.NEWEST])


def filter_ignoring_invalid(data, queryset) -> tuple[ProjectFilter, list[str]]:
    """Apply the filters; values that are unknown or malformed are dropped, not errors.

    Returns the filter and the names of the parameters that were ignored, so the
    page can say so.
    """
    project_filter = ProjectFilter(data, queryset=queryset)
    if project_filter.is_valid():
        return project_filter, []
    ignored = sorted(project_filter.form.errors)
    cleaned = data.copy()
    for name in ignored:
        cleaned.pop(name, None)
    project_filter = ProjectFilter(cleaned, queryset=queryset)
    project_filter.is_valid()
    return project_filter, ignored
