"""Journeys in a real browser: publishing news, reading it, subscribing to the calendar."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from icalendar import Calendar

from community.models import Announcement, Event, StopRequest
from partners.realdata import load_partners

from .factories import (
    AnnouncementFactory,
    EventFactory,
    ExpertFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user) -> None:
    """Log the browser in as `user` (the login pages are tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_office_publishes_to_all_partners_and_a_member_reads_it(
    page, browser, live_server, run_worker, office, member_a
):
    log_in(page, live_server, office)
    page.goto("/admin/community/announcement/add/")
    page.fill("#id_title", "Förderaufruf Smart Region")
    page.fill("#id_body", "Bitte reichen Sie **Projektideen** ein.")
    page.select_option("#id_audience", Announcement.Audience.PARTNERS)
    page.select_option("#id_state", Announcement.State.PUBLISHED)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/community/announcement/")
    assert Announcement.objects.get().state == Announcement.State.PUBLISHED

    run_worker()  # the worker beside the web server sends the mail
    assert [message.to for message in mail.outbox] == [[member_a.email]]
    assert "Förderaufruf Smart Region" in mail.outbox[0].subject

    member_context = browser.new_context(locale="de-DE", base_url=live_server.url)
    member_page = member_context.new_page()
    log_in(member_page, live_server, member_a)
    member_page.goto("/intern/")
    member_page.get_by_role("link", name="Förderaufruf Smart Region").click()
    assert member_page.locator("h1").inner_text() == "Förderaufruf Smart Region"
    assert member_page.locator("strong", has_text="Projektideen").count() == 1
    member_context.close()


def test_visitor_finds_the_calendar_subscription(page, live_server):
    EventFactory(title="Innovationsmobil in Jüterbog", kind=Event.Kind.TOUR_STOP)
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Termine"
    ).click()
    subscribe = page.get_by_role("link", name="In Ihrer Kalender-App abonnieren")
    assert subscribe.get_attribute("href").startswith("webcal://")
    address = page.get_by_label("Kalenderadresse", exact=False)
    assert address.is_visible()
    response = page.request.get(address.input_value())
    calendar = Calendar.from_ical(response.body())
    assert [str(entry["summary"]) for entry in calendar.walk("VEVENT")] == [
        "Innovationsmobil in Jüterbog"
    ]


def test_public_pages_have_no_accessibility_violations(page, assert_accessible):
    load_partners()
    event = EventFactory(kind=Event.Kind.TOUR_STOP, agenda="## Ablauf\n\n- Begrüßung")
    announcement = AnnouncementFactory(body="Text mit [Link](https://example.org).")
    from django.utils import timezone

    ExpertFactory(public_consent_at=timezone.now())
    for path in [
        "/termine/",
        f"/termine/{event.pk}/",
        "/innovationsmobil/",
        "/aktuelles/",
        f"/aktuelles/{announcement.pk}/",
        "/experten/",
        "/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_internal_pages_have_no_accessibility_violations(
    page, live_server, assert_accessible, admin_a, partner_a
):
    group = WorkingGroupFactory(name="AG Barrierefreiheit")
    WorkingGroupMemberFactory(group=group, user=admin_a, is_lead=True)
    EventFactory(is_public=False, host_partner=partner_a, working_group=group)
    AnnouncementFactory(audience=Announcement.Audience.PARTNERS)
    ExpertFactory()
    log_in(page, live_server, admin_a)
    for path in [
        "/intern/",
        "/intern/arbeitsgruppen/",
        group.get_absolute_url(),
        "/intern/aktuelles/",
        "/intern/kalender/",
        "/intern/benachrichtigungen/",
        "/intern/experten/",
        "/intern/bibliothek/",
        "/intern/innovationsmobil/anfrage/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_partner_admin_requests_a_stop_without_javascript(browser, live_server, admin_a):
    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", base_url=live_server.url
    )
    tab = context.new_page()
    log_in(tab, live_server, admin_a)
    tab.goto("/intern/innovationsmobil/anfrage/")
    tab.fill("#id_preferred_from", "2027-05-03")
    tab.fill("#id_preferred_until", "2027-05-28")
    tab.fill("#id_place_name", "Marktplatz")
    tab.locator("form button[type=submit]").last.click()
    tab.wait_for_url("**/innovationsmobil/")
    assert StopRequest.objects.get().place_name == "Marktplatz"
    context.close()


WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
    .filter(element => element.getBoundingClientRect().right > 321)
    .slice(0, 5)
    .map(element => element.tagName.toLowerCase() + '.' + element.className)"""


def test_pages_reflow_at_320_px_without_sideways_scrolling(page, live_server, admin_a, partner_a):
    """WCAG 1.4.10: the new pages work at 320 CSS px in German (longer words)."""
    load_partners()
    group = WorkingGroupFactory(name="AG Datenkompetenz")
    WorkingGroupMemberFactory(group=group, user=admin_a, is_lead=True)
    event = EventFactory(kind=Event.Kind.TOUR_STOP, host_partner=partner_a)
    AnnouncementFactory()
    ExpertFactory()
    log_in(page, live_server, admin_a)
    page.set_viewport_size({"width": 320, "height": 640})
    problems = []
    for path in [
        "/termine/",
        f"/termine/{event.pk}/",
        "/innovationsmobil/",
        "/aktuelles/",
        "/intern/",
        group.get_absolute_url(),
        "/intern/kalender/",
        "/intern/benachrichtigungen/",
        "/intern/experten/",
        "/intern/innovationsmobil/anfrage/",
    ]:
        page.goto(f"{path}?language=de")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: {width} px {page.evaluate(WIDE_ELEMENTS)}")
    assert not problems
