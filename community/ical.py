"""iCalendar (RFC 5545) feeds of events, made with the icalendar library.

A feed holds up to a thousand VEVENTs (FEED_MAX_EVENTS), so the build
avoids icalendar's slow paths (see `build_calendar`), and the public feed is
kept in the shared cache under the page cache's content generation
(`cached_public_feed`), so it is rebuilt only after something it shows changed.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from threading import Lock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast, TruncWeek
from django.urls import reverse
from django.utils.translation import get_language
from icalendar import Calendar, Timezone, vCategory, vDDDTypes, vGeo, vText, vUri
from icalendar import Event as ICalEvent
from icalendar.parser import Contentline, Parameters

from core import pagecache
from core.text import strip_control_characters

from .models import Event
from .models.events import FEED_MAX_EVENTS, ical_uid, location_text

BERLIN = ZoneInfo("Europe/Berlin")
TZID = "Europe/Berlin"
PRODID = "-//Regio.hub//Portal//DE"
# RFC 5545 3.1: content lines of 75 octets or more are folded.
FOLD_AT = 75
# The feed window (FEED_PAST_DAYS) moves with the clock, not with a save: a
# cached feed is rebuilt after at most this long even when nothing changed.
FEED_CACHE_SECONDS = 300
FEED_CACHE_PREFIX = "ical:public:"
NO_PARAMETERS = Parameters()  # only read while serialising


# What a VEVENT shows: the feed reads only these columns (and the host's name),
# as rows, not model instances (a feed holds thousands of events).
FEED_COLUMNS = (
    "pk",
    "uid",
    "kind",
    "title",
    "start",
    "end",
    "place_name",
    "address",
    "municipality_ags",
    "latitude",
    "longitude",
    "is_public",
    "agenda",
    "updated_at",
    "host_partner__name",
)


def feed_events(events):
    """The events of a feed in order, as rows of what `build_calendar` reads."""
    return events.order_by("start", "pk").values_list(*FEED_COLUMNS, named=True)


def _local(moment: datetime) -> vDDDTypes:
    """A DATE-TIME in Berlin local time with TZID=Europe/Berlin.

    Given an aware datetime, icalendar looks up the TZID of its tzinfo on every
    value (and again while serialising); the naive local time with the TZID set
    once gives the same content line without that per-event timezone work.
    """
    value = vDDDTypes(moment.astimezone(BERLIN).replace(tzinfo=None))
    value.params["TZID"] = TZID
    return value


def _url_maker() -> Callable[[int], str]:
    """The absolute URL of an event page from its pk, with one reverse() per feed."""
    marker = "987654321"
    path = reverse("community:event_detail", kwargs={"pk": int(marker)})
    before, after = f"{settings.SITE_URL}{path}".split(marker)
    return lambda pk: f"{before}{pk}{after}"


def _serialise(calendar) -> bytes:
    """`calendar.to_ical()`, byte for byte, with less work per content line.

    What `Component.content_lines()` and `Contentlines.to_ical()` do, except that
    a property's own parameters are passed on (content_lines builds an empty
    Parameters object for every line first) and only lines of 75 octets or more
    go through icalendar's folding, which walks every character.
    """
    lines = []
    for name, value in calendar.property_items():
        line = Contentline.from_parts(name, getattr(value, "params", NO_PARAMETERS), value)
        data = line.encode()
        lines.append(data if len(data) < FOLD_AT else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


def build_calendar(events, *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event row (`feed_events`), times in Europe/Berlin.

    The UID of an event never changes, DTSTAMP is the last change of the
    event, so calendar clients update entries instead of duplicating them.
    Properties are set as icalendar's own value types (what `Component.add`
    would infer, without the inference per value); the result is the same as
    with `add()` and `to_ical()` (tests/community/test_calendar.py checks it).
    Each VEVENT is serialised by `_vevent`, a pure function of the values it
    shows, memoised per process: after a change only the changed events are
    serialised again.
    """
    return _calendar_head(strip_control_characters(name)) + _vevents(events) + CALENDAR_END


def _vevents(events) -> bytes:
    """The VEVENTs of the event rows, one after the other."""
    return b"".join(_each_vevent(events))


def _each_vevent(events) -> Iterator[bytes]:
    """The VEVENT of each event row, in turn."""
    kinds = {value: str(label) for value, label in Event.Kind.choices}
    url = _url_maker()
    for event in events:
        description = event.agenda.strip()
        host = event.host_partner__name
        if host:
            description = f"{host}\n\n{description}" if description else host
        has_geo = event.latitude is not None and event.longitude is not None
        yield _vevent(
            uid=ical_uid(event.uid),
            updated_at=event.updated_at,
            start=event.start,
            end=event.end,
            title=strip_control_characters(event.title),
            category=kinds.get(event.kind, event.kind),
            is_public=event.is_public,
            location=strip_control_characters(
                location_text(event.place_name, event.address, event.municipality_ags)
            ),
            geo=(float(event.latitude), float(event.longitude)) if has_geo else None,
            description=strip_control_characters(description),
            url=url(event.pk),
        )


# --- The public feed in weekly fragments --------------------------------------
#
# A feed holds up to FEED_MAX_EVENTS VEVENTs (about 350 KB): reading and
# serialising them all after every content change is needless work. The public
# feed is therefore put together from one fragment per calendar week (ISO
# week, Monday to Sunday, Berlin time) kept in the shared cache, and each
# process keeps the VEVENTs it has drawn.
#
# One narrow query reads every event of the feed as its pk, its week and its
# version: its last change and its host's, as the database writes them (text,
# because only equality matters here, and text loads faster than datetimes,
# with no conversion by Django). A fragment's key is a digest of the language
# (the categories), the site (the URLs) and the pk and version of each of its
# events, so any edit, addition, deletion or move of an event, a renamed or
# deleted host, and the window or the cap moving on change the key of the
# weeks concerned. Only those weeks are put together again, from the VEVENTs
# this process has drawn for those versions; the full rows are read only of
# the events it has not (after an edit, usually one). So a cold build costs
# the same however many events a week holds (issue 21): the narrow rows of
# the feed's at most FEED_MAX_EVENTS events and the full rows of the changed.
FRAGMENT_PREFIX = "ical:week:"
FRAGMENT_SECONDS = 7 * 24 * 3600

VERSION = {
    "version": Cast("updated_at", output_field=TextField()),
    "host_version": Cast("host_partner__updated_at", output_field=TextField()),
}


def feed_versions(events):
    """(pk, week, version, host version) of each event in feed order, all but pk as text."""
    return (
        events.annotate(week=Cast(TruncWeek("start", tzinfo=BERLIN), TextField()), **VERSION)
        .order_by("start", "pk")
        .values_list("pk", "week", "version", "host_version")
    )


def fragment_key(context: tuple[str, str], members: list[tuple]) -> str:
    """The key of a week's fragment: what its bytes depend on, as a digest."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(context).encode())
    for pk, _, version, host_version in members:
        digest.update(f"\x1e{pk}\x1f{version}\x1f{host_version or ''}".encode())
    return f"{FRAGMENT_PREFIX}{digest.hexdigest()}"


class _DrawnEvents:
    """The VEVENTs this process has drawn, by (language, site, pk, version, host
    version): bounded, the least recently used leave first."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, vevent: bytes) -> None:
        with self._lock:
            self._entries[key] = vevent
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


DRAWN = _DrawnEvents(4 * FEED_MAX_EVENTS)


def build_public_calendar(events, *, name: str) -> bytes:
    """The same bytes as `build_calendar(feed_events(events))`, from weekly fragments."""
    context = (get_language() or "", settings.SITE_URL)
    weeks: dict[str, list[tuple]] = {}
    for row in feed_versions(events):
        weeks.setdefault(row[1], []).append(row)
    keys = {week: fragment_key(context, members) for week, members in weeks.items()}
    found = cache.get_many(list(keys.values()))
    missing = [week for week, key in keys.items() if key not in found]
    built = {keys[week]: fragment for week, fragment in _fragments(weeks, missing, context)}
    if built:
        cache.set_many(built, FRAGMENT_SECONDS)
    head = _calendar_head(strip_control_characters(name))
    fragments = (found[key] if key in found else built[key] for key in keys.values())
    return b"".join([head, *fragments, CALENDAR_END])


def _fragments(weeks: dict, missing: list, context: tuple) -> Iterator[tuple[str, bytes]]:
    """(week, fragment) of each missing week, from the VEVENTs this process has drawn
    and, for the events it has not, one query of their full rows."""
    members = [row for week in missing for row in weeks[week]]
    drawn = {pk: DRAWN.get((*context, pk, *version)) for pk, _, *version in members}
    new = [pk for pk, vevent in drawn.items() if vevent is None]
    if new:
        rows = list(
            Event.objects.filter(pk__in=new)
            .annotate(**VERSION)
            .order_by()
            .values_list(*FEED_COLUMNS, *VERSION, named=True)
        )
        for row, vevent in zip(rows, _each_vevent(rows), strict=True):
            # Kept under the version read now: an event saved between the two
            # reads is drawn as it is now (the feed's generation moved on anyway).
            DRAWN.put((*context, row.pk, row.version, row.host_version), vevent)
            drawn[row.pk] = vevent
    for week in missing:
        # An event deleted between the two reads is left out.
        yield week, b"".join(drawn[row[0]] or b"" for row in weeks[week])


CALENDAR_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=16)
def _calendar_head(name: str) -> bytes:
    """BEGIN:VCALENDAR, its properties and the VTIMEZONE: what comes before the events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    # The VTIMEZONE for the TZID the events use (from_tzid is quick; letting
    # icalendar search the events for missing zones costs close to a second).
    calendar.add_component(Timezone.from_tzid(TZID))
    whole = _serialise(calendar)
    assert whole.endswith(CALENDAR_END)  # nosec B101 - icalendar always ends with it
    return whole[: -len(CALENDAR_END)]


@lru_cache(maxsize=20_000)
def _vevent(
    *,
    uid: str,
    updated_at: datetime,
    start: datetime,
    end: datetime,
    title: str,
    category: str,
    is_public: bool,
    location: str,
    geo: tuple[float, float] | None,
    description: str,
    url: str,
) -> bytes:
    """One VEVENT's content lines; every value it shows is an argument."""
    entry = ICalEvent()
    entry["UID"] = vText(uid)
    entry["DTSTAMP"] = vDDDTypes(updated_at.astimezone(UTC))
    entry["DTSTART"] = _local(start)
    entry["DTEND"] = _local(end)
    entry["SUMMARY"] = vText(title)
    entry["CATEGORIES"] = vCategory([category])
    entry["CLASS"] = vText("PUBLIC" if is_public else "PRIVATE")
    if location:
        entry["LOCATION"] = vText(location)
    if geo is not None:
        entry["GEO"] = vGeo(geo)
    if description:
        entry["DESCRIPTION"] = vText(description)
    entry["URL"] = vUri(url)
    return _serialise(entry)


def public_feed_key(selection: str = "") -> str:
    """The public feed differs by language (the categories), site (the URLs) and
    the selection (the filters, as a canonical query string)."""
    return f"{FEED_CACHE_PREFIX}{get_language()}:{settings.SITE_URL}:{selection}"


def cached_public_feed(build: Callable[[], bytes], selection: str = "") -> bytes:
    """The public feed from the shared cache, built by `build()` when missing or stale.

    Only for the public feed, which is the same for everyone: a private feed
    must never come from a shared cache. The entry is valid while the page
    cache's content generation is unchanged; every save or delete of an event,
    a partner or any other content model replaces it (core/pagecache.py),
    so an edit shows in the feed at once. The generation is read before the
    build: a save during the build makes the stored entry stale at once.
    """
    key = public_feed_key(selection)
    found = cache.get_many([pagecache.GENERATION_KEY, key])
    generation = pagecache.current_generation(found.get(pagecache.GENERATION_KEY))
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    body = build()
    cache.set(key, (generation, body), FEED_CACHE_SECONDS)
    return body
