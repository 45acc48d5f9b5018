"""Experts keep their own entry after an invitation as network member."""

import pytest
from django.core import mail
from django.test import Client

from community import services
from community.models import Announcement, Expert
from projects.models import FieldOfAction
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

from .factories import AnnouncementFactory, ExpertFactory

pytestmark = pytest.mark.django_db

URL = "/intern/experten/mein-eintrag/"


def _own(user) -> Client:
    """A separate client for the expert (client_of shares one client between personas)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def expert_user(db):
    institute = PartnerFactory(name="Hochschule Testingen", kind="wissenschaft")
    user = UserFactory(email="expertin@example.org", first_name="Erika", last_name="Beispiel")
    MembershipFactory(partner=institute, user=user, role="network")
    return user


def _data(**overrides) -> dict:
    field = FieldOfAction.objects.first() or FieldOfAction.objects.create(
        name="Mobilität", slug="mobilitaet"
    )
    data = {
        "action": "save",
        "name": "Dr. Erika Beispiel",
        "sector": "science",
        "organisation": "Hochschule Testingen",
        "expertise": "Rufbus, Mobilitätsdaten",
        "fields_of_action": [field.pk],
        "profile": "Forscht zu ländlicher Mobilität.",
        "email": "expertin@example.org",
        "phone": "",
        "website": "",
        "internal_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_offers_a_prefilled_form_with_both_consents(client_of, expert_user):
    page = client_of(expert_user).get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'value="Erika Beispiel"' in page
    assert 'value="Hochschule Testingen"' in page
    assert 'name="internal_consent"' in page and 'name="public_consent"' in page


def test_without_the_internal_consent_nothing_is_saved(client_of, expert_user):
    response = _own(expert_user).post(URL, _data(internal_consent=None))
    assert response.status_code == 400
    assert not Expert.objects.exists()


def test_internal_consent_lists_the_entry_internally_only_with_date_and_wording(
    client, client_of, expert_user, member_a
):
    assert _own(expert_user).post(URL, _data()).status_code == 302
    expert = Expert.objects.get(user=expert_user)
    assert expert.internal_consent_at is not None
    assert "internal expert directory" in expert.internal_consent_text or (
        "internen Expertenverzeichnis" in expert.internal_consent_text
    )
    assert expert.public_consent_at is None
    assert expert.fields_of_action.count() == 1
    assert "Dr. Erika Beispiel" in client_of(member_a).get("/intern/experten/").content.decode()
    assert "Dr. Erika Beispiel" not in client.get("/experten/").content.decode()


def test_public_consent_lists_the_entry_publicly_and_can_be_taken_back(
    client, client_of, expert_user
):
    own = _own(expert_user)
    own.post(URL, _data(public_consent="on"))
    expert = Expert.objects.get(user=expert_user)
    assert expert.public_consent_at is not None and expert.public_consent_text
    assert "Dr. Erika Beispiel" in client.get("/experten/").content.decode()
    own.post(URL, _data())
    expert.refresh_from_db()
    assert expert.public_consent_at is None
    assert "Dr. Erika Beispiel" not in client.get("/experten/").content.decode()


def test_withdrawing_removes_the_entry_everywhere_at_once_and_consent_can_be_given_again(
    client, client_of, expert_user, member_a
):
    own = _own(expert_user)
    own.post(URL, _data(public_consent="on"))
    own.post(URL, {"action": "withdraw"})
    assert "Dr. Erika Beispiel" not in client.get("/experten/").content.decode()
    assert "Dr. Erika Beispiel" not in client_of(member_a).get("/intern/experten/").content.decode()
    assert Expert.objects.listed_internally().count() == 0
    own.post(URL, _data())
    assert Expert.objects.listed_internally().get().withdrawn_at is None


def test_the_expert_edits_only_their_own_entry(client_of, expert_user):
    other = ExpertFactory(name="Jemand Anderes")
    _own(expert_user).post(URL, _data(name="Neuer Name"))
    other.refresh_from_db()
    assert other.name == "Jemand Anderes"
    assert Expert.objects.get(user=expert_user).name == "Neuer Name"


def test_staff_without_an_entry_cannot_open_the_page(client_of, member_a):
    assert client_of(member_a).get(URL).status_code == 403


def test_network_members_get_no_announcements_to_all_partners(expert_user, member_a, office):
    announcement = AnnouncementFactory(audience=Announcement.Audience.PARTNERS)
    assert list(services.audience_of(announcement)) == [member_a]
    assert mail.outbox == []
