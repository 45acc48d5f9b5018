"""/karte/ in a real browser: keyboard, no foreign request, axe."""

import os
import re

import pytest

from partners.realdata import load_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HASHED = re.compile(r"(\.[0-9a-f]{12})(?=\.css$)")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_map_page_has_no_accessibility_violations(page, assert_accessible, language):
    load_partners()
    _serve_static_by_source_name(page)
    page.goto(f"/karte/?language={language}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    if os.environ.get("MAP_SCREENSHOT"):
        page.screenshot(path=os.environ["MAP_SCREENSHOT"], full_page=True)


def test_map_markers_are_reached_by_keyboard_and_named(page):
    load_partners()
    page.goto("/karte/")
    link = page.get_by_role("link", name="Partner: Landkreis Teltow-Fläming")
    assert link.count() == 1
    link.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "Partner: Landkreis Teltow-Fläming"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/partner/landkreis-teltow-flaeming/")


def _serve_static_by_source_name(page):
    """pytest-django's live server serves static files through the finders, which do
    not know the fingerprinted names in the pages (`map.265fae26e852.css`), so the
    browser would get no CSS at all. Ask for the source name instead."""

    def unhash(route):
        route.continue_(url=HASHED.sub("", route.request.url))

    page.route("**/static/**/*.css", unhash)


def test_the_map_fits_a_narrow_screen(page):
    load_partners()
    _serve_static_by_source_name(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/karte/")
    assert page.evaluate("() => [...document.styleSheets].at(-1).cssRules.length") > 0
    # The map keeps its narrowest drawing width (24 px tap targets) and scrolls
    # sideways in its own focusable region; the page itself does not.
    region = page.locator(".rh-map__scroll")
    assert 0 < region.evaluate("node => node.clientWidth") <= 320
    assert region.get_attribute("tabindex") == "0"
    assert page.evaluate("() => document.querySelector('.rh-map__svg').clientWidth") == 600
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
