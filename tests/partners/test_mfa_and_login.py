"""Login through allauth: MFA required for the office, recovery codes, rate limit, no sign-up."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from partners.models import User
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, make_project_office, with_totp
from tests.worker import committed

pytestmark = pytest.mark.django_db


def current_totp_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))


def _log_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


@pytest.fixture
def office_without_mfa(db):
    return make_project_office(UserFactory(email="new.office@example.org"), mfa=False)


def test_office_without_authenticator_is_sent_to_the_mfa_setup_before_the_admin(
    client_of, office_without_mfa
):
    response = client_of(office_without_mfa).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_office_without_authenticator_is_sent_to_the_mfa_setup_before_internal_pages(
    client_of, office_without_mfa
):
    response = client_of(office_without_mfa).get(reverse("core:dashboard"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_office_without_authenticator_can_still_reach_the_setup_and_log_out(
    client_of, office_without_mfa
):
    client = client_of(office_without_mfa)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    # allauth may first ask for the password again (reauthentication), never loops back.
    assert response.request["PATH_INFO"] in (
        reverse("mfa_activate_totp"),
        reverse("account_reauthenticate"),
    )
    assert client.post(reverse("account_logout")).status_code == 302


def test_superuser_without_authenticator_is_sent_to_the_mfa_setup(client_of):
    root = UserFactory(email="root2@example.org", is_staff=True, is_superuser=True)
    assert client_of(root).get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_office_with_authenticator_reaches_the_admin(client_of, office):
    assert client_of(office).get("/admin/").status_code == 200


def test_partner_staff_without_authenticator_are_not_forced(client_of, admin_a):
    response = client_of(admin_a).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert reverse("mfa_activate_totp") in response.content.decode()  # the recommendation


def test_the_office_logs_in_with_password_and_totp_code(client, office):
    response = _log_in(client, office)
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_totp_code_does_not_log_in(client, office):
    _log_in(client, office)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_works_once(client, office):
    code = RecoveryCodes.activate(office).get_unused_codes()[0]
    _log_in(client, office)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post(reverse("account_logout"))
    _log_in(client, office)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # refused, the form is shown again
    assert client.get("/admin/").status_code == 302


def test_the_login_rate_limit_kicks_in_after_five_failures(client, admin_a):
    for _ in range(5):
        assert _log_in(client, admin_a, password="wrong password").status_code == 200
    response = _log_in(client, admin_a)  # even the right password is refused now
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "Keine offene Registrierung" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {
            "email": "intruder@example.org",
            "password1": "Very-long-pass-123",
            "password2": "Very-long-pass-123",
        },
    )
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_the_login_page_does_not_offer_a_sign_up(client):
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in page


def test_password_reset_for_an_unknown_address_looks_the_same(client, admin_a, mailoutbox):
    known = committed(
        lambda: client.post(reverse("account_reset_password"), {"email": admin_a.email})
    )
    unknown = committed(
        lambda: client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 2
    assert mailoutbox[0].alternatives  # HTML and plain text


def _reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_the_office_cannot_deactivate_its_authenticator(client_of, office):
    client = client_of(office)
    _reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form with allauth's refusal
    assert Authenticator.objects.filter(user=office, type=Authenticator.Type.TOTP).exists()


def test_partner_staff_may_deactivate_their_authenticator(client_of, admin_a):
    with_totp(admin_a)
    client = client_of(admin_a)
    _reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=admin_a, type=Authenticator.Type.TOTP).exists()
