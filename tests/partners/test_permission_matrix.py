"""Who may do what in the partners' internal area (pretix-style permission matrix).

Personas × every URL and action of the accounts issue: logged out → the login,
another partner → 404, missing right → 403, right → 200 (pages) or the
redirect back to the colleagues page (actions).
"""

import pytest
from django.urls import reverse

from partners.models import Membership
from tests.factories import MembershipFactory, UserFactory

PERSONAS = ["anonymous", "member_a", "editor_a", "admin_a", "admin_b", "office", "superuser"]

LOGIN = "login"
DONE = "done"  # an action succeeded: redirect back to the colleagues page


@pytest.fixture
def colleague_a(partner_a):
    """A colleague in partner A whom the actions act upon."""
    return MembershipFactory(
        partner=partner_a, role=Membership.Role.EDITOR, user=UserFactory(email="c.a@example.org")
    )


@pytest.fixture
def second_admin_a(partner_a):
    # So that removing or demoting never hits "last admin" in the matrix.
    return MembershipFactory(partner=partner_a, role=Membership.Role.ADMIN)


@pytest.fixture
def as_persona(request, client):
    def _client(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return _client


def _assert_outcome(response, expected, partner_a=None):
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        # The admin sends everyone without access to its login page, which goes through
        # allauth (secure_admin_login): anonymous → allauth's login, logged in → 403.
        response = response.client.get(response["Location"])
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302, response.content[:500]
        assert response["Location"] == reverse("partners_intern:members", args=[partner_a.slug])
    else:
        assert response.status_code == expected


PAGES = {
    # name: (url builder, {persona: expected})
    "dashboard": (
        lambda a: reverse("core:dashboard"),
        {
            "anonymous": LOGIN,
            "member_a": 200,
            "editor_a": 200,
            "admin_a": 200,
            "admin_b": 200,
            "office": 200,
            "superuser": 200,
        },
    ),
    "edit partner A": (
        lambda a: reverse("partners_intern:edit_profile", args=[a.slug]),
        {
            "anonymous": LOGIN,
            "member_a": 403,
            "editor_a": 403,
            "admin_a": 200,
            "admin_b": 404,
            "office": 200,
            "superuser": 200,
        },
    ),
    "colleagues of A": (
        lambda a: reverse("partners_intern:members", args=[a.slug]),
        {
            "anonymous": LOGIN,
            "member_a": 403,
            "editor_a": 403,
            "admin_a": 200,
            "admin_b": 404,
            "office": 200,
            "superuser": 200,
        },
    ),
    "admin": (
        lambda a: "/admin/",
        {
            "anonymous": LOGIN,
            "member_a": 403,
            "editor_a": 403,
            "admin_a": 403,
            "admin_b": 403,
            "office": 200,
            "superuser": 200,
        },
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_pages(as_persona, partner_a, partner_b, persona, page_name):
    url_for, expected = PAGES[page_name]
    response = as_persona(persona).get(url_for(partner_a))
    _assert_outcome(response, expected[persona], partner_a)


ACTION_EXPECTED = {
    "anonymous": LOGIN,
    "member_a": 403,
    "editor_a": 403,
    "admin_a": DONE,
    "admin_b": 404,
    "office": DONE,
    "superuser": DONE,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_into_a(as_persona, partner_a, partner_b, mailoutbox, persona):
    url = reverse("partners_intern:invite", args=[partner_a.slug])
    response = as_persona(persona).post(url, {"email": "new@example.org", "role": "member"})
    _assert_outcome(response, ACTION_EXPECTED[persona], partner_a)
    assert partner_a.invitations.exists() == (ACTION_EXPECTED[persona] == DONE)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_change_a_role_in_a(as_persona, partner_a, partner_b, colleague_a, persona):
    url = reverse("partners_intern:change_role", args=[partner_a.slug, colleague_a.pk])
    response = as_persona(persona).post(url, {f"m{colleague_a.pk}-role": "member"})
    _assert_outcome(response, ACTION_EXPECTED[persona], partner_a)
    colleague_a.refresh_from_db()
    expected_role = "member" if ACTION_EXPECTED[persona] == DONE else "editor"
    assert colleague_a.role == expected_role


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_remove_a_colleague_of_a(as_persona, partner_a, partner_b, colleague_a, persona):
    url = reverse("partners_intern:remove_member", args=[partner_a.slug, colleague_a.pk])
    response = as_persona(persona).post(url, {"confirmed": "yes"})
    _assert_outcome(response, ACTION_EXPECTED[persona], partner_a)
    still_there = Membership.objects.filter(pk=colleague_a.pk).exists()
    assert still_there == (ACTION_EXPECTED[persona] != DONE)


# --- Another partner's ids and slugs typed into the URL ---------------------


@pytest.mark.django_db
def test_admin_of_a_gets_404_for_the_colleagues_page_of_b(client_of, admin_a, partner_b):
    response = client_of(admin_a).get(reverse("partners_intern:members", args=[partner_b.slug]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_admin_of_a_gets_404_for_a_membership_of_b_under_the_slug_of_a(
    client_of, admin_a, admin_b, partner_a
):
    membership_b = admin_b.memberships.get()
    url = reverse("partners_intern:change_role", args=[partner_a.slug, membership_b.pk])
    response = client_of(admin_a).post(url, {f"m{membership_b.pk}-role": "member"})
    assert response.status_code == 404
    membership_b.refresh_from_db()
    assert membership_b.role == "admin"


@pytest.mark.django_db
def test_admin_of_a_cannot_remove_a_member_of_b_through_the_slug_of_a(
    client_of, admin_a, admin_b, partner_a
):
    membership_b = admin_b.memberships.get()
    url = reverse("partners_intern:remove_member", args=[partner_a.slug, membership_b.pk])
    assert client_of(admin_a).post(url, {"confirmed": "yes"}).status_code == 404
    assert Membership.objects.filter(pk=membership_b.pk).exists()


@pytest.mark.django_db
def test_admin_of_a_cannot_revoke_an_invitation_of_b(
    client_of, admin_a, admin_b, partner_a, partner_b
):
    from partners import services

    issued = services.invite(
        partner=partner_b, email="x@example.org", role="member", acting_user=admin_b
    )
    for name in ("partners_intern:revoke_invitation", "partners_intern:resend_invitation"):
        url = reverse(name, args=[partner_a.slug, issued.invitation.pk])
        assert client_of(admin_a).post(url, {"confirmed": "yes"}).status_code == 404
        url = reverse(name, args=[partner_b.slug, issued.invitation.pk])
        assert client_of(admin_a).post(url, {"confirmed": "yes"}).status_code == 404
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is None


@pytest.mark.django_db
def test_unknown_slug_is_404_for_the_office(client_of, office):
    assert client_of(office).get("/intern/partner/gibt-es-nicht/profil/").status_code == 404
