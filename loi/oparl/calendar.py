"""The councils' next dates as iCalendar (RFC 5545), made with the icalendar library."""

from __future__ import annotations

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .dates import CouncilDate

DEFAULT_LENGTH = datetime.timedelta(hours=2)
CALENDAR_SALT = "loi.council-calendar"


def calendar_token(user) -> str:
    """The key in the feed's address: the office member's id, signed (SECRET_KEY)."""
    return signing.dumps(user.pk, salt=CALENDAR_SALT, compress=True)


def calendar_url(request) -> str:
    return request.build_absolute_uri(
        reverse("loi:council_calendar", kwargs={"token": calendar_token(request.user)})
    )


def council_calendar(dates: list[CouncilDate]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Regio.hub//Ratstermine//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Regio.hub: council dates of open accessions"))
    stamp = timezone.now()
    for date in dates:
        event = Event()
        event.add("uid", date.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", date.start)
        event.add("dtend", date.start + DEFAULT_LENGTH)
        event.add("summary", f"{date.partner_name}: {date.body}")
        event.add("description", date.name)
        event.add("url", date.url)
        calendar.add_component(event)
    return calendar.to_ical()
