"""The office's review page, the publishing confirmation and the version-conflict
screen in a real browser at 375 px and 1280 px: axe finds nothing, nothing scrolls
sideways, and the comparison is there (issue 16, findings 3 and 4).

With REVIEW_SCREENSHOTS=<directory> the pages are saved as full-page screenshots.
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest

from projects import services
from projects.models import Participation, PublicationState
from tests.factories import PartnerFactory

from .factories import FieldOfActionFactory, ProjectFactory
from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)


def check(page, assert_accessible, name: str) -> None:
    """At each width: no sideways scrolling, axe clean; a screenshot when asked for."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll} px)"
        assert_accessible(page)
        folder = os.environ.get("REVIEW_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


@pytest.fixture
def project(db, partner_a):
    project = ProjectFactory(
        lead_partner=partner_a,
        title="Rufbus digital",
        summary="Ein Rufbus per App.",
        description="Der Bus kommt **auf Abruf**.\n\n- werktags\n- am Wochenende",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2026, 12, 31),
        funding_programme="Modellprojekte Smart Cities",
        funding_amount=Decimal("125000.50"),
        website="https://rufbus.example.org/",
        contact_name="Erika Muster",
        contact_email="erika@example.org",
        publication_state=PublicationState.IN_REVIEW,
    )
    project.fields_of_action.set([FieldOfActionFactory(name="Mobilität", slug="mobilitaet")])
    Participation.objects.create(
        project=project,
        partner=PartnerFactory(name="Stadt Luckenwalde"),
        role=Participation.Role.PILOT_SITE,
    )
    return project


def test_office_reviews_confirms_and_sees_the_changes_of_a_published_project(
    page, live_server, project, office, assert_accessible
):
    log_in(page, live_server, office)
    page.goto(project.get_internal_url())
    assert "125.000,50" in page.locator("#answers-heading + dl, #answers-heading ~ dl").inner_text()
    assert page.get_by_role("heading", name="Vorschau der öffentlichen Seite").is_visible()
    check(page, assert_accessible, "review-in-review")

    page.get_by_role("link", name="Veröffentlichen").click()
    page.wait_for_url("**/veroeffentlichen/")
    assert "Der Kontakt wird nicht öffentlich angezeigt." in page.content()
    check(page, assert_accessible, "publish-confirmation")
    page.get_by_role("button", name="Projekt veröffentlichen").click()
    page.wait_for_url(f"**{project.get_internal_url()}")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED

    project.website = "https://neu.example.org/"
    project.end_date = datetime.date(2027, 6, 30)
    project.save()
    page.goto(project.get_internal_url())
    changes = page.locator("section", has=page.locator("#changes-heading"))
    assert changes.get_by_role("rowheader").all_inner_texts() == ["Zeitraum", "Website"]
    check(page, assert_accessible, "review-published-changed")


def test_the_conflict_screen_compares_field_by_field(
    page, live_server, project, editor_a, admin_a, assert_accessible
):
    project.publication_state = PublicationState.DRAFT  # partners edit drafts
    project.save()
    log_in(page, live_server, editor_a)
    page.goto(f"/intern/projekte/{project.pk}/bearbeiten/")
    page.fill("#id_summary", "Ein Rufbus per App, jetzt auch am Abend.")
    # Meanwhile a colleague changes the website and the dates.
    project.website = "https://anders.example.org/"
    project.start_date = datetime.date(2025, 4, 1)
    services.save_project(
        project=project,
        acting_user=admin_a,
        fields_of_action=list(project.fields_of_action.all()),
        participants=[
            services.ParticipantRow(partner=p.partner, role=p.role)
            for p in project.participations.exclude(partner=project.lead_partner)
        ],
        expected_version=project.version,
    )
    page.get_by_role("button", name="Speichern").click()
    conflict = page.locator("section", has=page.locator("#conflict-heading"))
    conflict.wait_for()
    assert conflict.get_by_role("rowheader").all_inner_texts() == ["Zeitraum", "Website"]
    assert "https://anders.example.org/" in conflict.inner_text()
    check(page, assert_accessible, "conflict")
