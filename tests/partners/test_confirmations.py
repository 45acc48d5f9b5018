"""Removing a colleague and revoking an invitation are confirmed first (issue 16)."""

import pytest
from django.urls import reverse

from partners import services
from partners.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_a(partner_a):
    return MembershipFactory(
        partner=partner_a, role=Membership.Role.EDITOR, user=UserFactory(email="c.a@example.org")
    )


@pytest.fixture
def invitation_a(partner_a, admin_a):
    return services.invite(
        partner=partner_a, email="neu@example.org", role="member", acting_user=admin_a
    ).invitation


def remove_url(partner, membership) -> str:
    return reverse("partners_intern:remove_member", args=[partner.slug, membership.pk])


def revoke_url(partner, invitation) -> str:
    return reverse("partners_intern:revoke_invitation", args=[partner.slug, invitation.pk])


def test_remove_confirmation_names_the_consequence(client_of, admin_a, partner_a, colleague_a):
    response = client_of(admin_a).get(remove_url(partner_a, colleague_a), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "loses access to its internal pages" in page
    assert "Nothing changes on the public pages." in page
    assert Membership.objects.filter(pk=colleague_a.pk).exists()


def test_remove_without_confirmation_keeps_the_colleague(
    client_of, admin_a, partner_a, colleague_a
):
    response = client_of(admin_a).post(remove_url(partner_a, colleague_a))
    assert response.status_code == 200
    assert Membership.objects.filter(pk=colleague_a.pk).exists()


def test_confirmed_remove_removes(client_of, admin_a, partner_a, colleague_a):
    response = client_of(admin_a).post(remove_url(partner_a, colleague_a), {"confirmed": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=colleague_a.pk).exists()


def test_colleagues_page_links_revoking_to_a_confirmation(
    client_of, admin_a, partner_a, invitation_a
):
    page = (
        client_of(admin_a)
        .get(reverse("partners_intern:members", args=[partner_a.slug]))
        .content.decode()
    )
    assert f'href="{revoke_url(partner_a, invitation_a)}"' in page


def test_revoke_confirmation_names_the_consequence(client_of, admin_a, partner_a, invitation_a):
    response = client_of(admin_a).get(
        revoke_url(partner_a, invitation_a), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Revoke the invitation to neu@example.org?" in page
    assert "stops working at once" in page
    invitation_a.refresh_from_db()
    assert invitation_a.revoked_at is None


def test_revoke_without_confirmation_keeps_the_invitation(
    client_of, admin_a, partner_a, invitation_a
):
    assert client_of(admin_a).post(revoke_url(partner_a, invitation_a)).status_code == 200
    invitation_a.refresh_from_db()
    assert invitation_a.revoked_at is None


def test_confirmed_revoke_revokes(client_of, admin_a, partner_a, invitation_a):
    response = client_of(admin_a).post(revoke_url(partner_a, invitation_a), {"confirmed": "yes"})
    assert response.status_code == 302
    invitation_a.refresh_from_db()
    assert invitation_a.revoked_at is not None


@pytest.mark.parametrize(("persona", "expected"), [("member_a", 403), ("admin_b", 404)])
def test_others_get_no_revoke_confirmation(
    client_of, request, partner_a, invitation_a, persona, expected
):
    response = client_of(request.getfixturevalue(persona)).get(revoke_url(partner_a, invitation_a))
    assert response.status_code == expected
