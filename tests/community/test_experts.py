"""The expert network: listed only with consent; withdrawal removes at once."""

import pytest
from django.utils import timezone

from community import services
from projects.models import FieldOfAction
from tests.utils import count_queries

from .factories import ExpertFactory, WorkingGroupFactory, WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db


def test_public_list_shows_only_experts_with_public_consent(client):
    ExpertFactory(name="Mit Zustimmung", public_consent_at=timezone.now())
    ExpertFactory(name="Nur intern")
    ExpertFactory(name="Ohne jede", internal_consent_at=None)
    page = client.get("/experten/").content.decode()
    assert "Mit Zustimmung" in page
    assert "Nur intern" not in page and "Ohne jede" not in page


def test_public_list_shows_no_contact_data(client):
    expert = ExpertFactory(public_consent_at=timezone.now())
    assert expert.email not in client.get("/experten/").content.decode()


def test_internal_directory_needs_internal_consent(client_of, member_a):
    ExpertFactory(name="Gelistet")
    ExpertFactory(name="Nicht gelistet", internal_consent_at=None)
    page = client_of(member_a).get("/intern/experten/").content.decode()
    assert "Gelistet" in page and "Nicht gelistet" not in page


def test_internal_directory_is_closed_to_the_public(client):
    response = client.get("/intern/experten/")
    assert response.status_code == 302


def test_search_by_text_and_field_of_action(client_of, member_a):
    mobility = FieldOfAction.objects.create(name="Mobilität Test")
    ExpertFactory(name="Anna Verkehr", expertise="Rufbus").fields_of_action.add(mobility)
    ExpertFactory(name="Bernd Daten", expertise="Open Data")
    client = client_of(member_a)
    by_text = client.get("/intern/experten/", {"q": "rufbus"}).context["page"].object_list
    by_field = client.get("/intern/experten/", {"handlungsfeld": mobility.slug})
    assert [expert.name for expert in by_text] == ["Anna Verkehr"]
    assert [expert.name for expert in by_field.context["page"].object_list] == ["Anna Verkehr"]


def test_withdrawing_consent_removes_the_expert_from_every_list_at_once(
    client, client_of, member_a
):
    expert = ExpertFactory(name="Zieht zurück", public_consent_at=timezone.now())
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    group.experts.add(expert)

    services.withdraw_consent(expert=expert)

    assert "Zieht zurück" not in client.get("/experten/").content.decode()
    staff = client_of(member_a)
    assert "Zieht zurück" not in staff.get("/intern/experten/").content.decode()
    assert "Zieht zurück" not in staff.get(group.get_absolute_url()).content.decode()


def test_group_page_suggests_experts_of_its_fields_and_the_lead_invites_one(client_of, member_a):
    field = FieldOfAction.objects.create(name="Bildung Test")
    group = WorkingGroupFactory()
    group.fields_of_action.add(field)
    WorkingGroupMemberFactory(group=group, user=member_a, is_lead=True)
    fitting = ExpertFactory(name="Passt")
    fitting.fields_of_action.add(field)
    ExpertFactory(name="Passt nicht")
    client = client_of(member_a)
    suggested = client.get(group.get_absolute_url()).context["suggested_experts"]
    assert [expert.name for expert in suggested] == ["Passt"]

    client.post(f"/intern/arbeitsgruppen/{group.slug}/experten/{fitting.pk}/einladen/")
    assert list(group.experts.all()) == [fitting]


def test_a_member_who_is_not_lead_cannot_invite(client_of, member_a):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    expert = ExpertFactory()
    response = client_of(member_a).post(
        f"/intern/arbeitsgruppen/{group.slug}/experten/{expert.pk}/einladen/"
    )
    assert response.status_code == 403


def test_expert_directory_query_count_is_constant(client_of, member_a):
    client = client_of(member_a)
    ExpertFactory.create_batch(2)
    client.get("/intern/experten/")  # warm up: the first request of a session writes it
    few = count_queries(lambda: client.get("/intern/experten/"))
    ExpertFactory.create_batch(10)
    assert count_queries(lambda: client.get("/intern/experten/")) == few


def test_expert_withdraws_own_consent_and_disappears_at_once(client, client_of, member_a):
    expert = ExpertFactory(name="Selbst", user=member_a, public_consent_at=timezone.now())
    assert "Selbst" in client.get("/experten/").content.decode()
    client_of(member_a).post("/intern/experten/mein-eintrag/")
    client.logout()
    assert "Selbst" not in client.get("/experten/").content.decode()
    expert.refresh_from_db()
    assert expert.withdrawn_at is not None


def test_suggested_experts_tag_shows_experts_of_the_fields_to_staff_only(rf, member_a):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    field = FieldOfAction.objects.create(name="Gesundheit Test")
    ExpertFactory(name="Pflegeexpertin").fields_of_action.add(field)
    template = Template("{% load community %}{% suggested_experts fields %}")
    request = rf.get("/")
    request.user = member_a
    fields = FieldOfAction.objects.filter(pk=field.pk)
    assert "Pflegeexpertin" in template.render(Context({"request": request, "fields": fields}))
    request.user = AnonymousUser()
    assert "Pflegeexpertin" not in template.render(Context({"request": request, "fields": fields}))
