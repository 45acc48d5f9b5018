"""In a real browser: an expert keeps their own entry, the office writes in the portal,
the project pages and the public document index; axe on every page, errors included."""

import pytest

from community.models import Announcement, Document, Expert
from projects.models import FieldOfAction
from tests.factories import MembershipFactory, PartnerFactory, UserFactory
from tests.projects.factories import PublishedProjectFactory

from .factories import EventFactory, ExpertFactory
from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expert_creates_the_entry_after_an_error_and_withdraws(
    page, live_server, assert_accessible
):
    institute = PartnerFactory(name="Hochschule Testingen", kind="wissenschaft")
    user = UserFactory(email="expertin@example.org", first_name="Erika", last_name="Beispiel")
    MembershipFactory(partner=institute, user=user, role="network")
    FieldOfAction.objects.get_or_create(slug="mobilitaet", defaults={"name": "Mobilität"})
    log_in(page, live_server, user)
    page.goto("/intern/experten/mein-eintrag/")
    assert_accessible(page)
    page.fill("#id_expertise", "Rufbus, Mobilitätsdaten")
    page.get_by_role("button", name="Meinen Eintrag speichern").click()
    assert page.locator(".kern-error").first.is_visible()  # the internal consent is missing
    assert_accessible(page)
    page.check("#id_internal_consent")
    page.check("#id_public_consent")
    page.get_by_role("button", name="Meinen Eintrag speichern").click()
    expert = Expert.objects.listed_publicly().get(user=user)
    assert expert.name == "Erika Beispiel"
    assert_accessible(page)
    page.get_by_role("button", name="Meine Einwilligung jetzt widerrufen").click()
    assert not Expert.objects.listed_internally().exists()
    page.goto("/experten/")
    assert "Erika Beispiel" not in page.content()


def test_office_writes_an_announcement_and_adds_a_library_document_page(
    page, live_server, assert_accessible, office
):
    log_in(page, live_server, office)
    page.goto("/intern/aktuelles/neu/")
    assert_accessible(page)
    page.fill("#id_title", "Treffen im Dezember")
    page.select_option("#id_audience", "group")
    page.get_by_role("button", name="Speichern").click()
    assert_accessible(page)  # the error for the missing working group
    page.fill("#id_body", "Wir treffen uns **bald**.")
    page.select_option("#id_audience", "partners")
    page.check("#id_publish")
    page.get_by_role("button", name="Speichern").click()
    assert Announcement.objects.get().state == Announcement.State.PUBLISHED
    page.goto("/intern/bibliothek/hochladen/")
    assert_accessible(page)


def test_project_pages_event_documents_and_the_public_index(
    page, live_server, assert_accessible, partner_a, editor_a
):
    project = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus Fläming")
    field, _created = FieldOfAction.objects.get_or_create(
        slug="mobilitaet", defaults={"name": "Mobilität"}
    )
    project.fields_of_action.add(field)
    ExpertFactory(
        name="Dr. Öffentlich", public_consent_at=project.published_at
    ).fields_of_action.add(field)
    Document.objects.create(title="Projektplan", project=project, is_public=True)
    event = EventFactory(host_partner=partner_a, title="Workshop Daten")
    Document.objects.create(title="Folien", event=event, is_public=True)

    page.goto(project.get_absolute_url())
    assert page.get_by_role("link", name="Projektplan").is_visible()
    assert "Dr. Öffentlich" in page.content()
    assert_accessible(page)
    page.goto("/dokumente/")
    assert page.get_by_role("link", name="Folien").is_visible()
    assert_accessible(page)

    log_in(page, live_server, editor_a)
    page.goto(project.get_internal_url())
    assert page.get_by_role("link", name="Projektplan").first.is_visible()
    assert_accessible(page)
    page.goto(f"/intern/termine/{event.pk}/dokumente/")
    assert_accessible(page)
