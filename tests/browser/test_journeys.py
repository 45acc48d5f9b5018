"""One journey per persona through the behaviours issue 16 fixed, in a real browser.

- A partner's editor (phone, 375 px) records a project with a German amount, sees it
  shown back as typed, finds the contact hint under its label, and submits it.
- The project office (desktop, 1280 px) reviews it on a page that shows every public
  field with the amount in euros, confirms before publishing, and the editor, whose
  account reads English, is told in English although the office works in German.
- A visitor finds the project by the header search, by a word form and by a typo,
  chooses a showcase filter with the keyboard without anything happening before the
  button, sees a page that does not shift while it loads, and subscribes to the
  calendar by a webcal:// link.
- A partner's admin is asked before a final step of the Letter of Intent.
axe stays at zero on every page the journeys open.
"""

import pytest
from django.utils import translation

from loi.models import Accession
from notifications.models import OutgoingMail
from projects.models import Project, PublicationState
from tests.browser.checks import RECORD_SHIFTS
from tests.browser.test_keyboard import tab_to
from tests.browser.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
TITLE = "Digitale Verwaltung im Beispielland"


def test_editor_records_office_publishes_and_the_editor_is_told_in_english(
    tab_as, assert_accessible
):
    world = build_world()
    editor, office = world["editor"], world["office"]
    editor.language = "en"
    editor.save(update_fields=["language"])

    tab = tab_as(editor, viewport=PHONE)
    tab.goto("/intern/projekte/neu/?language=de")
    tab.fill("#id_title", TITLE)
    tab.fill("#id_summary", "Anträge online stellen, ohne Wege ins Amt.")
    tab.select_option("#id_lead_partner", label=world["partner"].name)
    tab.fill("#id_funding_amount", "125.000,50")
    hint = tab.locator("#id_contact_is_public-hint").bounding_box()
    label = tab.locator("label[for=id_contact_is_public]").bounding_box()
    assert hint["y"] > label["y"] and hint["x"] >= label["x"] - 1  # under its label
    assert hint["width"] > 150  # not squeezed into the checkbox's column
    assert_accessible(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Speichern").click()
    project = Project.objects.get(title=TITLE)
    assert str(project.funding_amount) == "125000.50"
    tab.goto(f"/intern/projekte/{project.pk}/bearbeiten/")
    assert tab.locator("#id_funding_amount").input_value() == "125.000,50"
    tab.goto(project.get_internal_url())
    with tab.expect_navigation():
        tab.get_by_role("button", name="Zur Prüfung einreichen").click()

    desk = tab_as(office)
    desk.goto(project.get_internal_url())
    answers = desk.locator("#answers-heading ~ dl").first.inner_text()
    for label_text in ("Titel", "Zusammenfassung", "Federführender Partner", "Förderung"):
        assert label_text in answers, label_text
    assert "125.000,50\u00a0€" in answers
    assert desk.get_by_role("heading", name="Vorschau der öffentlichen Seite").is_visible()
    assert_accessible(desk)
    desk.get_by_role("link", name="Veröffentlichen").click()
    desk.wait_for_url("**/veroeffentlichen/")
    assert project.get_absolute_url() in desk.content()  # names the public address
    project.refresh_from_db()
    assert project.publication_state == PublicationState.IN_REVIEW  # nothing happened yet
    assert_accessible(desk)
    desk.get_by_role("button", name="Projekt veröffentlichen").click()
    desk.wait_for_url(f"**{project.get_internal_url()}")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED

    mail = OutgoingMail.objects.get(to=editor.email, key__startswith="project-step:")
    with translation.override("en"):
        assert mail.subject.endswith(f"Project published: {TITLE}")


def test_visitor_searches_filters_with_the_keyboard_and_subscribes_to_the_calendar(
    tab_as, assert_accessible
):
    world = build_world()
    project = world["project"]
    project.title = TITLE
    project.save()
    tab = tab_as(viewport=PHONE)
    tab.add_init_script(RECORD_SHIFTS)

    for query in ("Verwaltungen", "Verwaltng"):  # a word form, a typo
        tab.goto("/")
        tab.fill("#rh-header-search", query)
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert tab.get_by_role("link", name=TITLE).count() >= 1, query
        assert_accessible(tab)

    tab.goto("/projekte/")
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => window.__layoutShift.value") <= 0.05
    tab_to(tab, "#id_handlungsfeld")
    tab.keyboard.press("ArrowDown")
    tab.wait_for_timeout(300)
    assert "handlungsfeld" not in tab.url
    assert tab.evaluate("() => document.activeElement.id") == "id_handlungsfeld"

    tab.goto("/termine/")
    webcal = tab.locator('a[href^="webcal://"]').first
    assert webcal.get_attribute("href").endswith("/termine.ics")
    assert_accessible(tab)


def test_partner_admin_is_asked_before_withdrawing_the_accession(tab_as, assert_accessible):
    world = build_world()
    partner = world["partner"]
    accession = Accession.objects.get(partner=partner)
    before = accession.status
    tab = tab_as(world["admin"], viewport=PHONE)
    tab.goto(f"/intern/absichtserklaerung/{partner.slug}/")
    tab.get_by_role("link", name="Beitritt zurückziehen").click()
    assert "Das öffentliche Register der Absichtserklärung zeigt" in tab.content()
    assert_accessible(tab)
    accession.refresh_from_db()
    assert accession.status == before  # asked, not done
