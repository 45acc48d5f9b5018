"""allauth's pages and ours in the portal's look: axe-clean in German and English, no JS needed."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/signup/",
    "/intern/einladung/unbekannt/",
]

OWN_ACCOUNT_PAGES = [
    "/intern/",
    "/intern/profil/",
    "/intern/profil/konto-loeschen/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/logout/",
]


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/intern/")


def _check(page, assert_accessible, path, language):
    response = page.goto(f"{path}?language={language}")
    # An unknown invitation link is a 404 with an explanation page.
    assert response.status < 400 or "/einladung/" in path, path
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1, path
    assert page.locator("link[href*='/css/partners.']").count() == 1, path  # the portal layout
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_public_account_pages_are_accessible(page, assert_accessible, language):
    for path in PUBLIC_PAGES:
        _check(page, assert_accessible, path, language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_own_account_pages_are_accessible(page, assert_accessible, admin_a, language):
    _log_in(page, admin_a.email)
    for path in OWN_ACCOUNT_PAGES:
        _check(page, assert_accessible, path, language)


def test_setting_up_totp_right_after_login_and_recovery_codes(page, assert_accessible, admin_a):
    # Right after logging in no second password prompt (issue 20): the login is recent.
    _log_in(page, admin_a.email)
    page.goto("/accounts/2fa/totp/activate/")
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert_accessible(page)
    secret = page.input_value("#authenticator_secret")
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert_accessible(page)
    assert admin_a.authenticator_set.filter(type="totp").exists()


def test_login_and_colleague_management_work_without_javascript(browser, live_server, admin_a):
    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", base_url=live_server.url
    )
    tab = context.new_page()
    _log_in(tab, admin_a.email)
    tab.goto(f"/intern/partner/{admin_a.memberships.get().partner.slug}/kolleginnen/")
    tab.fill("#id_email", "ohne.js@example.org")
    tab.get_by_role("button", name="Einladung senden").click()
    assert tab.get_by_text("Die Einladung an ohne.js@example.org ist gespeichert").is_visible()
    context.close()
