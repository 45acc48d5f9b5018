"""The site search in a real browser: from the header of any page, at phone and desktop
width, without JavaScript needed, and accessible (axe) on both pages."""

import pytest

from tests.insights.test_map_browser import _serve_static_by_source_name
from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("query", ["Verwaltungen", "Verwaltng"])
def test_the_header_search_finds_by_stem_and_by_typo(page, assert_accessible, width, query):
    project = PublishedProjectFactory(title="Digitale Verwaltung im Fläming")
    _serve_static_by_source_name(page)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/termine/")

    field = page.get_by_role("search", name="Suche im Portal").get_by_label("Suchbegriff")
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    field.fill(query)
    field.press("Enter")

    page.wait_for_url(f"**/suche/?q={query}")
    assert page.locator("h1").count() == 1
    link = page.get_by_role("link", name="Digitale Verwaltung im Fläming")
    assert link.get_attribute("href") == f"/projekte/{project.slug}/"
    assert page.get_by_text("1 Ergebnis für", exact=False).is_visible()
    # The query stays in the page's own field.
    assert page.locator("#id_q").input_value() == query
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def test_the_search_works_without_javascript(browser, live_server):
    PublishedProjectFactory(title="Digitale Verwaltung im Fläming")
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    try:
        tab = context.new_page()
        tab.goto("/")
        tab.get_by_label("Suchbegriff").first.fill("Verwaltungen")
        tab.get_by_role("button", name="Suche").first.click()
        # Without JavaScript the button loads a new page: wait until it is there.
        tab.wait_for_url("**/suche/?q=Verwaltungen")
        tab.wait_for_load_state()
        assert tab.get_by_role("link", name="Digitale Verwaltung im Fläming").count() == 1
    finally:
        context.close()
