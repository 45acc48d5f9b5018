"""The first login through an administration's provider: invitation or existing account only."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from partners import services
from partners.models import Invitation, Membership, User
from tests.factories import UserFactory

from .conftest import log_in_at_provider, provider_url, sso_login, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def nord(idp, partner_a):
    return idp.row(partner_a)


def _invite(partner, email, inviter, role=Membership.Role.MEMBER) -> Invitation:
    return services.invite(partner=partner, email=email, role=role, acting_user=inviter).invitation


def test_it_finds_the_provider_by_the_domain_and_sends_there_with_the_address(client, nord, idp):
    url = provider_url(start(client, email="Anna@Nord.example"))
    assert url.startswith(f"{idp.url}/identity/o/authorize?")
    assert "login_hint=Anna%40Nord.example" in url
    assert "code_challenge=" in url  # PKCE


def test_an_unknown_domain_gets_a_clear_message_and_keeps_the_address(client, nord):
    response = start(client, email="someone@unbekannt.example")
    assert response.status_code == 200
    page = response.content.decode()
    assert "unbekannt.example" in page
    assert 'value="someone@unbekannt.example"' in page
    assert "Bezirksamt Nord" in page  # the list to choose from


def test_the_login_page_offers_the_administrations(client, nord):
    page = client.get(reverse("account_login")).content.decode()
    assert "Mit dem Konto Ihrer Verwaltung anmelden" in page
    assert 'name="provider" value="bezirk-nord"' in page


def test_without_any_provider_the_login_page_has_no_sso_section(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "Mit dem Konto Ihrer Verwaltung anmelden" not in page
    assert "Passwort" in page


def test_a_provider_without_its_secret_on_the_server_is_not_offered(client, nord, monkeypatch):
    monkeypatch.delenv("REGIOHUB_SSO_TEST_SECRET")
    assert "bezirk-nord" not in client.get(reverse("account_login")).content.decode()
    response = start(client, email="anna@nord.example")
    assert response.status_code == 503
    assert "Passwort" in response.content.decode()


def test_first_login_with_an_invitation_creates_the_account_and_accepts_it(
    client, nord, partner_a, admin_a
):
    invitation = _invite(partner_a, "anna@nord.example", admin_a, Membership.Role.EDITOR)
    response = sso_login(client, "anna@nord.example")
    assert response.status_code == 302
    assert response["Location"] == "/intern/"
    user = User.objects.get(email="anna@nord.example")
    assert (user.first_name, user.last_name) == ("Anna", "Amt")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, partner=partner_a).role == Membership.Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).provider == "bezirk-nord"
    assert client.get("/intern/").status_code == 200


def test_the_second_login_uses_the_linked_account(client, nord, partner_a, admin_a):
    _invite(partner_a, "anna@nord.example", admin_a)
    sso_login(client, "anna@nord.example")
    client.logout()
    response = sso_login(client, "anna@nord.example")
    assert response["Location"] == "/intern/"
    assert User.objects.filter(email="anna@nord.example").count() == 1


def test_without_an_invitation_nobody_gets_an_account(client, nord):
    response = sso_login(client, "bernd@nord.example")
    assert response.status_code == 403
    page = response.content.decode()
    assert "bernd@nord.example" in page
    assert "Landkreis Testland A" in page  # whom to ask: the partner's administrators
    assert not User.objects.filter(email="bernd@nord.example").exists()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_invitation_into_another_partner_does_not_open_this_provider(
    client, nord, partner_b, admin_b
):
    _invite(partner_b, "paul@nord.example", admin_b)
    response = sso_login(client, "paul@nord.example")
    assert response.status_code == 403
    assert "Stadt Testhausen B" not in response.content.decode()  # nothing leaks
    assert not User.objects.filter(email="paul@nord.example").exists()


def test_an_address_outside_the_allowed_domains_is_refused(client, nord, partner_a, admin_a):
    _invite(partner_a, "eve@anderswo.example", admin_a)
    response = sso_login(client, "eve@anderswo.example", provider="bezirk-nord")
    assert response.status_code == 403
    assert "anderswo.example" in response.content.decode()
    assert not User.objects.filter(email="eve@anderswo.example").exists()


def test_an_existing_account_with_the_verified_address_is_linked(client, nord, partner_a):
    dora = UserFactory(email="dora@nord.example")
    response = sso_login(client, "dora@nord.example")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == dora.pk
    assert SocialAccount.objects.get(provider="bezirk-nord").user == dora
    assert dora.memberships.count() == 0  # an account, not a new role


def test_an_existing_account_with_an_unconfirmed_address_is_refused(client, nord):
    dora = UserFactory(email="dora@nord.example")
    EmailAddress.objects.filter(user=dora).update(verified=False)
    response = sso_login(client, "dora@nord.example")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_mapped_claim_chooses_the_role_at_the_first_login(client, idp, partner_a, admin_a):
    idp.row(partner_a, role_claim="groups", role_mapping="portal-admins = admin\nstaff = member")
    _invite(partner_a, "clara@nord.example", admin_a, Membership.Role.MEMBER)
    sso_login(client, "clara@nord.example")
    clara = User.objects.get(email="clara@nord.example")
    assert Membership.objects.get(user=clara, partner=partner_a).role == Membership.Role.ADMIN


def test_an_unmapped_claim_leaves_the_invited_role(client, idp, partner_a, admin_a):
    idp.row(partner_a, role_claim="groups", role_mapping="portal-editors = editor")
    _invite(partner_a, "clara@nord.example", admin_a, Membership.Role.MEMBER)
    sso_login(client, "clara@nord.example")
    clara = User.objects.get(email="clara@nord.example")
    assert Membership.objects.get(user=clara, partner=partner_a).role == Membership.Role.MEMBER


def test_the_claim_does_not_change_a_role_after_the_first_login(client, idp, partner_a, admin_a):
    idp.row(partner_a, role_claim="groups", role_mapping="portal-admins = admin")
    _invite(partner_a, "clara@nord.example", admin_a)
    sso_login(client, "clara@nord.example")
    membership = Membership.objects.get(user__email="clara@nord.example", partner=partner_a)
    services.change_role(membership=membership, role=Membership.Role.MEMBER, acting_user=admin_a)
    client.logout()
    sso_login(client, "clara@nord.example")
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_a_changed_state_is_refused(client, nord, partner_a, admin_a):
    _invite(partner_a, "anna@nord.example", admin_a)
    flow = log_in_at_provider(
        provider_url(start(client, email="anna@nord.example")), "anna@nord.example"
    )
    response = client.get(flow.with_params(state="forged-state"))
    assert "_auth_user_id" not in client.session
    assert "Verwaltung" in response.content.decode()
    assert not User.objects.filter(email="anna@nord.example").exists()


def test_a_changed_code_is_refused_by_the_provider(client, nord, partner_a, admin_a):
    _invite(partner_a, "anna@nord.example", admin_a)
    flow = log_in_at_provider(
        provider_url(start(client, email="anna@nord.example")), "anna@nord.example"
    )
    response = client.get(flow.with_params(code=flow.params["code"][:-4] + "AAAA"))
    assert "_auth_user_id" not in client.session
    assert response.status_code == 401  # allauth's answer to a failed third-party login
    assert "hat nicht geklappt" in response.content.decode()
    assert not User.objects.filter(email="anna@nord.example").exists()


def test_a_callback_used_twice_logs_in_once(client, nord, partner_a, admin_a):
    _invite(partner_a, "anna@nord.example", admin_a)
    flow = log_in_at_provider(
        provider_url(start(client, email="anna@nord.example")), "anna@nord.example"
    )
    assert client.get(flow.callback).status_code == 302
    client.logout()
    client.get(flow.callback)
    assert "_auth_user_id" not in client.session


def test_allauths_own_start_page_hands_over_through_the_portals_form(client, nord, idp):
    page = client.get("/accounts/oidc/bezirk-nord/login/").content.decode()
    assert 'action="/accounts/sso/"' in page
    assert 'name="provider" value="bezirk-nord"' in page
    assert provider_url(start(client, provider="bezirk-nord")).startswith(idp.url)


def test_the_cancelled_page_says_sie(client, db):
    page = client.get("/accounts/3rdparty/login/cancelled/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Sie haben die Anmeldung bei Ihrer Verwaltung abgebrochen" in page.content.decode()
