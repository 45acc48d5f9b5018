"""Who may open and answer invitations to take part (pretix-style permission matrix).

Every URL of the invitation pages × every persona: logged out → the login,
no partner → 403 on the list, not the invited partner's editor or admin → 404
(nothing leaks that the invitation exists), the invited partner's editors and
admins → the page or the answer. The office sets participations in the admin.
"""

import pytest
from django.urls import reverse

from partners.models import Membership
from projects.models import Participation
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "partnerless",
    "member_a",
    "editor_a",
    "admin_a",
    "member_b",
    "editor_b",
    "admin_b",
    "office",
]


@pytest.fixture
def world(partner_a, partner_b, member_a, editor_a, admin_a, admin_b, office):
    """Partner A leads a draft and invites partner B."""
    people = {
        "partnerless": UserFactory(email="nobody@example.org"),
        "member_a": member_a,
        "editor_a": editor_a,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "office": office,
    }
    for role in ("member", "editor"):
        people[f"{role}_b"] = MembershipFactory(
            partner=partner_b, role=role, user=UserFactory(email=f"{role}.b@example.org")
        ).user
    project = ProjectFactory(lead_partner=partner_a, title="Einladungsprojekt")
    invitation = Participation.objects.create(
        project=project,
        partner=partner_b,
        role=Participation.Role.PARTNER,
        state=Participation.State.INVITED,
        invited_by=editor_a,
    )
    return {"people": people, "project": project, "invitation": invitation}


def _client(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    return client


def _assert(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content[:300]


ANSWERING = {"editor_b", "admin_b"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_list(client, world, persona):
    expected = {"anonymous": LOGIN, "partnerless": 403}.get(persona, 200)
    response = _client(client, world, persona).get(reverse("projects_intern:invitations"))
    _assert(response, expected)
    if expected == 200:
        listed = "Einladungsprojekt" in response.content.decode()
        assert listed == (persona in ANSWERING)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name", ["projects_intern:invitation", "projects_intern:invitation_decline"]
)
def test_invitation_pages(client, world, persona, name):
    expected = 200 if persona in ANSWERING else 404
    expected = LOGIN if persona == "anonymous" else expected
    url = reverse(name, args=[world["invitation"].pk])
    _assert(_client(client, world, persona).get(url), expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_accepting(client, world, persona):
    expected = 302 if persona in ANSWERING else 404
    expected = LOGIN if persona == "anonymous" else expected
    url = reverse("projects_intern:invitation_accept", args=[world["invitation"].pk])
    response = _client(client, world, persona).post(url)
    _assert(response, expected)
    world["invitation"].refresh_from_db()
    accepted = world["invitation"].state == Participation.State.ACCEPTED
    assert accepted == (expected == 302)
    if expected == 302:
        assert response["Location"] == world["project"].get_internal_url()


@pytest.mark.parametrize("persona", PERSONAS)
def test_declining(client, world, persona):
    expected = 302 if persona in ANSWERING else 404
    expected = LOGIN if persona == "anonymous" else expected
    url = reverse("projects_intern:invitation_decline", args=[world["invitation"].pk])
    _assert(
        _client(client, world, persona).post(url, {"comment": "", "confirmed": "yes"}), expected
    )
    world["invitation"].refresh_from_db()
    declined = world["invitation"].state == Participation.State.DECLINED
    assert declined == (expected == 302)


def test_accept_only_by_post(client, world):
    url = reverse("projects_intern:invitation_accept", args=[world["invitation"].pk])
    assert _client(client, world, "admin_b").get(url).status_code == 405


def test_an_invitation_of_another_partner_is_404_for_its_neighbours_editor(client, world):
    """An editor of a third partner cannot even tell that the invitation exists."""
    outsider = MembershipFactory(
        partner=PartnerFactory(name="Gemeinde Nachbar"), role=Membership.Role.ADMIN
    ).user
    client.force_login(outsider)
    url = reverse("projects_intern:invitation", args=[world["invitation"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("projects_intern:invitation", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "change_lead", "manage"),
    [
        ("member_a", False, False),
        ("editor_a", True, True),
        ("admin_a", True, True),
        ("editor_b", False, False),
        ("office", True, True),
    ],
)
def test_who_changes_the_lead_and_who_takes_part(world, persona, change_lead, manage):
    user, project = world["people"][persona], world["project"]
    assert user.has_perm("projects.change_lead", project) is change_lead
    assert user.has_perm("projects.manage_participants", project) is manage
