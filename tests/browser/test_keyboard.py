"""Keyboard-only journeys: everything reached with Tab, typed, and sent with Enter
or Space, with a visible focus at every stop (WCAG 2.1.1, 2.4.3, 2.4.7)."""

import pytest
from django.utils import translation

from legal.models import BarrierReport
from tests.factories import PASSWORD, fresh_totp_code

from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(tab, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus, checking the
    focus is visible on every stop on the way."""
    previous, wrapped = None, False
    for _ in range(limit):
        tab.keyboard.press("Tab")
        state = _focus_state(tab, selector)
        if state["left"]:  # past the end of the page: Tab starts again at the top, once
            assert not wrapped, f"{selector} cannot be reached with Tab"
            wrapped = True
            continue
        # Tab also steps through the day, month and year of a date input; the
        # focus is checked when it arrives at an element.
        if state["name"] != previous:
            assert state["visible"], f"no visible focus on {state['name']} ({state['style']})"
        previous = state["name"]
        if state["match"]:
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def _focus_state(tab, selector: str) -> dict:
    return tab.evaluate(
        """(selector) => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const outline = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) > 0;
                return {
                    match: element.matches(selector),
                    left: element === document.body,
                    visible: outline || style.boxShadow !== 'none',
                    name: element.tagName + '#' + element.id + '.' + element.className,
                    style: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(' / '),
                };
            }""",
        selector,
    )


def test_showcase_filters_work_with_the_keyboard(tab_as):
    world = build_world()
    tab = tab_as()
    tab.goto("/projekte/")
    tab_to(tab, "#id_handlungsfeld")
    # The arrow keys move through the options without applying anything (WCAG
    # 3.2.2): no request, the focus stays in the select.
    tab.keyboard.press("ArrowDown")
    tab.wait_for_timeout(500)
    assert "handlungsfeld" not in tab.url
    assert tab.evaluate("() => document.activeElement.id") == "id_handlungsfeld"
    # The button applies the filters (htmx swaps the results); the focus stays on it.
    tab_to(tab, "form[role=search] button[type=submit]")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**handlungsfeld=mobilitaet**")
    results = tab.locator("#project-results")
    results.get_by_role("link", name=world["project"].title).wait_for()
    assert results.get_by_role("link", name="Smarte Laternen").count() == 0
    assert tab.evaluate("() => document.activeElement.type") == "submit"


@pytest.mark.parametrize("language", ["de", "en"])
def test_login_with_a_second_factor_works_with_the_keyboard(language, tab_as, assert_accessible):
    world = build_world()
    tab = tab_as()
    tab.goto(f"/accounts/login/?language={language}")  # remembered in the language cookie
    tab_to(tab, "input[name=login]")
    tab.keyboard.type(world["office"].email)
    tab_to(tab, "input[name=password]")
    tab.keyboard.type(PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    tab.wait_for_url("**/accounts/2fa/authenticate/**")
    # The second step, which no plain visit reaches: in the chosen language,
    # one h1, and nothing axe objects to.
    assert tab.locator("html").get_attribute("lang") == language
    assert tab.locator("h1").count() == 1
    with translation.override(language):
        expected = translation.gettext("Two-Factor Authentication")  # allauth's heading
    assert tab.locator("h1").inner_text().strip() == expected
    assert_accessible(tab)
    tab_to(tab, "input[name=code]")
    code = fresh_totp_code()
    tab.keyboard.type(code)
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/intern/**")
    assert tab.locator("h1").count() == 1
    assert tab.locator("html").get_attribute("lang") == language


def test_the_project_form_works_with_the_keyboard(tab_as):
    world = build_world()
    tab = tab_as(world["editor"])
    tab.goto("/intern/projekte/neu/")
    tab_to(tab, "#id_title")
    tab.keyboard.type("Tastatur-Projekt")
    tab_to(tab, "#id_summary")
    tab.keyboard.type("Mit der Tastatur angelegt.")
    tab_to(tab, "#id_description")
    tab.keyboard.type("Ein Projekt, nur mit der Tastatur erfasst.")
    tab_to(tab, "#id_lead_partner")
    tab.keyboard.press("ArrowDown")  # the editor's own partner
    tab_to(tab, "input[name=fields_of_action]")
    tab.keyboard.press("Space")
    tab_to(tab, "button[name=action][value=save]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    errors = tab.locator(".kern-error").all_inner_texts()
    assert "Tastatur-Projekt" in tab.locator("h1").inner_text(), errors


def test_a_barrier_report_with_errors_leads_the_keyboard_to_the_fields(tab_as):
    build_world()
    tab = tab_as()
    tab.goto("/barrierefreiheit/")
    tab_to(tab, "#id_description")
    tab.keyboard.type("zu kurz")
    tab_to(tab, "#meldung button[type=submit]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    # The error summary takes the focus, its link leads to the field.
    assert tab.evaluate("() => document.activeElement.id") == "fehler"
    tab_to(tab, "#fehler a")
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "id_description"
    tab.keyboard.press("Control+a")
    tab.keyboard.type("Der Kontrast der Filterknöpfe ist zu schwach.")
    tab_to(tab, "#meldung button[type=submit]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert BarrierReport.objects.filter(description__startswith="Der Kontrast der").exists()
    assert "Vielen Dank" in tab.locator("#messages").inner_text()


def test_the_scrollable_cookie_table_shows_the_keyboard_focus(tab_as):
    tab = tab_as(viewport={"width": 320, "height": 640})
    tab.goto("/datenschutz/")
    tab_to(tab, ".kern-table-responsive")
