"""The cockpit and the report form in a real browser (the office persona has MFA)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from projects.models import PublicationState
from tests.conftest import AXE_JS, format_violations
from tests.insights.test_map_browser import _serve_static_by_source_name
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def some_work():
    ProjectFactory(
        title="Wartet auf Prüfung",
        publication_state=PublicationState.IN_REVIEW,
        updated_at=timezone.now() - timedelta(days=3),
    )


def test_the_cockpit_on_intern_has_no_accessibility_violations(
    page, assert_accessible, live_server, office, some_work
):
    log_in(page, office, live_server)
    _serve_static_by_source_name(page)
    page.goto("/intern/")
    assert page.locator("#panel-cockpit").count() == 1
    # The review queue is the first of the office's to-dos on /intern/.
    assert page.locator("#todos").get_by_role("link", name="Wartet auf Prüfung").count() == 1
    assert_accessible(page)


def test_the_report_form_has_no_accessibility_violations_also_with_errors(
    page, assert_accessible, live_server, office
):
    log_in(page, office, live_server)
    _serve_static_by_source_name(page)
    page.goto("/intern/bericht/?von=2025-06-01&bis=2025-01-01&format=csv")
    assert page.locator("#id_bis-error").count() == 1
    assert_accessible(page)


def test_the_admin_start_page_shows_the_cockpit_without_axe_violations_in_it(
    page, assert_accessible, live_server, office, some_work
):
    log_in(page, office, live_server)
    page.goto("/admin/")
    assert page.locator("#cockpit-review").count() == 1
    # The admin's own pages are Django's; axe checks the part this project adds.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run('.rh-cockpit--admin', {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    assert result["violations"] == [], format_violations(result["violations"])


def test_the_import_preview_has_no_accessibility_violations(
    page, assert_accessible, live_server, office, tmp_path
):
    from tests.factories import PartnerFactory

    PartnerFactory(name="Landkreis Teltow-Fläming")
    upload = tmp_path / "projekte.csv"
    upload.write_text("title;summary;status\r\nRufbus;Ein Rufbus.;operation\r\nKaputt;;egal\r\n")
    log_in(page, office, live_server)
    _serve_static_by_source_name(page)
    page.goto("/intern/projekte-import/")
    page.select_option("#id_partner", label="Landkreis Teltow-Fläming")
    page.set_input_files("#id_datei", str(upload))
    page.locator("button[value=pruefen]").click()
    page.wait_for_selector("#preview-heading")
    assert page.locator("input[name=zeile]").count() == 2
    assert_accessible(page)
