import pytest

from partners.realdata import load_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/partner/", "/partner/landkreis-teltow-flaeming/"]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_accessibility_violations(page, assert_accessible, path, language):
    load_partners()
    page.goto(f"{path}?language={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    load_partners()
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


def test_the_directory_filter_works_without_javascript(browser, live_server):
    load_partners()
    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", base_url=live_server.url
    )
    tab = context.new_page()
    tab.goto("/partner/")
    tab.select_option("#id_art", "landkreis")
    tab.get_by_role("button", name="Anzeigen").click()
    assert "art=landkreis" in tab.url
    assert tab.get_by_role("link", name="Landkreis Havelland").count() == 1
    assert tab.get_by_role("link", name="Stadt Luckenwalde").count() == 0
    context.close()


def test_the_accessibility_check_catches_a_real_violation(page):
    """Guard against a harness that cannot fail: a nameless button must be reported."""
    from tests.conftest import axe_violations

    page.goto("/robots.txt")
    page.set_content('<html lang="de"><body><main><button></button></main></body></html>')
    assert "button-name" in {violation["id"] for violation in axe_violations(page)}
