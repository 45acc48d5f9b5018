"""The public figures on /zahlen/: what the hub has achieved, counted in the database.

Every chart is one aggregate query (`values().annotate(Count())`), so the page
needs the same number of queries whatever the amount of data. Only public facts
are counted: published projects, active partners, public Innovationsmobil stops,
signed accessions of the current agreement.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from community.models import Event
from exchange import directions
from exchange.models import Need
from exchange.transfers import transfers
from loi.models import Accession
from partners import geo
from partners.models import Partner
from projects.models import FieldOfAction, Project, PublicationState

from . import charts

Row = tuple  # (label, value, …further values)


@dataclass(frozen=True)
class ChartSpec:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Promise, ...]
    rows: Callable[[], list[Row]]
    plot_column: int = 1  # which value column the bars show


@dataclass(frozen=True)
class Chart:
    spec: ChartSpec
    rows: list[Row]

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def svg(self) -> charts.BarChart:
        return charts.bar_chart([(str(row[0]), row[self.spec.plot_column]) for row in self.rows])

    @property
    def total(self) -> int:
        return sum(row[1] for row in self.rows)


def _by_choice(queryset, field: str, choices) -> list[Row]:
    """Counts per choice value in one query, in the order of the choices, zeros included."""
    counts = dict(queryset.order_by().values_list(field).annotate(count=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in choices]


def _published_projects():
    return Project.objects.published()


def projects_by_field() -> list[Row]:
    fields = FieldOfAction.objects.annotate(
        count=Count(
            "projects",
            filter=Q(projects__publication_state=PublicationState.PUBLISHED),
            distinct=True,
        )
    ).order_by("position", "name")
    return [(field.display_name, field.count) for field in fields]


def projects_by_status() -> list[Row]:
    return _by_choice(_published_projects(), "status", Project.Status.choices)


def projects_by_kind() -> list[Row]:
    return _by_choice(_published_projects(), "kind", Project.Kind.choices)


def projects_by_direction() -> list[Row]:
    return _by_choice(
        _published_projects(), "transfer_direction", Project.TransferDirection.choices
    )


def partners_by_kind() -> list[Row]:
    rows = _by_choice(Partner.objects.active(), "kind", Partner.Kind.choices)
    return [row for row in rows if row[1]]  # nine kinds; show those the hub has


def partners_by_state() -> list[Row]:
    return _by_choice(Partner.objects.active(), "federal_state", Partner.FederalState.choices)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def accessions_over_time() -> list[Row]:
    """(month, signed in that month, signed in total) from the first to the last signature."""

    per_month = dict(
        Accession.objects.of_current_agreement()
        .signed()
        .filter(signed_on__isnull=False)
        .annotate(month=TruncMonth("signed_on"))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"))
    )
    if not per_month:
        return []
    rows, total = [], 0
    for month in _months(min(per_month), max(per_month)):
        total += per_month.get(month, 0)
        rows.append((date_format(month, "F Y"), per_month.get(month, 0), total))
    return rows


def stops_by_district() -> list[Row]:
    """Public Innovationsmobil stops per district (the district of the stop's municipality)."""

    per_area = (
        Event.objects.public()
        .tour_stops()
        .exclude(municipality_ags="")
        .order_by()
        .values_list("municipality_ags")
        .annotate(count=Count("pk"))
    )
    districts: Counter[str] = Counter()
    for ags, count in per_area:
        area = geo.lookup(ags)
        if area is not None:
            districts[geo.districts()[area.district_ags].name] += count
    return sorted(districts.items(), key=lambda item: (-item[1], item[0]))


def _per_month(column: str) -> dict[datetime.date, int]:
    """{first day of the month: needs whose `column` (a date-time) falls into it}."""
    rows = (
        Need.objects.filter(**{f"{column}__isnull": False})
        .annotate(month=TruncMonth(column))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"))
    )
    return {month.date() if hasattr(month, "date") else month: count for month, count in rows}


def needs_over_time() -> list[Row]:
    """(month, opened, first response, solved): the transfer pipeline per month.

    Every need that was opened counts (public and network-only ones: only numbers
    are shown). A response is the first co-signature of another partner or the
    step into the exchange.
    """
    opened, matched, solved = (
        _per_month("opened_at"),
        _per_month("matched_at"),
        _per_month("solved_at"),
    )
    months = set(opened) | set(matched) | set(solved)
    if not months:
        return []
    return [
        (date_format(month, "F Y"), opened.get(month, 0), matched.get(month, 0),
         solved.get(month, 0))
        for month in _months(min(months), max(months))
    ]  # fmt: skip


def transfers_over_time() -> list[Row]:
    """(month, urban → rural, rural → urban, all transfers) from the first transfer on."""
    found = transfers()
    if not found:
        return []
    counts: Counter[tuple[datetime.date, str | None]] = Counter(
        (transfer.on.replace(day=1), transfer.direction) for transfer in found
    )
    rows = []
    for month in _months(found[0].on, found[-1].on):
        urban_rural = counts[(month, directions.URBAN_TO_RURAL)]
        rural_urban = counts[(month, directions.RURAL_TO_URBAN)]
        total = sum(count for (when, _direction), count in counts.items() if when == month)
        rows.append((date_format(month, "F Y"), urban_rural, rural_urban, total))
    return rows


CHARTS: list[ChartSpec] = [
    ChartSpec(
        slug="projekte-handlungsfeld",
        title=_("Projects by field of action"),
        description=_("Published projects; a project may belong to several fields of action."),
        columns=(_("Field of action"), _("Projects")),
        rows=projects_by_field,
    ),
    ChartSpec(
        slug="projekte-status",
        title=_("Projects by status"),
        description=_("Published projects by their stage."),
        columns=(_("Status"), _("Projects")),
        rows=projects_by_status,
    ),
    ChartSpec(
        slug="projekte-art",
        title=_("Projects by kind"),
        description=_("Joint Regio.hub projects and existing projects of the partners."),
        columns=(_("Kind"), _("Projects")),
        rows=projects_by_kind,
    ),
    ChartSpec(
        slug="projekte-richtung",
        title=_("Projects by transfer direction"),
        description=_("Where solutions travel: from the city to the countryside and back."),
        columns=(_("Transfer direction"), _("Projects")),
        rows=projects_by_direction,
    ),
    ChartSpec(
        slug="partner-art",
        title=_("Partners by kind"),
        description=_("Active partners of the hub."),
        columns=(_("Kind"), _("Partners")),
        rows=partners_by_kind,
    ),
    ChartSpec(
        slug="partner-land",
        title=_("Partners by federal state"),
        description=_("Active partners in Berlin and Brandenburg."),
        columns=(_("Federal state"), _("Partners")),
        rows=partners_by_state,
    ),
    ChartSpec(
        slug="beitritte-verlauf",
        title=_("Accessions over time"),
        description=_("Signed Letters of Intent of the current agreement, per month and in total."),
        columns=(_("Month"), _("Signed in the month"), _("Signed in total")),
        rows=accessions_over_time,
        plot_column=2,
    ),
    ChartSpec(
        slug="innovationsmobil-kreise",
        title=_("Innovationsmobil stops per district"),
        description=_("Public stops of the Innovationsmobil, past and planned."),
        columns=(_("District"), _("Stops")),
        rows=stops_by_district,
    ),
    ChartSpec(
        slug="bedarfe-verlauf",
        title=_("Needs over time"),
        description=_(
            "Needs the partners opened per month, how many had their first response "
            "(another partner co-signed, or the exchange began) and how many were solved."
        ),
        columns=(_("Month"), _("Opened"), _("First response"), _("Solved")),
        rows=needs_over_time,
    ),
    ChartSpec(
        slug="transfer-richtung",
        title=_("Transfers by direction over time"),
        description=_(
            "Solutions one partner took over from another: a need solved by another "
            "partner's project, or an adopted project. Urban: independent cities and "
            "towns; rural: districts and municipalities."
        ),
        columns=(_("Month"), _("Urban to rural"), _("Rural to urban"), _("All transfers")),
        rows=transfers_over_time,
        plot_column=3,
    ),
]


def available_specs() -> list[ChartSpec]:
    return list(CHARTS)


def spec_for(slug: str) -> ChartSpec | None:
    return next((spec for spec in available_specs() if spec.slug == slug), None)


def compute(spec: ChartSpec) -> Chart:
    return Chart(spec=spec, rows=spec.rows())


def all_charts() -> list[Chart]:
    return [compute(spec) for spec in available_specs()]
