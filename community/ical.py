"""iCalendar (RFC 5545) feeds of events, made with the icalendar library."""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Timezone, vGeo
from icalendar import Event as ICalEvent

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Regio.hub//Portal//DE"


def build_calendar(events, *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event, times in Europe/Berlin with VTIMEZONE.

    The UID of an event never changes, DTSTAMP is the last change of the
    event, so calendar clients update entries instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    # The VTIMEZONE for the TZID the events use (from_tzid is quick; letting
    # icalendar search the events for missing zones costs close to a second).
    calendar.add_component(Timezone.from_tzid("Europe/Berlin"))
    for event in events:
        entry = ICalEvent()
        entry.add("uid", event.ical_uid)
        entry.add("dtstamp", event.updated_at.astimezone(UTC))
        entry.add("dtstart", event.start.astimezone(BERLIN))
        entry.add("dtend", event.end.astimezone(BERLIN))
        entry.add("summary", event.title)
        entry.add("categories", [event.get_kind_display()])
        entry.add("class", "PUBLIC" if event.is_public else "PRIVATE")
        if event.location_text:
            entry.add("location", event.location_text)
        if event.latitude is not None and event.longitude is not None:
            entry.add("geo", vGeo((float(event.latitude), float(event.longitude))))
        description = event.agenda.strip()
        if event.host_partner_id:
            host = event.host_partner.name
            description = f"{host}\n\n{description}" if description else host
        if description:
            entry.add("description", description)
        entry.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        calendar.add_component(entry)
    return calendar.to_ical()
