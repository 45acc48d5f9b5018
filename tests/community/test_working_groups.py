"""Working groups: internal, open ones joinable, closed ones by a lead."""

import pytest

from community.models import WorkingGroupMember
from tests.utils import count_queries

from .factories import WorkingGroupFactory, WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db


def test_public_visitor_is_sent_to_login(client):
    group = WorkingGroupFactory()
    assert client.get(group.get_absolute_url()).status_code == 302
    assert client.get("/intern/arbeitsgruppen/").status_code == 302


def test_partner_staff_joins_an_open_group(client_of, member_a):
    group = WorkingGroupFactory(is_open=True)
    client_of(member_a).post(f"/intern/arbeitsgruppen/{group.slug}/beitreten/")
    assert WorkingGroupMember.objects.filter(group=group, user=member_a).exists()


def test_closed_group_cannot_be_joined(client_of, member_a):
    group = WorkingGroupFactory(is_open=False)
    response = client_of(member_a).post(f"/intern/arbeitsgruppen/{group.slug}/beitreten/")
    assert response.status_code == 403
    assert not WorkingGroupMember.objects.filter(group=group).exists()


def test_lead_adds_a_partner_staff_member_to_a_closed_group(client_of, member_a, admin_b):
    group = WorkingGroupFactory(is_open=False)
    WorkingGroupMemberFactory(group=group, user=member_a, is_lead=True)
    client_of(member_a).post(
        f"/intern/arbeitsgruppen/{group.slug}/mitglieder/", {"email": admin_b.email}
    )
    assert WorkingGroupMember.objects.filter(group=group, user=admin_b).exists()


def test_member_who_is_not_lead_cannot_add_people(client_of, member_a, admin_b):
    group = WorkingGroupFactory(is_open=False)
    WorkingGroupMemberFactory(group=group, user=member_a)
    response = client_of(member_a).post(
        f"/intern/arbeitsgruppen/{group.slug}/mitglieder/", {"email": admin_b.email}
    )
    assert response.status_code == 403


def test_group_list_query_count_is_constant(client_of, member_a):
    client = client_of(member_a)
    WorkingGroupFactory.create_batch(2)
    client.get("/intern/arbeitsgruppen/")  # warm up: the first request of a session writes it
    few = count_queries(lambda: client.get("/intern/arbeitsgruppen/"))
    WorkingGroupFactory.create_batch(8)
    assert count_queries(lambda: client.get("/intern/arbeitsgruppen/")) == few


def test_group_page_query_count_is_constant(client_of, member_a):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    client = client_of(member_a)
    WorkingGroupMemberFactory.create_batch(2, group=group)
    client.get(group.get_absolute_url())  # warm up: the first request of a session writes it
    few = count_queries(lambda: client.get(group.get_absolute_url()))
    WorkingGroupMemberFactory.create_batch(8, group=group)
    assert count_queries(lambda: client.get(group.get_absolute_url())) == few


def test_a_closed_groups_internal_events_are_not_listed_to_non_members(
    client_of, member_a, admin_b
):
    """Title and time of a closed group's internal event stay with its members (issue 15, #7)."""
    from .factories import EventFactory

    group = WorkingGroupFactory(is_open=False)
    WorkingGroupMemberFactory(group=group, user=admin_b)
    EventFactory(title="Vertrauliche Klausur", working_group=group, is_public=False)
    EventFactory(title="Offener Austausch", working_group=group, is_public=True)
    page = f"/intern/arbeitsgruppen/{group.slug}/"
    outsider = client_of(member_a).get(page).content.decode()
    assert "Offener Austausch" in outsider
    assert "Vertrauliche Klausur" not in outsider
    assert "Vertrauliche Klausur" in client_of(admin_b).get(page).content.decode()
