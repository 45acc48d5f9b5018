"""The demo content for `make run`: marked as demo, idempotent, tour stops on both sides of DST."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from community.demo import load_demo
from community.models import Announcement, Event, Expert, WorkingGroup
from partners.realdata import load_partners

pytestmark = pytest.mark.django_db


def _command():
    return SimpleNamespace(stdout=StringIO())


def test_demo_is_idempotent_and_marked():
    load_partners()
    load_demo(_command())
    counts = [model.objects.count() for model in (Event, WorkingGroup, Announcement, Expert)]
    load_demo(_command())
    assert [model.objects.count() for model in (Event, WorkingGroup, Announcement, Expert)] == (
        counts
    )
    for model in (Event, WorkingGroup, Announcement, Expert):
        assert not model.objects.filter(is_demo=False).exists()
        assert all(str(item).startswith("[Demo]") for item in model.objects.all())


def test_demo_tour_stops_import_with_summer_and_winter_offsets(client):
    load_partners()
    load_demo(_command())
    calendar = Calendar.from_ical(client.get("/termine.ics").content)
    stops = [
        entry
        for entry in calendar.walk("VEVENT")
        if str(entry["summary"]).startswith("[Demo] Innovationsmobil")
    ]
    assert len(stops) == 7
    starts = [entry.decoded("dtstart") for entry in stops]
    assert {start.hour for start in starts} == {10}
    assert {start.utcoffset() for start in starts} == {timedelta(hours=1), timedelta(hours=2)}
    assert all(Event.objects.get(title=str(entry["summary"])).host_partner for entry in stops)
