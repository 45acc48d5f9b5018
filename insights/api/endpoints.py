"""The API's routes: every public object of the portal, read from the apps' own querysets.

Who reads is `request.user`: the owner of the personal token, or anonymous
(insights/api/http.py). Visibility comes from the querysets and rules the
portal's pages use (`visible_to`, `published().public()`, the document rule),
never from a copy of their logic here. Filters carry the pages' names.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from community.filters import EventApiFilter
from community.models import Announcement, Document, DocumentVersion, Event
from community.views.documents import public_documents
from core.text import render_markdown
from exchange.forms import NeedFilterForm
from exchange.models import Need, NeedState, NeedSupport
from loi.models import Accession, Agreement
from partners.filters import PartnerFilter
from partners.models import Partner
from projects.filters import ProjectFilter, SortChoices
from projects.models import FieldOfAction, Participation, Project

from . import schemas
from .pagination import Key, Ordering, paginate

router = Router()

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–100).")
CURSOR = Query(None, max_length=500, description="The `next` cursor of the page before (opaque).")

PK = Key("pk")
BY_NAME = Ordering("name", (Key("name", "str"), PK))
NEWEST = Ordering(
    "newest",
    (Key("published_at", "datetime", descending=True, nullable=True), Key("pk", descending=True)),
)
PROJECT_ORDERINGS = {
    SortChoices.NEWEST: NEWEST,
    SortChoices.TITLE: Ordering("title", (Key("title", "str"), PK)),
    SortChoices.START: Ordering(
        "start", (Key("start_date", "date", nullable=True), Key("title", "str"), PK)
    ),
}
RELEVANCE = Ordering("relevance")
EVENTS = Ordering("start", (Key("start", "datetime"), PK))
EVENTS_PAST = Ordering(
    "start-desc", (Key("start", "datetime", descending=True), Key("pk", descending=True))
)
ANNOUNCEMENTS = Ordering(
    "publish", (Key("publish_at", "datetime", descending=True), Key("pk", descending=True))
)
DOCUMENTS = Ordering("updated", (Key("updated_at", "datetime", descending=True), PK))
FIELDS = Ordering("position", (Key("position"), Key("name", "str"), PK))
REGISTER = Ordering("partner", (Key("name", "str"), PK))


class InvalidParameters(Exception):
    """A filter the page's FilterSet refused; the API answers 400 with its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _slug_url(request: HttpRequest, name: str, slug: str) -> str:
    """The absolute URL of the page `name` for `slug` (slugs need no quoting).

    A list names up to a hundred projects and partners: the address up to the
    slug is worked out once per request and URL name, not reversed and made
    absolute for every row.
    """
    prefixes = request.__dict__.setdefault("_slug_url_prefixes", {})
    prefix = prefixes.get(name)
    if prefix is None:
        path = reverse(name, kwargs={"slug": "_"}).removesuffix("_/")
        prefix = prefixes[name] = request.build_absolute_uri(path)
    return f"{prefix}{slug}/"


def _next_url(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return _absolute(request, f"{request.path}?{query.urlencode()}")


def _page(request: HttpRequest, queryset, ordering: Ordering, cursor, limit, build) -> dict:
    page = paginate(queryset, ordering, cursor=cursor, limit=limit)
    return {
        "count": page.count,
        "count_capped": page.count_capped,
        "next": _next_url(request, page.next_cursor),
        "results": [build(request, item) for item in page.items],
    }


def _filtered(filterset_class, request: HttpRequest, queryset, names: tuple[str, ...]):
    """The page's FilterSet over the given parameters; its form errors become a 400."""
    data = {name: request.GET[name] for name in names if request.GET.get(name, "") != ""}
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidParameters(
            {
                name: [str(message) for message in messages]
                for name, messages in filterset.form.errors.items()
            }
        )
    return filterset


# --- Partners -------------------------------------------------------------------


def _partner_ref(request: HttpRequest, partner: Partner | None) -> dict | None:
    if partner is None:
        return None
    return {
        "slug": partner.slug,
        "name": partner.name,
        "url": _slug_url(request, "partners:detail", partner.slug),
    }


def _partner(request: HttpRequest, partner: Partner) -> dict:
    return {
        **_partner_ref(request, partner),
        "short_name": partner.short_name,
        "kind": partner.kind,
        "kind_label": partner.get_kind_display(),
        "federal_state": partner.federal_state,
        "federal_state_label": partner.get_federal_state_display(),
        "hub_role": partner.hub_role,
        "hub_role_label": partner.get_hub_role_display(),
        "ags": partner.ags,
        "website": partner.website,
        "address": {
            "street": partner.street,
            "postal_code": partner.postal_code,
            "city": partner.city,
        },
        "contact_email": partner.contact_email,
        "contact_phone": partner.contact_phone,
        "latitude": float(partner.latitude) if partner.latitude is not None else None,
        "longitude": float(partner.longitude) if partner.longitude is not None else None,
        "description": partner.description,
        "logo_url": _absolute(request, partner.logo.url) if partner.logo else None,
        "logo_alt": partner.logo_alt,
        "joined_on": partner.joined_on,
        "updated_at": partner.updated_at,
    }


@router.get("/partners/", response=schemas.PartnerPage, summary="Partners", tags=["partners"])
def partner_list(
    request,
    art: str | None = Query(None, description="Kind of partner (as on /partner/)."),
    land: str | None = Query(None, description="Federal state: berlin or brandenburg."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The active partners of the hub, by name; filters as on /partner/."""
    partners = _filtered(PartnerFilter, request, Partner.objects.active(), ("art", "land")).qs
    return _page(request, partners, BY_NAME, cursor, limit, _partner)


@router.get(
    "/partners/{slug:slug}/", response=schemas.Partner, summary="Partner", tags=["partners"]
)
def partner_detail(request, slug: str):
    return _partner(request, get_object_or_404(Partner.objects.active(), slug=slug))


# --- Fields of action -----------------------------------------------------------


def _field(request: HttpRequest, field: FieldOfAction) -> dict:
    return {
        "slug": field.slug,
        "name": field.name,
        "name_en": field.name_en,
        "description": field.description,
        "description_en": field.description_en,
        "position": field.position,
        "projects_url": _absolute(
            request, f"{reverse('projects:list')}?handlungsfeld={field.slug}"
        ),
    }


@router.get(
    "/fields-of-action/",
    response=schemas.FieldOfActionPage,
    summary="Fields of action",
    tags=["projects"],
)
def field_list(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    return _page(request, FieldOfAction.objects.all(), FIELDS, cursor, limit, _field)


@router.get(
    "/fields-of-action/{slug:slug}/",
    response=schemas.FieldOfAction,
    summary="Field of action",
    tags=["projects"],
)
def field_detail(request, slug: str):
    return _field(request, get_object_or_404(FieldOfAction, slug=slug))


# --- Projects -------------------------------------------------------------------

PROJECT_FILTERS = ("q", "handlungsfeld", "partner", "status", "richtung", "art", "sort")


def _project_queryset(user):
    participations = (
        Participation.objects.accepted()
        .select_related("partner")
        .only("project_id", "role", "partner__slug", "partner__name")
        .order_by("role", "partner__name")
    )
    projects = _with_readable(
        Project.objects.visible_to(user), user, "origin_readable", "adopted_from_id"
    )
    return projects.select_related("lead_partner", "adopted_from").prefetch_related(
        Prefetch(
            "fields_of_action", queryset=FieldOfAction.objects.only("slug", "position", "name")
        ),
        Prefetch("participations", queryset=participations),
    )


def _project_summary(request: HttpRequest, project: Project) -> dict:
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "url": _slug_url(request, "projects:detail", project.slug),
        "kind": project.kind,
        "kind_label": project.get_kind_display(),
        "status": project.status,
        "status_label": project.get_status_display(),
        "publication_state": project.publication_state,
        "transfer_direction": project.transfer_direction,
        "transfer_direction_label": project.get_transfer_direction_display(),
        "is_flagship": project.is_flagship,
        "fields_of_action": [field.slug for field in project.fields_of_action.all()],
        "lead_partner": _partner_ref(request, project.lead_partner),
        "participations": [
            {
                "partner": _partner_ref(request, participation.partner),
                "role": participation.role,
                "role_label": participation.get_role_display(),
            }
            for participation in project.participations.all()
        ],
        "adopted_from": _adopted_from(request, project),
        "maturity": project.maturity,
        "maturity_label": project.get_maturity_display(),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "published_at": project.published_at,
        "updated_at": project.updated_at,
    }


def _adopted_from(request: HttpRequest, project: Project) -> str | None:
    origin = project.adopted_from if project.adopted_from_id else None
    if origin is None or not _linked_readable(request, origin, project, "origin_readable"):
        return None
    return origin.slug


def _linked_readable(request: HttpRequest, linked: Project, row, flag: str) -> bool:
    """Whether the reader may see a project another object links to (an origin, an event's).

    Published: everyone. Otherwise the row carries the answer of
    `Project.objects.visible_to(reader)`, read with the row (`_with_readable`).
    """
    if linked.is_published:
        return True
    return request.user.is_authenticated and getattr(row, flag, False)


def _with_readable(queryset, user, flag: str, link: str):
    """Annotate whether the linked project is visible to the token's owner (no extra query)."""
    if not user.is_authenticated:
        return queryset
    readable = Project.objects.visible_to(user).filter(pk=OuterRef(link))
    return queryset.annotate(**{flag: Exists(readable)})


@router.get("/projects/", response=schemas.ProjectPage, summary="Projects", tags=["projects"])
def project_list(
    request,
    q: str | None = Query(None, max_length=200, description="Full-text search (German)."),
    handlungsfeld: str | None = Query(None, description="Slug of a field of action."),
    partner: str | None = Query(None, description="Slug of a partner that leads or takes part."),
    status: str | None = Query(None, description="Status of the project."),
    richtung: str | None = Query(None, description="Transfer direction."),
    art: str | None = Query(None, description="Kind: joint or existing."),
    sort: str | None = Query(
        None, description="neueste (default), titel, beginn; with q and no sort: relevance."
    ),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The projects, filtered as the showcase /projekte/ filters (same names and values).

    Without a token the published projects; with a token also those the
    token's owner may read internally.
    """
    project_filter = _filtered(
        ProjectFilter, request, _project_queryset(request.user), PROJECT_FILTERS
    )
    ordering = (
        RELEVANCE
        if project_filter.ranked
        else PROJECT_ORDERINGS[project_filter.form.cleaned_data.get("sort") or SortChoices.NEWEST]
    )
    queryset = project_filter.qs.defer("description", "description_html", "search_vector")
    return _page(request, queryset, ordering, cursor, limit, _project_summary)


@router.get(
    "/projects/{slug:slug}/", response=schemas.Project, summary="Project", tags=["projects"]
)
def project_detail(request, slug: str):
    project = get_object_or_404(
        _project_queryset(request.user).prefetch_related(
            Prefetch(
                "adoptions",
                queryset=Project.objects.visible_to(request.user).only("slug", "adopted_from_id"),
                to_attr="visible_adoptions",
            )
        ),
        slug=slug,
    )
    contact = (
        {"name": project.contact_name, "email": project.contact_email}
        if project.contact_is_public or request.user.has_perm("projects.view_internal", project)
        else None
    )
    return {
        **_project_summary(request, project),
        "description_html": project.description_html,
        "funding_programme": project.funding_programme,
        "funding_amount": _decimal(project.funding_amount),
        "website": project.website,
        "contact": contact,
        "image_url": _absolute(request, project.image.url) if project.image else None,
        "image_alt": project.image_alt,
        "adoptions": [adoption.slug for adoption in project.visible_adoptions],
        "solution_profile": {
            "prerequisites": project.prerequisites,
            "operating_model": project.operating_model,
            "cost_min": _decimal(project.cost_min),
            "cost_max": _decimal(project.cost_max),
            "data_needed": project.data_needed,
            "licence": project.licence,
            "source_repository": project.source_repository,
            "reuse_contact": project.reuse_contact,
        },
    }


def _decimal(value) -> str | None:
    return str(value) if value is not None else None


# --- Needs (Bedarfe) -------------------------------------------------------------

NEED_FILTERS = ("handlungsfeld", "art", "stand")
NEEDS = Ordering(
    "opened",
    (Key("opened_at", "datetime", descending=True, nullable=True), Key("pk", descending=True)),
)


def _need_queryset():
    """The public needs that look for answers, whoever reads: a token does not widen them.

    The API is an open-data surface; network-only needs stay on /intern/.
    """
    return (
        Need.objects.public()
        .active()
        .select_related("partner")
        .prefetch_related(
            Prefetch("fields_of_action", queryset=FieldOfAction.objects.only("slug", "position")),
            Prefetch(
                "supports",
                queryset=NeedSupport.objects.select_related("partner").only(
                    "need_id", "partner__slug", "partner__name"
                ),
            ),
        )
    )


def _need_summary(request: HttpRequest, need: Need) -> dict:
    return {
        "slug": need.slug,
        "title": need.title,
        "url": _absolute(request, need.get_absolute_url()),
        "state": need.state,
        "state_label": need.get_state_display(),
        "fields_of_action": [field.slug for field in need.fields_of_action.all()],
        "partner": _partner_ref(request, need.partner),
        "partner_kind": need.partner.kind,
        "partner_kind_label": need.partner.get_kind_display(),
        "co_signers": [_partner_ref(request, support.partner) for support in need.supports.all()],
        "desired_start": need.desired_start,
        "opened_at": need.opened_at,
        "updated_at": need.updated_at,
    }


@router.get("/needs/", response=schemas.NeedPage, summary="Needs", tags=["needs"])
def need_list(
    request,
    handlungsfeld: str | None = Query(None, description="Slug of a field of action."),
    art: str | None = Query(None, description="Kind of the partner with the need."),
    stand: str | None = Query(None, description="State: open or in_exchange."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The public needs that are open or in exchange, as /gesucht/ lists them (same filters),
    newest first. Network-only needs and drafts are never listed, with a token neither."""
    data = {name: request.GET[name] for name in NEED_FILTERS if request.GET.get(name, "") != ""}
    form = NeedFilterForm(
        data, fields_of_action=FieldOfAction.objects.all(), states=NeedState.active()
    )
    if not form.is_valid():
        raise InvalidParameters(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    needs = form.apply(_need_queryset()).defer("description", "description_html")
    return _page(request, needs, NEEDS, cursor, limit, _need_summary)


@router.get("/needs/{slug:slug}/", response=schemas.Need, summary="Need", tags=["needs"])
def need_detail(request, slug: str):
    need = get_object_or_404(_need_queryset(), slug=slug)
    contact = (
        {"name": need.contact_name, "email": need.contact_email} if need.contact_is_public else None
    )
    return {
        **_need_summary(request, need),
        "description_html": need.description_html,
        "contact": contact,
    }


# --- Events and the Innovationsmobil tour ---------------------------------------

EVENT_PERIODS = ("kommend", "vergangen")


def _event(request: HttpRequest, event: Event) -> dict:
    municipality = event.municipality
    return {
        "id": event.pk,
        "title": event.title,
        "url": _absolute(request, event.get_absolute_url()),
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "start": event.start,
        "end": event.end,
        "place_name": event.place_name,
        "address": event.address,
        "location": event.location_text,
        "municipality": {"ags": municipality.ags, "name": municipality.name}
        if municipality
        else None,
        "latitude": float(event.latitude) if event.latitude is not None else None,
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "host_partner": _partner_ref(request, event.host_partner),
        "project": event.project.slug
        if event.project_id and _linked_readable(request, event.project, event, "project_readable")
        else None,
        "is_public": event.is_public,
        "agenda": event.agenda,
        "ical_uid": event.ical_uid,
    }


def _events(request, events, zeitraum: str | None, cursor, limit) -> dict:
    if zeitraum not in (None, "", *EVENT_PERIODS):
        raise InvalidParameters({"zeitraum": [_choice_message(EVENT_PERIODS)]})
    now = timezone.now()
    events = _with_readable(
        events.select_related("host_partner", "project").defer("minutes"),
        request.user,
        "project_readable",
        "project_id",
    )
    if zeitraum == "vergangen":
        return _page(request, events.past(now), EVENTS_PAST, cursor, limit, _event)
    if zeitraum == "kommend":
        events = events.upcoming(now)
    return _page(request, events, EVENTS, cursor, limit, _event)


def _choice_message(values) -> str:
    return _("Choose one of: %(values)s.") % {"values": ", ".join(values)}


ZEITRAUM = Query(
    None,
    description="kommend (not yet over, soonest first) or vergangen (over, latest first); "
    "without it every event by start.",
)


@router.get("/events/", response=schemas.EventPage, summary="Events", tags=["events"])
def event_list(
    request,
    art: str | None = Query(None, description="Kind of event (as on /termine/)."),
    partner: str | None = Query(None, description="Slug of the host partner."),
    zeitraum: str | None = ZEITRAUM,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Events as on /termine/: public ones, with a token also the internal ones its owner sees."""
    events = _filtered(
        EventApiFilter, request, Event.objects.visible_to(request.user), ("art", "partner")
    ).qs
    return _events(request, events, zeitraum, cursor, limit)


@router.get("/events/{int:event_id}/", response=schemas.Event, summary="Event", tags=["events"])
def event_detail(request, event_id: int):
    events = Event.objects.select_related("host_partner", "project")
    event = get_object_or_404(
        _with_readable(events, request.user, "project_readable", "project_id"), pk=event_id
    )
    if not request.user.has_perm("community.view_event", event):
        raise Http404
    return _event(request, event)


@router.get(
    "/tour-stops/",
    response=schemas.EventPage,
    summary="Innovationsmobil stops",
    tags=["events"],
)
def tour_stops(
    request,
    zeitraum: str | None = ZEITRAUM,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The Innovationsmobil tour's stops (as on /innovationsmobil/) with their municipality."""
    return _events(
        request, Event.objects.visible_to(request.user).tour_stops(), zeitraum, cursor, limit
    )


# --- Announcements --------------------------------------------------------------


def _announcement(request: HttpRequest, announcement: Announcement) -> dict:
    return {
        "id": announcement.pk,
        "title": announcement.title,
        "url": _absolute(request, announcement.get_absolute_url()),
        "audience": announcement.audience,
        "audience_label": announcement.get_audience_display(),
        "publish_at": announcement.publish_at,
        "body": announcement.body,
        "body_html": str(render_markdown(announcement.body)),
    }


@router.get(
    "/announcements/",
    response=schemas.AnnouncementPage,
    summary="Announcements",
    tags=["announcements"],
)
def announcement_list(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """News as on /aktuelles/; with a token also those to the partners or the owner's groups."""
    return _page(
        request,
        Announcement.objects.visible_to(request.user),
        ANNOUNCEMENTS,
        cursor,
        limit,
        _announcement,
    )


@router.get(
    "/announcements/{int:announcement_id}/",
    response=schemas.Announcement,
    summary="Announcement",
    tags=["announcements"],
)
def announcement_detail(request, announcement_id: int):
    return _announcement(
        request,
        get_object_or_404(Announcement.objects.visible_to(request.user), pk=announcement_id),
    )


# --- Documents ------------------------------------------------------------------


def _documents(user):
    """Public documents as /dokumente/ lists them; with a token also the hub library
    as its owner sees it on /intern/bibliothek/."""
    visible = Q(pk__in=public_documents().values("pk"))
    if user.is_authenticated and user.has_perm("core.access_intern"):
        visible |= Q(pk__in=Document.objects.library_for(user).values("pk"))
    return (
        Document.objects.filter(visible)
        .select_related("project", "event")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.only(
                    "document_id", "number", "content_type", "size"
                ).order_by("-number"),
                to_attr="newest_first",
            )
        )
    )


def _document(request: HttpRequest, document: Document) -> dict:
    version = document.newest_first[0] if document.newest_first else None
    return {
        "id": document.pk,
        "title": document.title,
        "description": document.description,
        "is_public": document.is_public,
        "download_url": _absolute(request, document.get_absolute_url()),
        "content_type": version.content_type if version else None,
        "size": version.size if version else None,
        "version": version.number if version else None,
        "project": document.project.slug if document.project_id else None,
        "event": document.event_id,
        "updated_at": document.updated_at,
    }


@router.get("/documents/", response=schemas.DocumentPage, summary="Documents", tags=["documents"])
def document_list(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Document metadata with the download link (internal files need a login on the portal)."""
    return _page(request, _documents(request.user), DOCUMENTS, cursor, limit, _document)


@router.get(
    "/documents/{int:document_id}/",
    response=schemas.Document,
    summary="Document",
    tags=["documents"],
)
def document_detail(request, document_id: int):
    document = get_object_or_404(_documents(request.user), pk=document_id)
    if not request.user.has_perm("community.view_document", document):
        raise Http404
    return _document(request, document)


# --- The Letter of Intent -------------------------------------------------------


def _accession_row(agreement: Agreement | None):
    def build(request: HttpRequest, partner: Partner) -> dict:
        accession = partner.register_accessions[0] if partner.register_accessions else None
        counterpart = agreement is not None and partner.pk == agreement.counterpart_id
        if counterpart:
            label = _("Counterpart (project sponsor)")
        elif accession is None:
            label = _("no accession")
        else:
            label = accession.get_status_display()
        return {
            "partner": _partner_ref(request, partner),
            "is_counterpart": counterpart,
            "status": accession.status if accession else None,
            "status_label": label,
            "resolution_number": accession.resolution_number if accession else "",
            "deliberations": [
                {
                    "body": step.body,
                    "session_date": step.session_date,
                    "outcome": step.outcome,
                    "outcome_label": step.get_outcome_display(),
                }
                for step in (accession.deliberations.all() if accession else [])
            ],
            "signed_on": accession.signed_on if accession else None,
        }

    return build


@router.get(
    "/accession-register/",
    response=schemas.AccessionPage,
    summary="Accession register",
    tags=["letter of intent"],
)
def accession_register(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Every active partner with its accession to the current agreement (/absichtserklaerung/)."""
    agreement = Agreement.objects.current_with_counterpart()
    accessions = (
        Accession.objects.for_agreement(agreement).with_register()
        if agreement
        else Accession.objects.none()
    )
    partners = Partner.objects.active().prefetch_related(
        Prefetch("accessions", queryset=accessions, to_attr="register_accessions")
    )
    return _page(request, partners, REGISTER, cursor, limit, _accession_row(agreement))


@router.get(
    "/agreement/",
    response={200: schemas.Agreement},
    summary="Current Letter of Intent",
    tags=["letter of intent"],
)
def current_agreement(request):
    agreement = Agreement.objects.current_with_counterpart()
    if agreement is None:
        raise Http404
    return {
        "title": agreement.title,
        "counterpart": _partner_ref(request, agreement.counterpart),
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "days_left": agreement.days_left(),
        "signed_count": Accession.objects.for_agreement(agreement).signed().count(),
        "register_url": _absolute(request, reverse("loi:register")),
    }
