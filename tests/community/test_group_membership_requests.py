"""A closed working group shows its lead, and partner staff can ask to join it (issue 16)."""

import pytest

from community.models import WorkingGroupMember
from notifications.models import OutgoingMail
from tests.utils import count_queries

from .factories import WorkingGroupFactory, WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_group(admin_b):
    admin_b.first_name, admin_b.last_name = "Lea", "Leitung"
    admin_b.save()
    group = WorkingGroupFactory(name="Datenräume", is_open=False)
    WorkingGroupMemberFactory(group=group, user=admin_b, is_lead=True)
    return group


def request_url(group) -> str:
    return f"/intern/arbeitsgruppen/{group.slug}/beitritt-anfragen/"


def test_the_closed_group_names_its_lead_and_offers_to_ask(client_of, member_a, closed_group):
    html = client_of(member_a).get(closed_group.get_absolute_url()).content.decode()
    assert "Lea Leitung" in html
    assert request_url(closed_group) in html
    listing = client_of(member_a).get("/intern/arbeitsgruppen/").content.decode()
    assert "Lea Leitung" in listing


def test_asking_tells_each_lead_once_in_the_leads_language(
    client_of, member_a, admin_b, closed_group
):
    admin_b.language = "en"
    admin_b.save()
    client = client_of(member_a)
    response = client.post(request_url(closed_group), follow=True)
    assert "gebeten, Sie aufzunehmen" in response.content.decode()
    client.post(request_url(closed_group))  # a second click sends nothing more
    mail = OutgoingMail.objects.get(to=admin_b.email)
    assert mail.subject.endswith("Request to join the working group “Datenräume”")
    assert member_a.email in mail.body and closed_group.get_absolute_url() in mail.body
    assert not WorkingGroupMember.objects.filter(group=closed_group, user=member_a).exists()


def test_a_group_without_lead_says_whom_to_ask(client_of, member_a):
    group = WorkingGroupFactory(is_open=False)
    html = client_of(member_a).get(group.get_absolute_url()).content.decode()
    assert "Projektbüro" in html
    response = client_of(member_a).post(request_url(group), follow=True)
    assert "Projektbüro" in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_members_and_open_groups_have_nothing_to_ask(client_of, member_a, closed_group):
    open_group = WorkingGroupFactory(is_open=True)
    assert client_of(member_a).post(request_url(open_group)).status_code == 403
    WorkingGroupMemberFactory(group=closed_group, user=member_a)
    assert client_of(member_a).post(request_url(closed_group)).status_code == 403
    assert not OutgoingMail.objects.exists()


def test_visitors_are_sent_to_log_in(client, closed_group):
    response = client.post(request_url(closed_group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_group_list_names_leads_with_constant_queries(client_of, member_a, admin_b):
    client = client_of(member_a)
    for _ in range(2):
        WorkingGroupMemberFactory(
            group=WorkingGroupFactory(is_open=False), user=admin_b, is_lead=True
        )
    client.get("/intern/arbeitsgruppen/")
    few = count_queries(lambda: client.get("/intern/arbeitsgruppen/"))
    for _ in range(6):
        WorkingGroupMemberFactory(
            group=WorkingGroupFactory(is_open=False), user=admin_b, is_lead=True
        )
    assert count_queries(lambda: client.get("/intern/arbeitsgruppen/")) == few
