"""Public pages: events and the calendar feeds, the Innovationsmobil tour, news, experts."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.pagecache import query_params
from core.permissions import objectgetter, permission_required, public
from core.storage import safe_file_name
from projects.models import Project
from projects.pagination import CappedPaginator

from .. import jsonld
from ..filters import EventFilter, event_filter_ignoring_invalid, selection_of
from ..ical import build_calendar, build_public_calendar, cached_public_feed, feed_events
from ..models import Announcement, CalendarFeedToken, Document, Event, Expert
from ..models.events import FEED_MAX_EVENTS, FEED_PAST_DAYS
from ..uploads import extension_for

PAGE_SIZE = 20
# The event lists count up to this many events (fifty pages), then "page 51".
COUNT_CAP = 1000


class EventPaginator(CappedPaginator):
    """Sorts and cuts a page on the event table alone, then joins its twenty events
    to their relations (EventQuerySet.page_with_related): the page costs the same
    however many events the calendar holds. Counted up to 1,000 events (and a page
    beyond the one asked for), "page 3" without a total beyond (CappedPaginator)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(list(self.object_list.page_with_related(bottom, top)), number, self)


# Public pages whose object may be internal: 404 for whoever may not see it.
event_by_pk = objectgetter(Event.objects.with_related())
document_by_pk = objectgetter(Document)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
@query_params(*EventFilter.base_filters, "seite", "kommend")
@require_safe
def event_list(request):
    """Upcoming events first; past ones in a paginated archive."""
    base = Event.objects.visible_to(request.user).with_related()
    event_filter = EventFilter(request.GET, queryset=base)
    if not event_filter.is_valid():
        event_filter = EventFilter(queryset=base)
    now = timezone.now()
    events = event_filter.qs
    number = request.GET.get("seite")
    archive = EventPaginator(events.past(now), PAGE_SIZE, number=number, cap=COUNT_CAP)
    archive = archive.get_page(number)
    # Upcoming events are paginated too, so the page stays small however full the calendar is.
    number = request.GET.get("kommend")
    upcoming = EventPaginator(events.upcoming(now), PAGE_SIZE, number=number, cap=COUNT_CAP)
    upcoming = upcoming.get_page(number)
    # The calendar feed of what the filters chose ("subscribe to this selection").
    selection = selection_of(event_filter)[0] if event_filter.is_bound else ""
    context = {
        "filter": event_filter,
        "upcoming": upcoming,
        "archive": archive,
        "selection": selection,
        **subscription_addresses(request),
    }
    return render(request, "community/event_list.html", context)


def subscription_addresses(request) -> dict[str, str]:
    """The public feed's HTTPS address (to copy), its webcal:// twin (opens the calendar
    app) and what a feed holds (its window and cap, community/models/events.py)."""
    feed_url = request.build_absolute_uri(reverse("community:public_calendar"))
    return {
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "feed_past_days": FEED_PAST_DAYS,
        "feed_max_events": FEED_MAX_EVENTS,
    }


@permission_required(fn=event_by_pk, visible="community.view_event", login=False)
@require_safe
def event_detail(request, event: Event, pk: int):
    documents = [
        document
        for document in event.documents.select_related("working_group", "project")
        if request.user.has_perm("community.view_document", document)
    ]
    context = {"event": event, "documents": documents, "json_ld": jsonld.event_page(event)}
    return render(request, "community/event_detail.html", context)


@permission_required(fn=event_by_pk, visible="community.view_event", login=False)
@require_safe
def event_ics(request, event: Event, pk: int):
    """One event as an .ics file to add to a calendar (the same rules as its page)."""
    content = build_calendar(feed_events(Event.objects.filter(pk=event.pk)), name=event.title)
    response = _ics_response(content, f"termin-{event.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="termin-{event.pk}.ics"'
    return response


@public
@require_safe
def public_calendar(request):
    """The same for everyone, so built once per content change and selection (community/ical.py).


    The events page's filters (`?partner=…&art=…`) narrow it; unknown values are ignored.
    """
    event_filter = event_filter_ignoring_invalid(request.GET, Event.objects.public())
    selection, labels = selection_of(event_filter)
    name = " – ".join(["Regio.hub", *labels])

    def build() -> bytes:
        return build_public_calendar(event_filter.qs.in_feed(), name=name)

    return _ics_response(cached_public_feed(build, selection), "regiohub.ics")


@public
@never_cache
@require_safe
def private_calendar(request, token: str):
    """A user's own feed: the public events plus the internal ones they may see."""
    feed = CalendarFeedToken.objects.find(token)
    if feed is None or not feed.user.is_active:
        raise Http404
    events = feed_events(Event.objects.visible_to(feed.user).in_feed())
    name = _("Regio.hub (private)")
    return _ics_response(build_calendar(events, name=name), "regiohub-privat.ics")


@public
@require_safe
def tour(request):
    now = timezone.now()
    stops = Event.objects.public().tour_stops().with_related()
    flagship = Project.objects.published().filter(is_flagship=True).first()
    may_request = any(
        request.user.has_perm("community.request_stop", membership.partner)
        for membership in (
            request.user.memberships.select_related("partner")
            if request.user.is_authenticated
            else []
        )
    )
    return render(
        request,
        "community/tour.html",
        {
            "upcoming": list(stops.upcoming(now)),
            "past": list(stops.past(now)),
            "flagship": flagship,
            "may_request": may_request,
        },
    )


@public
@query_params("seite")
@require_safe
def announcement_list(request):
    announcements = Announcement.objects.published().public()
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "community/announcement_list.html", {"page": page})


@public
@require_safe
def announcement_detail(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.published().public(), pk=pk)
    context = {"announcement": announcement, "json_ld": jsonld.announcement_page(announcement)}
    return render(request, "community/announcement_detail.html", context)


@public
@require_safe
def expert_list(request):
    experts = Expert.objects.listed_publicly()
    return render(request, "community/expert_list_public.html", {"experts": experts})


@never_cache
@permission_required(fn=document_by_pk, visible="community.view_document", login=False)
@require_safe
def document_download(request, document: Document, pk: int):
    """Every download goes through here; internal documents only with permission."""
    version = document.current_version
    if version is None:
        raise Http404
    return _file_response(version)


def download_name(version) -> str:
    """The stored name with the extension of the type the content check found.

    Versions stored before names followed the type may still carry the
    uploader's extension ("Protokoll.hta" holding a PDF): the download says .pdf.
    """
    return safe_file_name(
        version.file.name.rsplit("/", 1)[-1], extension=extension_for(version.content_type)
    )


def _file_response(version) -> FileResponse:
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=download_name(version),
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
