"""Passkeys as the office's second factor; the office's first login (issue 20, scopes 3, 4)."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.webauthn.internal.auth import WebAuthn
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from partners.adapters import MFAAdapter
from tests.factories import PASSWORD, UserFactory, make_project_office, with_totp

pytestmark = pytest.mark.django_db


def add_passkey(user, name="Laptop") -> Authenticator:
    """A passkey as allauth stores it (the credential is only read when listed in detail)."""
    return WebAuthn.add(
        user, name, {"clientExtensionResults": {"credProps": {"rk": True}}}
    ).instance


def _client_after_passkey_login(user, authenticator) -> Client:
    """A session as allauth leaves it after "Log in with a passkey" (no password)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {
            "method": "mfa",
            "at": time.time(),
            "id": authenticator.pk,
            "type": "webauthn",
            "passwordless": True,
        }
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def _code(secret: str) -> str:
    """The current TOTP code, never one that expires before the test can send it."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_a_passkey_login_opens_the_office_pages():
    office = make_project_office(UserFactory(email="passkey.office@example.org"), mfa=False)
    passkey = add_passkey(office)
    client = _client_after_passkey_login(office, passkey)
    assert client.get("/intern/bericht/").status_code == 200


def test_a_passkey_without_a_session_that_used_it_is_asked_for():
    office = make_project_office(UserFactory(email="passkey.unused@example.org"), mfa=False)
    add_passkey(office)
    client = Client()
    client.force_login(office)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": office.email}
    ]
    session.save()
    response = client.get("/intern/bericht/")
    # Only a passkey: confirmed with it, not with an app code the person does not have.
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))


def test_the_office_setup_page_offers_a_passkey_instead_of_the_app(client):
    office = make_project_office(UserFactory(email="choose@example.org"), mfa=False)
    client.post(reverse("account_login"), {"login": office.email, "password": PASSWORD})
    response = client.get("/intern/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert reverse("mfa_add_webauthn") in page
    assert "Passkey" in page


def test_setting_up_a_passkey_opens_the_office_pages_at_once(client):
    """The signal that marks the session covers passkeys as well as the app."""
    from allauth.mfa.signals import authenticator_added

    office = make_project_office(UserFactory(email="new.passkey@example.org"), mfa=False)
    client.post(reverse("account_login"), {"login": office.email, "password": PASSWORD})
    assert client.get("/intern/").status_code == 302
    passkey = add_passkey(office)
    request = client.get(reverse("mfa_index")).wsgi_request
    authenticator_added.send(
        sender=Authenticator, request=request, user=office, authenticator=passkey
    )
    request.session.save()
    assert client.get("/intern/").status_code == 200


def test_no_second_password_prompt_right_after_login(client):
    """Regression: after "signed in" the app's setup asked for the password again."""
    user = UserFactory(email="fresh.login@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200


def test_an_old_login_asks_for_the_password_again(client):
    user = UserFactory(email="old.login@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 301
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_office_keeps_its_last_factor_whatever_it_is():
    office = make_project_office(UserFactory(email="last.factor@example.org"), mfa=False)
    adapter = MFAAdapter()
    passkey = add_passkey(office)
    assert not adapter.can_delete_authenticator(passkey)
    with_totp(office)
    totp = office.authenticator_set.get(type=Authenticator.Type.TOTP)
    assert adapter.can_delete_authenticator(passkey)
    assert adapter.can_delete_authenticator(totp)
    passkey.delete()
    assert not adapter.can_delete_authenticator(totp)


def test_anyone_else_may_remove_their_only_passkey(client_of):
    user = UserFactory(email="own.passkey@example.org")
    passkey = add_passkey(user)
    client = client_of(user)
    response = client.post(reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk}))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


def test_removing_the_last_passkey_of_an_office_member_is_refused():
    office = make_project_office(UserFactory(email="keep.passkey@example.org"), mfa=False)
    passkey = add_passkey(office, "Dienstlaptop")
    client = _client_after_passkey_login(office, passkey)
    url = reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk})
    page = client.get(url).content.decode()
    assert "letzter zweiter Faktor" in page
    assert 'type="submit"' not in page.split("<main", 1)[1]
    response = client.post(url, follow=True)
    assert Authenticator.objects.filter(pk=passkey.pk).exists()
    assert "kann nicht entfernt werden" in response.content.decode()


def test_a_passkey_can_be_renamed_and_is_listed_by_its_name():
    office = make_project_office(UserFactory(email="rename@example.org"), mfa=False)
    passkey = add_passkey(office, "Alt")
    client = _client_after_passkey_login(office, passkey)
    response = client.post(
        reverse("mfa_edit_webauthn", kwargs={"pk": passkey.pk}), {"name": "Dienst-Smartphone"}
    )
    assert response.status_code == 302
    listing = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert "Dienst-Smartphone" in listing
    assert "Umbenennen" in listing


def test_the_new_passkey_form_offers_login_without_password(client):
    user = UserFactory(email="offer@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    assert re.search(r'<input[^>]*name="passwordless"[^>]*checked', page)


def test_the_login_page_offers_a_passkey_login_with_external_scripts_only(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in page
    assert 'action="/accounts/2fa/webauthn/login/"' in page
    assert "/static/mfa/js/webauthn.js" in page or "mfa/js/webauthn." in page
    # The strict CSP allows no inline script: every <script> is external or data.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.django_db(transaction=True)  # allauth signals the new authenticator on commit
def test_the_office_first_login_from_password_to_the_cockpit(client):
    """Password, the app's setup (no second password), all ten codes, "Continue", the cockpit."""
    office = make_project_office(UserFactory(email="first.login@example.org"), mfa=False)
    response = client.post(
        reverse("account_login"), {"login": office.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    page = response.content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', page).group(0)
    assert "disabled" not in field and "readonly" in field  # readable, not grey on grey
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    page = response.content.decode()
    codes = re.findall(r"<li>([0-9a-z]{8})</li>", page)
    assert len(codes) == 10
    assert reverse("mfa_download_recovery_codes") in page
    assert re.search(r'<a href="/intern/"[^>]*>\s*<span class="kern-label">\s*Weiter', page)
    assert client.get("/intern/").status_code == 200


def test_the_local_office_account_comes_with_a_demo_totp_secret(settings, tmp_path, monkeypatch):
    from io import StringIO

    from partners.management.commands import ensure_local_office

    monkeypatch.setattr(ensure_local_office, "CREDENTIALS_FILE", tmp_path / "credentials")
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_local_office", stdout=out)
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)\s+\(DEMO ONLY\)", out.getvalue()).group(1)
    assert f"oathtool --totp -b {secret}" in out.getvalue()
    # The same secret on every run; the code from it passes allauth's login step.
    again = StringIO()
    call_command("ensure_local_office", stdout=again)
    assert secret in again.getvalue()
    password = (tmp_path / "credentials").read_text().split()[1]
    client = Client()
    client.post(
        reverse("account_login"), {"login": ensure_local_office.EMAIL, "password": password}
    )
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.get("/intern/bericht/").status_code == 200


def test_the_local_office_account_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_local_office")
    assert not Authenticator.objects.exists()
