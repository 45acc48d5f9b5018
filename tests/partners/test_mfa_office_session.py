"""The MFA step that office rights wait for, as the person meets it (issue 15, Why #1, #7)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, make_project_office
from tests.partners.test_mfa_and_login import current_totp_code

pytestmark = pytest.mark.django_db


def _reauthenticated(client: Client, user) -> Client:
    """As after allauth's "enter your password again" (the MFA settings ask for it)."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def test_the_qr_code_alt_text_does_not_carry_the_secret(client_of):
    user = UserFactory()
    client = _reauthenticated(client_of(user), user)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{16,})"[^>]*id="authenticator_secret"', page)
    assert secret is not None, "the secret stands readable on the page"
    alt = re.search(r'<img class="rh-account-img"[^>]*alt="([^"]*)"', page).group(1)
    assert secret.group(1) not in alt
    assert alt == "QR-Code für Ihre Authenticator-App"


@pytest.mark.django_db(transaction=True)  # allauth signals the new authenticator on commit
def test_setting_up_the_app_opens_the_office_pages_at_once(client_of):
    office = make_project_office(UserFactory(email="new.office@example.org"), mfa=False)
    client = client_of(office)
    assert client.get("/intern/")["Location"] == reverse("mfa_activate_totp")
    client = _reauthenticated(client, office)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'value="([A-Z2-7]{16,})"', page).group(1)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
    assert client.get("/intern/").status_code == 200


def test_an_authenticator_unused_in_this_session_is_asked_for_before_the_office_pages():
    office = make_project_office(UserFactory(email="office.login@example.org"))
    client = Client()
    client.force_login(office)
    session = client.session
    session.pop("account_authentication_methods")
    session.save()
    response = client.get("/intern/bericht/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Fintern%2Fbericht%2F" in response["Location"]
    assert client.get("/dokumente/").status_code == 200  # public pages stay open
    confirmed = client.post(response["Location"], {"code": current_totp_code()})
    assert confirmed.status_code == 302
    assert client.get("/intern/bericht/").status_code == 200


def test_a_real_login_with_password_and_code_grants_the_office_rights(client):
    office = make_project_office(UserFactory(email="office.real@example.org"))
    client.post(reverse("account_login"), {"login": office.email, "password": PASSWORD})
    assert client.get("/intern/bericht/")["Location"].startswith("/accounts/login")
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert client.get("/intern/bericht/").status_code == 200
