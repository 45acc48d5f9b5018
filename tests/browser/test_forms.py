"""The one field template in a real browser: forms with errors are accessible, reflow
at 320 px, and their error summary leads the keyboard to the fields; KERN's classes
lay out what the portal's own copies did."""

import pytest

from tests.browser.checks import page_problems
from tests.browser.test_keyboard import tab_to
from tests.browser.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_period_with_errors_is_accessible_and_reflows(tab_as):
    world = build_world()
    tab = tab_as(world["office"])
    problems = page_problems(
        tab, "/intern/bericht/?von=gestern&bis=&format=xlsx", "de", reflow=True
    )
    assert not problems, "\n".join(problems)
    assert tab.locator(".rh-error-summary a").count() == 2
    assert tab.locator("[aria-invalid=true]").count() == 2


def test_a_failed_login_leads_the_keyboard_from_the_summary_to_the_field(tab_as, assert_accessible):
    tab = tab_as()
    tab.goto("/accounts/login/")
    tab_to(tab, "main button[type=submit]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "fehler"
    assert_accessible(tab)
    tab_to(tab, "#fehler a")
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "id_login"
    assert tab.locator("#id_login").get_attribute("aria-invalid") == "true"


def test_a_project_naming_a_partner_twice_says_so_in_the_summary(tab_as, assert_accessible):
    world = build_world()
    tab = tab_as(world["editor"])
    tab.goto("/intern/projekte/neu/")
    tab.fill("#id_title", "Doppelt genannt")
    tab.fill("#id_summary", "Ein Partner steht in zwei Zeilen.")
    tab.select_option("#id_lead_partner", index=1)
    tab.select_option("#id_teilnehmende-0-partner", label="Stadt Anderswo")
    tab.select_option("#id_teilnehmende-1-partner", label="Stadt Anderswo")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Speichern").click()
    summary = tab.locator("#fehler")
    assert "nur einmal" in summary.inner_text()
    assert tab.evaluate("() => document.activeElement.id") == "fehler"
    assert tab.locator("#id_title").input_value() == "Doppelt genannt"  # nothing typed is lost
    assert_accessible(tab)


def test_buttons_with_hidden_context_and_checkbox_hints_keep_their_layout(tab_as):
    world = build_world()
    tab = tab_as(world["admin"])
    tab.goto(f"/intern/partner/{world['partner_slug']}/kolleginnen/")
    # KERN sizes a kern-btn holding kern-sr-only text as a 48 px icon button.
    single_line = tab.get_by_role("button", name="Einladung senden").bounding_box()["height"]
    buttons = tab.locator("table .kern-btn").all()
    assert buttons
    for button in buttons:
        assert button.bounding_box()["height"] <= single_line + 2, button.inner_text()
    tab = tab_as(world["editor"])
    tab.goto("/intern/projekte/neu/")
    hint = tab.locator("#id_contact_is_public-hint").bounding_box()
    label = tab.locator("label[for=id_contact_is_public]").bounding_box()
    assert hint["x"] >= label["x"] - 1  # under its label, not in the checkbox's column
