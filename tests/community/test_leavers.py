"""Access ends when a role ends (issue 15, Why #2).

A person removed from their partner, or changed to network member, loses in the
same step their working groups, their private calendar feed and the open
invitations they sent as administrator; afterwards every internal surface refuses
them. A group membership left over from an ended role grants nothing.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from community import services
from community.models import CalendarFeedToken, Document, WorkingGroupMember
from partners import services as partner_services
from partners.models import Invitation, Membership
from tests.community.factories import EventFactory, WorkingGroupFactory, WorkingGroupMemberFactory
from tests.factories import MembershipFactory, PartnerFactory
from tests.loi.factories import pdf_bytes
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _pdf(name: str = "protokoll.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def place():
    """A research institute (it may have network members) with two admins; the
    leaver is one of them, in a closed group, with a feed and an open invitation."""
    partner = PartnerFactory(name="Institut für Beispielforschung", kind="wissenschaft")
    boss = MembershipFactory(partner=partner, role=Membership.Role.ADMIN).user
    leaver = MembershipFactory(partner=partner, role=Membership.Role.ADMIN).user
    group = WorkingGroupFactory(name="Geschlossene Runde", is_open=False)
    WorkingGroupMemberFactory(group=group, user=leaver, is_lead=True)
    document = Document.objects.create(title="Protokoll der Runde", working_group=group)
    services.add_version(document=document, file=_pdf(), acting_user=leaver)
    project = ProjectFactory(lead_partner=partner)
    project_document = Document.objects.create(title="Projektplan", project=project)
    services.add_version(document=project_document, file=_pdf("plan.pdf"), acting_user=leaver)
    event = EventFactory(
        title="Klausur der Runde",
        working_group=group,
        host_partner=PartnerFactory(name="Stadt Anderswo", kind="stadt"),
        is_public=False,
    )
    token = CalendarFeedToken.issue(leaver)
    invitation = partner_services.invite(
        partner=partner, email="neu@example.org", role=Membership.Role.MEMBER, acting_user=leaver
    ).invitation
    return {
        "partner": partner,
        "boss": boss,
        "leaver": leaver,
        "membership": Membership.objects.get(user=leaver, partner=partner),
        "group": group,
        "document": document,
        "project_document": project_document,
        "event": event,
        "token": token,
        "invitation": invitation,
    }


def _surfaces(place) -> list[tuple[str, str]]:
    document, group = place["document"], place["group"]
    return [
        ("GET", f"/dokumente/{document.pk}/"),
        ("GET", f"/intern/dokumente/{document.pk}/versionen/1/"),
        ("GET", f"/dokumente/{place['project_document'].pk}/"),
        ("GET", f"/intern/dokumente/{place['project_document'].pk}/versionen/1/"),
        ("POST", f"/intern/dokumente/{document.pk}/ersetzen/"),
        ("GET", f"/termine/{place['event'].pk}/"),
        ("GET", f"/termine/privat/{place['token']}.ics"),
        ("GET", f"/intern/arbeitsgruppen/{group.slug}/"),
        ("POST", f"/intern/arbeitsgruppen/{group.slug}/dokumente/"),
        ("GET", f"/intern/projekt-dokumente/{place['project_document'].project_id}/"),
    ]


def _walk(client: Client, place) -> dict[str, int]:
    statuses = {}
    for method, url in _surfaces(place):
        if method == "POST":
            response = client.post(url, {"title": "Neu", "file": _pdf("neu.pdf")})
        else:
            response = client.get(url)
        statuses[f"{method} {url}"] = response.status_code
    return statuses


def _end_role(place, how: str, client_of) -> None:
    partner, membership = place["partner"], place["membership"]
    boss = client_of(place["boss"])
    if how == "removed":
        url = f"/intern/partner/{partner.slug}/kolleginnen/{membership.pk}/entfernen/"
        assert boss.post(url, {"confirmed": "yes"}).status_code == 302
        assert not Membership.objects.filter(pk=membership.pk).exists()
    else:
        url = f"/intern/partner/{partner.slug}/kolleginnen/{membership.pk}/rolle/"
        boss.post(url, {f"m{membership.pk}-role": Membership.Role.NETWORK_MEMBER})
        membership.refresh_from_db()
        assert membership.role == Membership.Role.NETWORK_MEMBER


def test_before_the_role_ends_the_surfaces_are_open(client_of, place):
    statuses = _walk(client_of(place["leaver"]), place)
    assert all(status in (200, 302) for status in statuses.values()), statuses


@pytest.mark.parametrize("how", ["removed", "network member"])
def test_a_leaver_is_refused_on_every_internal_surface(client_of, place, how):
    _end_role(place, how, client_of)
    statuses = _walk(client_of(place["leaver"]), place)
    assert all(status in (403, 404) for status in statuses.values()), statuses
    assert place["document"].versions.count() == 1
    listing = client_of(place["leaver"]).get("/termine/").content.decode()
    assert "Klausur der Runde" not in listing


@pytest.mark.parametrize("how", ["removed", "network member"])
def test_what_the_role_granted_ends_with_a_history_row(client_of, place, how):
    _end_role(place, how, client_of)
    leaver = place["leaver"]
    assert not WorkingGroupMember.objects.filter(user=leaver).exists()
    ended = WorkingGroupMember.history.filter(user_id=leaver.pk, history_type="-").get()
    assert f"partner {place['partner'].pk}" in ended.history_change_reason
    assert not CalendarFeedToken.objects.filter(user=leaver).active().exists()
    place["invitation"].refresh_from_db()
    assert place["invitation"].revoked_at is not None
    assert Membership.history.filter(user_id=leaver.pk).count() == 2  # created, ended


def test_an_administrator_made_editor_keeps_the_groups_but_not_the_invitations(client_of, place):
    membership = place["membership"]
    url = f"/intern/partner/{place['partner'].slug}/kolleginnen/{membership.pk}/rolle/"
    client_of(place["boss"]).post(url, {f"m{membership.pk}-role": Membership.Role.EDITOR})
    assert WorkingGroupMember.objects.filter(user=place["leaver"]).exists()
    place["invitation"].refresh_from_db()
    assert place["invitation"].revoked_at is not None


def test_staff_of_a_second_partner_stay_in_their_groups(client_of, place):
    MembershipFactory(user=place["leaver"], partner=PartnerFactory(), role=Membership.Role.MEMBER)
    _end_role(place, "removed", client_of)
    assert WorkingGroupMember.objects.filter(user=place["leaver"]).exists()
    assert client_of(place["leaver"]).get(f"/dokumente/{place['document'].pk}/").status_code == 200
    # The old feed address may sit in the old organisation's calendar: it ends.
    assert not CalendarFeedToken.objects.filter(user=place["leaver"]).active().exists()


def test_the_office_removing_a_membership_in_the_admin_ends_it_too(client_of, office, place):
    membership = place["membership"]
    response = client_of(office).post(
        f"/admin/partners/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not WorkingGroupMember.objects.filter(user=place["leaver"]).exists()
    assert not Invitation.objects.open().filter(invited_by=place["leaver"]).exists()


def test_a_stale_group_membership_grants_nothing(client_of, place):
    """A row left from before (or written around the services) is no access."""
    Membership.objects.filter(user=place["leaver"]).delete()  # no service: the row stays
    assert WorkingGroupMember.objects.filter(user=place["leaver"]).exists()
    statuses = _walk(client_of(place["leaver"]), place)
    # The feed's token is not revoked here; the feed then carries only public events.
    feed = statuses.pop(f"GET /termine/privat/{place['token']}.ics")
    assert feed == 200
    assert all(status in (403, 404) for status in statuses.values()), statuses
    feed_text = Client().get(f"/termine/privat/{place['token']}.ics").content.decode()
    assert "Klausur der Runde" not in feed_text


def test_a_stranger_cannot_be_added_to_a_group_by_a_stale_lead(client_of, place):
    Membership.objects.filter(user=place["leaver"]).delete()
    colleague = MembershipFactory(partner=place["partner"], role=Membership.Role.MEMBER).user
    response = client_of(place["leaver"]).post(
        f"/intern/arbeitsgruppen/{place['group'].slug}/mitglieder/", {"email": colleague.email}
    )
    assert response.status_code == 403
    assert not WorkingGroupMember.objects.filter(user=colleague).exists()
