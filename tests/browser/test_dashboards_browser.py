"""Each persona's /intern/ in a real browser: what needs doing comes first, and the office's
page fits on two screens.

The world of world.py (its agreement ends on 31 December 2026) plus the amount of
work the hub has on an ordinary day: thirty partners with accessions in every
state, projects waiting for review, stop requests, failed e-mails, events and
council connections. Each dashboard is shot at 375 px and 1280 px (to
DASHBOARD_SCREENSHOTS, a directory, when set), checked with axe and by the
tab's guard.
"""

import datetime
import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from tests.conftest import axe_violations, format_violations

from .checks import guard_problems
from .conftest import open_tab, session_cookie_for
from .routes import ADMIN, EDITOR, MEMBER, OFFICE
from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Two screens of a laptop: 1280 × 800.
SCREEN = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}


def _ordinary_day(world: dict) -> None:
    from community.models import Event, StopRequest
    from loi.models import Accession, Agreement, OParlConnection
    from notifications.models import OutgoingMail
    from projects.models import ProjectTransition, PublicationState
    from tests.factories import PartnerFactory
    from tests.loi.factories import AccessionFactory
    from tests.projects.factories import ProjectFactory

    agreement = Agreement.objects.get(pk=world["agreement_pk"])
    states = list(Accession.Status)
    now = timezone.now()
    for index in range(30):
        partner = PartnerFactory(name=f"Gemeinde Musterort {index:02d}")
        AccessionFactory(agreement=agreement, partner=partner, status=states[index % 4])
        if index < 10:
            OParlConnection.objects.create(
                partner=partner,
                system_url=f"https://ratsinfo{index}.example.org/oparl/system",
                state=OParlConnection.State.OK,
            )
        if index < 6:
            project = ProjectFactory(
                title=f"Antrag {index}",
                lead_partner=partner,
                publication_state=PublicationState.IN_REVIEW,
            )
            ProjectTransition.objects.create(
                project=project,
                action=ProjectTransition.Action.SUBMITTED,
                from_state=PublicationState.DRAFT,
                to_state=PublicationState.IN_REVIEW,
                created_at=now - timedelta(days=index),
            )
        if index < 3:
            StopRequest.objects.create(
                partner=partner,
                preferred_from=timezone.localdate() + timedelta(days=20 + index),
                preferred_until=timezone.localdate() + timedelta(days=40 + index),
                place_name=f"Marktplatz {index}",
                municipality_ags="12069020",
            )
            OutgoingMail.objects.create(
                key=f"failed-{index}",
                to=f"person{index}@example.org",
                subject="Einladung",
                body="Text",
                status=OutgoingMail.Status.FAILED,
            )
        if index < 8:
            start = now + timedelta(days=index + 2)
            Event.objects.create(
                kind=Event.Kind.WORKSHOP,
                title=f"Werkstatt {index}",
                start=start,
                end=start + timedelta(hours=2),
                is_public=True,
            )


@pytest.fixture(scope="module")
def busy_world(django_db_setup, django_db_blocker, live_server_thread, tmp_path_factory):
    """world.py's data and an ordinary day's work, committed once for the module
    (as tests/browser/conftest.py's module_world, which explains the set-up)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private-media")),
        live_server_thread._live_server_modified_settings,
    ):
        cache.clear()
        try:
            world = build_world()
            _ordinary_day(world)
            yield world
        finally:
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()
            connections.close_all()


@pytest.fixture(scope="module")
def dashboard_tab(browser, live_server_thread, busy_world, django_db_blocker):
    """`dashboard_tab(persona)`: a tab of that persona on /intern/ (its own context)."""
    origin = live_server_thread.url
    with django_db_blocker.unblock():
        cookies = {
            persona: session_cookie_for(busy_world[persona], origin)
            for persona in (MEMBER, EDITOR, ADMIN, OFFICE)
        }
    contexts = []

    def _open(persona: str, viewport: dict):
        context, tab = open_tab(browser, origin, viewport=viewport)
        context.add_cookies([cookies[persona]])
        contexts.append(context)
        tab.goto("/intern/")
        return tab

    yield _open
    for context in contexts:
        context.close()


def _screenshot(tab, name: str) -> None:
    directory = os.environ.get("DASHBOARD_SCREENSHOTS")
    if directory:
        os.makedirs(directory, exist_ok=True)
        tab.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def _first_section_heading(tab) -> str:
    return tab.evaluate(
        """() => {
            const h1 = document.querySelector('h1');
            return [...document.querySelectorAll('h2')]
                .find(h2 => h1.compareDocumentPosition(h2) & Node.DOCUMENT_POSITION_FOLLOWING).id;
        }"""
    )


@pytest.mark.parametrize("width", [PHONE, SCREEN], ids=["375", "1280"])
@pytest.mark.parametrize("persona", [MEMBER, EDITOR, ADMIN, OFFICE])
def test_each_dashboard_starts_with_what_needs_doing(dashboard_tab, persona, width):
    tab = dashboard_tab(persona, width)
    _screenshot(tab, f"dashboard-{persona}-{width['width']}")
    # The first heading after the page's own is the to-do list.
    assert _first_section_heading(tab) == "todos-heading"
    items = tab.locator("#todos li").all_inner_texts()
    deadline = [index for index, text in enumerate(items) if "Absichtserklärung endet in" in text]
    if not _in_window():  # the world's agreement ends on 31 December 2026
        assert deadline == []
    elif persona == OFFICE:
        # Dated things first (the stop requests' wished dates, the agreement's end),
        # then the failed e-mails, then the projects waiting for review.
        assert len(deadline) == 1
        assert "E-Mails konnten nicht versendet werden" in items[deadline[0] + 1]
        assert "Projekte warten auf Prüfung" in items[deadline[0] + 2]
    else:
        assert deadline == [0]
    width_px = tab.evaluate("() => document.documentElement.scrollWidth")
    assert width_px <= width["width"], f"scrolls sideways: {width_px} px"
    violations = axe_violations(tab)
    assert violations == [], format_violations(violations)
    assert guard_problems(tab, "de") == []


def _in_window() -> bool:
    from loi.models import REMINDER_THRESHOLDS

    days = (datetime.date(2026, 12, 31) - timezone.localdate()).days
    return 0 <= days <= max(REMINDER_THRESHOLDS)


def test_the_office_dashboard_fits_on_two_screens_at_1280_px(dashboard_tab):
    tab = dashboard_tab(OFFICE, SCREEN)
    height = tab.evaluate("() => document.documentElement.scrollHeight")
    print(f"office /intern/ at 1280 px: {height} px")
    assert height <= 2 * SCREEN["height"], f"{height} px is more than two screens"
    # The details are behind links and folded tables, still reachable.
    assert (
        tab.locator("section[aria-labelledby=panel-office-partners] details summary").count() == 1
    )
