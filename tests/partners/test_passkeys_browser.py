"""Passkeys in Chromium with the DevTools virtual authenticator, and the office's first login
(issue 20, scopes 3 and 4): every new page axe-clean in German and English, no CSP error."""

import re

import pytest
from allauth.mfa.models import Authenticator

from tests.factories import PASSWORD, UserFactory, fresh_totp_code, make_project_office, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page) -> None:
    """A platform authenticator (like Touch ID or Windows Hello) that always verifies the user."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def _both_languages(page, assert_accessible) -> None:
    """axe on the page as it stands (German), then the same address in English, then back."""
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]
    page.goto(f"{path}?language=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.goto(f"{path}?language=de")


def _log_in_with_password(page, email) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_an_office_member_works_with_a_passkey_alone(page, assert_accessible):
    office = make_project_office(UserFactory(email="passkey.browser@example.org"), mfa=False)
    _virtual_authenticator(page)

    # First login: password, then the choice (app or passkey) without a second password.
    _log_in_with_password(page, office.email)
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    page.get_by_role("link", name="Stattdessen einen Passkey einrichten").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    _both_languages(page, assert_accessible)
    page.fill("#id_name", "Dienstlaptop")
    assert page.is_checked("#id_passwordless")
    page.get_by_role("button", name="Passkey hinzufügen").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes li").count() == 10
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/intern/")
    passkey = Authenticator.objects.get(user=office, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True

    # The list, renaming, and the refusal to remove the office member's last factor.
    page.goto("/accounts/2fa/webauthn/")
    _both_languages(page, assert_accessible)
    page.get_by_role("link", name="Umbenennen").click()
    _both_languages(page, assert_accessible)
    page.fill("#id_name", "Laptop im Büro")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/accounts/2fa/webauthn/")
    assert page.get_by_text("Laptop im Büro").is_visible()
    page.get_by_role("link", name="Entfernen").click()
    _both_languages(page, assert_accessible)
    assert page.get_by_text("ist Ihr letzter zweiter Faktor").is_visible()
    assert page.locator("main button[type=submit]").count() == 0

    # Log out, then in with the passkey alone: the office pages open (the passkey is the MFA).
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/")
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Mit Passkey anmelden").click()
    page.wait_for_url("**/intern/")
    response = page.goto("/intern/bericht/")
    assert response.status == 200
    assert page.url.endswith("/intern/bericht/")

    # With a second factor beside it, the passkey may go.
    with_totp(office)
    page.goto("/accounts/2fa/webauthn/")
    page.get_by_role("link", name="Entfernen").click()
    page.wait_for_url("**/remove/")  # the passkey login just now counts as recent
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/webauthn/")
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


def test_the_office_first_login_takes_four_screens(page, assert_accessible):
    """Login, the app's setup, the recovery codes, the cockpit: nothing in between."""
    office = make_project_office(UserFactory(email="first.browser@example.org"), mfa=False)
    screens = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and screens.append(frame.url))

    _log_in_with_password(page, office.email)
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    assert page.locator("img[alt]").first.get_attribute("alt").find(secret) == -1
    _both_languages(page, assert_accessible)
    secret = page.input_value("#authenticator_secret")  # the same for this session
    page.fill("#id_code", fresh_totp_code(secret))
    page.get_by_role("button", name="Aktivieren").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes li").count() == 10
    for item in page.locator("#recovery_codes li").all():
        assert item.is_visible()
    assert page.get_by_role("link", name="Codes herunterladen").is_visible()
    _both_languages(page, assert_accessible)
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/intern/")
    assert page.locator("h1").count() == 1

    # The screens a person saw (the language checks above reloaded pages; count distinct ones).
    seen = []
    for url in screens:
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
        if not seen or seen[-1] != path:
            seen.append(path)
    assert seen == [
        "/accounts/login/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/recovery-codes/",
        "/intern/",
    ]
