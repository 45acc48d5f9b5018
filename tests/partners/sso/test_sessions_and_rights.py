"""An SSO login is a portal login like any other: MFA for the office, the session
list, logout (with the provider's logout offered), roles that end at once, and the
same rights as with a password."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.urls import reverse

from partners import services
from partners.models import Membership, User
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, make_project_office

from .conftest import _free_port, log_in_at_provider, provider_url, sso_login, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def nord(idp, partner_a):
    return idp.row(partner_a)


def _invited_login(client, partner, inviter, email, role=Membership.Role.MEMBER) -> User:
    services.invite(partner=partner, email=email, role=role, acting_user=inviter)
    response = sso_login(client, email)
    assert response.status_code == 302, response.content[:300]
    return User.objects.get(email=email)


def test_an_office_member_signing_in_through_sso_still_passes_the_portals_mfa(client, nord):
    otto = make_project_office(UserFactory(email="otto@nord.example"))
    response = sso_login(client, "otto@nord.example")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not logged in before the second factor
    code = format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == otto.pk
    assert client.get("/admin/").status_code == 200


def test_an_office_member_without_a_second_factor_gets_no_office_rights_through_sso(client, nord):
    make_project_office(UserFactory(email="otto@nord.example"), mfa=False)
    response = sso_login(client, "otto@nord.example")
    assert response.status_code == 302
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
    assert client.get("/intern/")["Location"] == reverse("mfa_activate_totp")


def test_an_sso_login_is_in_the_session_list(client, nord, partner_a, admin_a):
    anna = _invited_login(client, partner_a, admin_a, "anna@nord.example")
    assert UserSession.objects.filter(user=anna).count() == 1
    assert client.get(reverse("usersessions_list")).status_code == 200


def test_logout_ends_the_session_and_offers_the_providers_logout(
    client, nord, idp, partner_a, admin_a
):
    _invited_login(client, partner_a, admin_a, "anna@nord.example")
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("sso_logged_out")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Auch bei Bezirksamt Nord abmelden" in page
    assert f'href="{idp.url}/identity/o/logout?client_id=regiohub-test&amp;' in page
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in page


def test_the_providers_logout_page_accepts_the_portals_request(
    client, nord, idp, partner_a, admin_a
):
    services.invite(
        partner=partner_a, email="anna@nord.example", role="member", acting_user=admin_a
    )
    flow = log_in_at_provider(
        provider_url(start(client, email="anna@nord.example")), "anna@nord.example"
    )
    client.get(flow.callback)
    client.post(reverse("account_logout"))
    page = client.get(reverse("sso_logged_out")).content.decode()
    link = page.split(f'href="{idp.url}', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    answer = flow.browser.get(f"{idp.url}{link}", allow_redirects=False, timeout=10)
    assert answer.status_code == 200  # the provider's own "log out here too?" page


def test_a_password_logout_goes_home_as_before(client, member_a):
    client.post(reverse("account_login"), {"login": member_a.email, "password": PASSWORD})
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_removing_the_membership_ends_the_sso_sessions_access_at_the_next_request(
    client, nord, partner_a, admin_a
):
    anna = _invited_login(client, partner_a, admin_a, "anna@nord.example")
    assert client.get("/intern/arbeitsgruppen/").status_code == 200
    membership = Membership.objects.get(user=anna, partner=partner_a)
    services.remove_member(membership=membership, acting_user=admin_a)
    assert client.get("/intern/arbeitsgruppen/").status_code in (302, 403, 404)
    assert client.get("/intern/").status_code != 200


MATRIX = [
    "/intern/",
    "/intern/profil/",
    "/intern/partner/{own}/profil/",
    "/intern/partner/{own}/kolleginnen/",
    "/intern/partner/{other}/kolleginnen/",
    "/intern/projekte/",
    "/intern/projekte/neu/",
    "/intern/arbeitsgruppen/",
    "/intern/bibliothek/",
    "/admin/",
    "/admin/partners/partneridentityprovider/",
    "/accounts/sessions/",
]


def _statuses(client, partner_a, partner_b) -> dict[str, int]:
    return {
        url: client.get(url.format(own=partner_a.slug, other=partner_b.slug)).status_code
        for url in MATRIX
    }


def test_an_sso_user_has_exactly_the_rights_of_a_password_user(
    client, client_of, nord, partner_a, partner_b, admin_a, editor_a
):
    from django.test import Client

    _invited_login(client, partner_a, admin_a, "erik@nord.example", Membership.Role.EDITOR)
    by_password = Client()
    by_password.post(reverse("account_login"), {"login": editor_a.email, "password": PASSWORD})
    sso = _statuses(client, partner_a, partner_b)
    password = _statuses(by_password, partner_a, partner_b)
    assert sso == password
    assert 200 in sso.values() and {403, 404} & set(sso.values())


def test_a_provider_that_does_not_answer_leaves_the_password_login(client, partner_a, member_a):
    from partners.models import PartnerIdentityProvider

    PartnerIdentityProvider.objects.create(
        partner=partner_a,
        slug="bezirk-nord",
        name="Bezirksamt Nord",
        server_url=f"http://127.0.0.1:{_free_port()}",
        client_id="regiohub-test",
        client_secret_env="REGIOHUB_SSO_TEST_SECRET",
        email_domains="nord.example",
    )
    response = start(client, email="anna@nord.example")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Der Anmeldedienst von Bezirksamt Nord antwortet gerade nicht" in page
    assert 'value="anna@nord.example"' in page
    response = client.post(
        reverse("account_login"), {"login": member_a.email, "password": PASSWORD}
    )
    assert response["Location"] == "/intern/"
