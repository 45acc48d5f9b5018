"""Logging in through one's administration in Chromium, against the test provider on
127.0.0.1: the login page's section, the refusal page and the page after logout are
axe-clean in German and English, and the journey needs no JavaScript of ours."""

import pytest

from partners import services
from partners.models import Membership
from tests.partners.sso.conftest import (
    CLIENT_SECRET,
    IDP_PASSWORD,
    SECRET_ENV,
    running_provider,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "de": {
        "section": "Mit dem Konto Ihrer Verwaltung anmelden",
        "refused": "Kein Zugang über das Konto Ihrer Verwaltung",
        "logged_out": "Sie sind abgemeldet",
        "also_out": "Auch bei Bezirksamt Nord abmelden",
    },
    "en": {
        "section": "Log in with your administration's account",
        "refused": "No access through your administration's account",
        "logged_out": "You are logged out",
        "also_out": "Also log out at Bezirksamt Nord",
    },
}


LOGIN_LINK = {
    "de": "Mit E-Mail-Adresse und Passwort anmelden",
    "en": "Log in with e-mail address and password",
}


@pytest.fixture(scope="module")
def provider_for_the_browser(live_server, tmp_path_factory):
    with running_provider(tmp_path_factory, portal=live_server.url) as server:
        yield server


@pytest.fixture
def sso_page(page, provider_for_the_browser, partner_a, monkeypatch):
    """The tab may also talk to the provider (every other foreign request is still refused)."""
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    provider_for_the_browser.row(partner_a)
    guard = page.guard
    page.unroute("**/*")
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(provider_for_the_browser.url)
            else guard.route(route)
        ),
    )
    return page


def _through_the_provider(page, idp_url: str, email: str) -> None:
    page.fill("#id_sso_email", email)
    page.locator("form[action='/accounts/sso/'] button[type=submit]").first.click()
    page.wait_for_url(f"{idp_url}/**")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", IDP_PASSWORD)
    page.locator("form[method=post] button[type=submit]").first.click()


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_uninvited_person_sees_whom_to_ask(
    sso_page, assert_accessible, provider_for_the_browser, language
):
    page = sso_page
    page.goto(f"/accounts/login/?language={language}")
    assert page.get_by_role("heading", name=HEADINGS[language]["section"]).count() == 1
    assert_accessible(page)
    _through_the_provider(page, provider_for_the_browser.url, "bernd@nord.example")
    page.wait_for_url("**/accounts/oidc/bezirk-nord/login/callback/**")
    assert page.locator("h1").inner_text() == HEADINGS[language]["refused"]
    assert "bernd@nord.example" in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_unknown_domain_is_explained_on_the_choice_page(sso_page, assert_accessible, language):
    page = sso_page
    page.goto(f"/accounts/sso/?language={language}")
    page.fill("#id_email", "jemand@unbekannt.example")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".kern-error").count() == 1
    assert page.input_value("#id_email") == "jemand@unbekannt.example"
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_invited_person_logs_in_and_out_again(
    sso_page, assert_accessible, provider_for_the_browser, partner_a, admin_a, language
):
    page = sso_page
    services.invite(
        partner=partner_a,
        email="anna@nord.example",
        role=Membership.Role.MEMBER,
        acting_user=admin_a,
    )
    page.goto(f"/accounts/login/?language={language}")
    _through_the_provider(page, provider_for_the_browser.url, "anna@nord.example")
    page.wait_for_url("**/intern/")
    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/sso/abgemeldet/")
    assert page.locator("h1").inner_text() == HEADINGS[language]["logged_out"]
    link = page.get_by_role("link", name=HEADINGS[language]["also_out"])
    assert link.get_attribute("href").startswith(
        f"{provider_for_the_browser.url}/identity/o/logout?"
    )
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_page_after_a_failed_login_is_accessible(page, assert_accessible, language):
    response = page.goto(f"/accounts/3rdparty/login/error/?language={language}")
    assert response.status == 401  # allauth's status for a failed third-party login
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name=LOGIN_LINK[language]).count() == 1
    assert_accessible(page)
