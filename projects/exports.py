"""Open data: the published projects as CSV and JSON, streamed, and an Atom feed.

The JSON schema is documented in the README ("Open data") and versioned by
`SCHEMA_VERSION`; fields are only ever added, never renamed or removed.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from functools import wraps
from itertools import islice

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import ratelimit, spreadsheets
from core.feeds import SafeAtom1Feed
from core.permissions import public
from core.text import strip_control_characters

from .filters import FILTER_NAMES, filter_ignoring_invalid
from .models import Participation, Project

SCHEMA_VERSION = 1
LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Regio.hub Berlin-Brandenburg (Projektträger: Landeshauptstadt Potsdam)",
}
CHUNK_SIZE = 500
FIRST_CHUNK = 50
COLUMNS = [
    "slug",
    "url",
    "title",
    "summary",
    "kind",
    "status",
    "fields_of_action",
    "lead_partner",
    "partners",
    "transfer_direction",
    "start_date",
    "end_date",
    "funding_programme",
    "funding_amount_eur",
    "website",
    "contact_name",
    "contact_email",
    "is_flagship",
    "adopted_from",
    "published_at",
    "updated_at",
]


def _filter_query(project_filter) -> str:
    """The valid filters as a query string, in a stable order (no page, no sort)."""
    data = project_filter.form.cleaned_data
    return urlencode([(name, data[name]) for name in FILTER_NAMES if data.get(name)])


def _chosen_labels(project_filter) -> list[str]:
    """The chosen values as the page shows them (the partner's name, the status label)."""
    form = project_filter.form
    labels = []
    for name in FILTER_NAMES:
        value = form.cleaned_data.get(name)
        if not value:
            continue
        choices = dict(getattr(form.fields[name], "choices", ()))
        labels.append(str(choices.get(value, getattr(value, "label", value))))
    return labels


def export_queryset(data):
    # The fields of action and partners are joined per chunk in `_records`:
    # prefetch_related would build two querysets per project (slow at 10,000).
    project_filter, _ignored = filter_ignoring_invalid(
        data,
        Project.objects.published()
        .select_related("lead_partner", "adopted_from")
        .defer(*HEAVY_COLUMNS, *(f"adopted_from__{name}" for name in HEAVY_COLUMNS)),
    )
    return project_filter.qs


# Columns the export does not show; left in the database.
HEAVY_COLUMNS = ("description", "description_html", "search_vector")


def project_record(
    project: Project,
    *,
    fields_of_action: list[str] | None = None,
    partners: list[dict] | None = None,
    url: str | None = None,
) -> dict:
    """One project as open data (schema version 1).

    `fields_of_action`, `partners` and `url` may be handed in when computed for
    many projects at once (see `_records`).
    """
    public_contact = project.contact_is_public
    adopted_from = project.adopted_from
    if fields_of_action is None:
        fields_of_action = [field.slug for field in project.fields_of_action.all()]
    if partners is None:
        partners = [
            {"partner": participation.partner.slug, "role": participation.role}
            for participation in project.participations.all()
            if participation.state == Participation.State.ACCEPTED
        ]
    return {
        "slug": project.slug,
        "url": url or f"{settings.SITE_URL}{project.get_absolute_url()}",
        "title": strip_control_characters(project.title),
        "summary": strip_control_characters(project.summary),
        "kind": project.kind,
        "status": project.status,
        "fields_of_action": fields_of_action,
        "lead_partner": project.lead_partner.slug,
        "partners": partners,
        "transfer_direction": project.transfer_direction,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "funding_programme": strip_control_characters(project.funding_programme) or None,
        "funding_amount_eur": (
            str(project.funding_amount) if project.funding_amount is not None else None
        ),
        "website": project.website or None,
        "contact_name": (
            (strip_control_characters(project.contact_name) or None) if public_contact else None
        ),
        "contact_email": (project.contact_email or None) if public_contact else None,
        "is_flagship": project.is_flagship,
        "adopted_from": (adopted_from.slug if adopted_from and adopted_from.is_published else None),
        "published_at": project.published_at.isoformat() if project.published_at else None,
        "updated_at": project.updated_at.isoformat(),
    }


def _batched(iterable, size: int, first: int | None = None) -> Iterator[list]:
    # itertools.batched arrives with Python 3.12; the portal supports 3.11.
    iterator = iter(iterable)
    if first:
        if not (chunk := list(islice(iterator, first))):
            return
        yield chunk
    while chunk := list(islice(iterator, size)):
        yield chunk


def _records(queryset) -> Iterator[dict]:
    """The records, streamed: per chunk of projects two plain queries for the
    fields of action and the partners (in their model orderings)."""
    # One reverse() for all: the detail URL with the slug put in.
    placeholder = "slug-placeholder"
    url_pattern = f"{settings.SITE_URL}{reverse('projects:detail', kwargs={'slug': placeholder})}"
    through = Project.fields_of_action.through
    # In a transaction the server-side cursor is declared without WITH HOLD: in
    # autocommit mode PostgreSQL would run the whole query to its end (materialising
    # every row for the held cursor) before the first row came back. The transaction
    # only reads, and ends (rolled back if the download is broken off) with the stream.
    with transaction.atomic():
        yield from _chunked_records(queryset, url_pattern, placeholder, through)


def _chunked_records(queryset, url_pattern: str, placeholder: str, through) -> Iterator[dict]:
    # A small first batch: the first rows go out before the next 500 are looked up.
    for chunk in _batched(queryset.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE, first=FIRST_CHUNK):
        ids = [project.pk for project in chunk]
        fields: dict[int, list[str]] = defaultdict(list)
        for project_id, slug in (
            through.objects.filter(project_id__in=ids)
            .order_by("fieldofaction__position", "fieldofaction__name")
            .values_list("project_id", "fieldofaction__slug")
        ):
            fields[project_id].append(slug)
        partners: dict[int, list[dict]] = defaultdict(list)
        for project_id, slug, role in (
            Participation.objects.accepted()
            .filter(project_id__in=ids)
            .order_by("role", "partner__name")
            .values_list("project_id", "partner__slug", "role")
        ):
            partners[project_id].append({"partner": slug, "role": role})
        for project in chunk:
            yield project_record(
                project,
                fields_of_action=fields[project.pk],
                partners=partners[project.pk],
                url=url_pattern.replace(placeholder, project.slug),
            )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(queryset) -> Iterator[str]:
    # The machine dialect (core/spreadsheets.py): ";", UTF-8 with byte-order mark
    # (so German Excel opens it too), ISO dates, true/false. Titles and summaries
    # are people's text: no cell may start a formula.
    writer = spreadsheets.machine_csv_writer(_Echo())
    yield spreadsheets.BOM + writer.writerow(COLUMNS)
    for record in _records(queryset):
        record["fields_of_action"] = "|".join(record["fields_of_action"])
        record["partners"] = "|".join(f"{p['partner']}:{p['role']}" for p in record["partners"])
        yield writer.writerow([record[c] for c in COLUMNS])


def _json_chunks(queryset) -> Iterator[str]:
    head = {
        "schema_version": SCHEMA_VERSION,
        "licence": LICENCE,
        "source": f"{settings.SITE_URL}/projekte/",
        "generated_at": timezone.now().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "projects": ['
    first = True
    for record in _records(queryset):
        yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "]}"


# Downloads per client and minute: plenty for people and harvesters, not for a flood.
EXPORT_LIMIT = 30


def export_limit() -> int:
    """The limit in force; PROJECT_EXPORT_RATE_LIMIT=0 switches it off (query-count tests)."""
    return getattr(settings, "PROJECT_EXPORT_RATE_LIMIT", EXPORT_LIMIT)


def rate_limited(view):
    @wraps(view)
    def wrapper(request):
        limit = export_limit()
        if limit and not ratelimit.allow(request, "project-export", limit=limit, period=60):
            return HttpResponse(
                _("Too many downloads in a short time. Please wait a minute and try again."),
                status=429,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": "60"},
            )
        return view(request)

    return wrapper


@public
@require_safe
@rate_limited
def export_csv(request):
    response = StreamingHttpResponse(
        _csv_rows(export_queryset(request.GET)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="regiohub-projekte.csv"'
    return response


@public
@require_safe
@rate_limited
def export_json(request):
    response = StreamingHttpResponse(
        _json_chunks(export_queryset(request.GET)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="regiohub-projekte.json"'
    return response


FEED_SIZE = 50


@public
class PublishedProjectsFeed(Feed):
    """The newest published projects; with the showcase's filters (same names,
    e.g. `?handlungsfeld=…&partner=…`) only those the filtered page shows.
    Unknown or malformed values are ignored, as on the page."""

    feed_type = SafeAtom1Feed
    subtitle = _("Digitalisation projects of the Berlin-Brandenburg capital region")

    def get_object(self, request, *args, **kwargs):
        project_filter, _ignored = filter_ignoring_invalid(
            request.GET,
            Project.objects.published().select_related("lead_partner").defer(*HEAVY_COLUMNS),
        )
        return project_filter

    def title(self, project_filter) -> str:
        chosen = _chosen_labels(project_filter)
        if not chosen:
            return str(_("Regio.hub – newly published projects"))
        return str(_("Regio.hub – projects: %(selection)s")) % {"selection": ", ".join(chosen)}

    def link(self, project_filter) -> str:
        query = _filter_query(project_filter)
        return reverse("projects:list") + (f"?{query}" if query else "")

    def feed_url(self, project_filter) -> str:
        query = _filter_query(project_filter)
        return reverse("projects:feed") + (f"?{query}" if query else "")

    def items(self, project_filter):
        # Newest first whatever the page's sort: a feed reader shows what is new.
        return project_filter.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Project) -> str:
        return item.title

    def item_description(self, item: Project) -> str:
        return item.summary

    def item_pubdate(self, item: Project):
        return item.published_at

    def item_updateddate(self, item: Project):
        return item.updated_at

    def item_author_name(self, item: Project) -> str:
        return item.lead_partner.name
