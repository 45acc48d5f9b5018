"""Event times: the date written once when an event starts and ends on one day."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from community.models import Event

BERLIN = ZoneInfo("Europe/Berlin")


def render(start, end) -> str:
    template = Template("{% load core %}{% time_range start end %}")
    with translation.override("de"):
        return template.render(Context({"start": start, "end": end}))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_same_day_event_names_its_day_once():
    start = datetime.datetime(2026, 12, 15, 10, 0, 0, 275686, tzinfo=BERLIN)
    html = render(start, start.replace(hour=16, microsecond=0))
    assert text_of(html) == "Dienstag, 15. Dezember 2026, 10:00–16:00 Uhr"
    assert '<time datetime="2026-12-15T10:00:00+01:00">' in html  # no microseconds
    assert '<time datetime="2026-12-15T16:00:00+01:00">16:00</time>' in html


def test_an_event_over_two_days_names_both():
    start = datetime.datetime(2026, 12, 15, 10, 0, tzinfo=BERLIN)
    html = render(start, start + datetime.timedelta(days=1))
    assert text_of(html) == (
        "Dienstag, 15. Dezember 2026, 10:00 – Mittwoch, 16. Dezember 2026, 10:00 Uhr"
    )


def test_the_day_is_the_day_in_berlin_not_in_utc():
    # 23:30 UTC is already the next day in Berlin: starts and ends on 16 December there.
    start = datetime.datetime(2026, 12, 15, 23, 30, tzinfo=datetime.UTC)
    html = render(start, start + datetime.timedelta(hours=1))
    assert text_of(html) == "Mittwoch, 16. Dezember 2026, 00:30–01:30 Uhr"


@pytest.mark.django_db
def test_the_event_page_and_list_write_a_same_day_event_once(client):
    start = datetime.datetime(2026, 12, 15, 10, 0, tzinfo=BERLIN)
    event = Event.objects.create(
        kind=Event.Kind.WORKSHOP,
        title="Tageswerkstatt",
        start=start,
        end=start.replace(hour=16),
        is_public=True,
    )
    for path in (f"/termine/{event.pk}/", "/termine/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert "Dienstag, 15. Dezember 2026, 10:00</time>–<time" in html, path
        assert html.count("Dienstag, 15. Dezember 2026") == 1, path
