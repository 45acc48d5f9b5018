"""The journey of issue 4 in a real browser: an editor of Teltow-Fläming creates
a project and submits it, the office publishes it, the public finds it."""

import pytest
from django.conf import settings
from django.test import Client

from partners.models import Membership, Partner
from partners.realdata import load_partners
from projects.models import Project, PublicationState
from projects.realdata import load_fields_of_action
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user) -> None:
    """Put a session of `user` into the browser (the login pages are tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def teltow_editor(db):
    load_partners()
    load_fields_of_action()
    partner = Partner.objects.get(slug="landkreis-teltow-flaeming")
    return MembershipFactory(
        partner=partner, role=Membership.Role.EDITOR, user=UserFactory(email="tf@example.org")
    ).user


def test_editor_creates_office_publishes_public_finds(
    page, live_server, teltow_editor, office, assert_accessible
):
    log_in(page, live_server, teltow_editor)
    page.goto("/intern/projekte/neu/")
    assert_accessible(page)
    page.fill("#id_title", "Sprechstunde per Video")
    page.fill("#id_summary", "Beratung ohne lange Wege.")
    page.fill("#id_description", "Die Kreisverwaltung berät per **Videotelefonie**.")
    page.get_by_role("button", name="Vorschau der Beschreibung").click()
    assert page.locator("#description-preview strong").inner_text() == "Videotelefonie"
    page.select_option("#id_lead_partner", label="Landkreis Teltow-Fläming")
    page.get_by_label("Verwaltung & Bürgerservice").check()
    page.fill("#id_start_date", "2025-03-01")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/intern/projekte/*/")
    project = Project.objects.get(title="Sprechstunde per Video")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    page.wait_for_url(f"**{project.get_internal_url()}")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.IN_REVIEW

    log_in(page, live_server, office)
    page.goto(project.get_internal_url())
    page.get_by_role("link", name="Veröffentlichen").click()
    page.wait_for_url("**/veroeffentlichen/")
    assert_accessible(page)
    page.get_by_role("button", name="Projekt veröffentlichen").click()
    page.wait_for_url(f"**{project.get_internal_url()}")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED
    assert page.get_by_role("cell", name="Veröffentlicht", exact=True).count() >= 1

    page.context.clear_cookies()
    page.goto("/projekte/")
    page.fill("#id_q", "Videotelefonie")
    page.get_by_role("button", name="Projekte anzeigen").click()
    page.wait_for_url("**/projekte/?*q=Videotelefonie*")
    results = page.locator("#project-results")
    results.get_by_role("link", name="Sprechstunde per Video").wait_for()
    assert "1 Projekt gefunden" in page.locator("#project-count").inner_text()
    assert_accessible(page)
    results.get_by_role("link", name="Sprechstunde per Video").click()
    page.wait_for_url(f"**{project.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Sprechstunde per Video"
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_showcase_detail_and_form_are_accessible(
    page, live_server, teltow_editor, language, assert_accessible
):
    from .factories import PublishedProjectFactory

    partner = Partner.objects.get(slug="landkreis-teltow-flaeming")
    project = PublishedProjectFactory(
        lead_partner=partner,
        title="Barrierefreies Projekt",
        transfer_direction="rural_urban",
        start_date="2024-01-01",
        end_date="2025-06-30",
        funding_programme="Testförderung",
        funding_amount="5000",
    )
    for url in (
        f"/projekte/?language={language}",
        f"/projekte/?status=unbekannt&language={language}",
        f"{project.get_absolute_url()}?language={language}",
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    log_in(page, live_server, teltow_editor)
    page.goto(f"/intern/projekte/{project.pk}/bearbeiten/?language={language}")
    assert_accessible(page)
    page.goto(f"/intern/projekte/{project.pk}/?language={language}")
    assert_accessible(page)


def test_the_filter_button_updates_results_and_url_without_reload(page, live_server, teltow_editor):
    from .factories import PublishedProjectFactory

    partner = Partner.objects.get(slug="landkreis-teltow-flaeming")
    PublishedProjectFactory(lead_partner=partner, title="Geplantes Projekt", status="planning")
    PublishedProjectFactory(lead_partner=partner, title="Laufendes Projekt", status="operation")
    page.goto("/projekte/")
    page.evaluate("window.__marker = 'same page'")
    page.select_option("#id_status", "planning")
    page.wait_for_timeout(300)
    assert "status=planning" not in page.url  # choosing applies nothing (WCAG 3.2.2)
    page.locator("form.rh-project-filters button[type=submit]").click()
    page.wait_for_function("() => location.search.includes('status=planning')")
    page.locator("#project-results").get_by_text("Laufendes Projekt").wait_for(state="detached")
    assert page.evaluate("window.__marker") == "same page"
    assert "1 Projekt gefunden" in page.locator("#project-count").inner_text()
