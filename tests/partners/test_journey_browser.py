"""The journey of the accounts issue in a real browser, as new users would go it.

The office logs in with password and TOTP code, invites alice as admin of
Landkreis Teltow-Fläming; alice follows the link from the e-mail, sets her
password, sees her organisation, invites bob as member; bob accepts, logs in
and cannot edit the partner profile. axe checks every page on the way.
"""

import re

import pytest
from django.core import mail

from partners.realdata import load_partners
from tests.factories import UserFactory, make_project_office
from tests.partners.test_mfa_and_login import current_totp_code
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNER = "Landkreis Teltow-Fläming"
SLUG = "landkreis-teltow-flaeming"
OFFICE_PASSWORD = "Projektbuero-Passwort-2026"


def _last_link() -> str:
    return re.search(r"https?://[^/\s]+(/intern/einladung/[^/\s]+/)", mail.outbox[-1].body).group(1)


def _log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/")


def _accept(page, assert_accessible, link, first_name, password):
    page.goto(link)
    assert_accessible(page)
    page.fill("#id_first_name", first_name)
    page.fill("#id_last_name", "Beispiel")
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.get_by_role("button", name="Passwort festlegen und beitreten").click()
    page.wait_for_url("**/intern/")


def test_office_invites_alice_who_invites_bob_who_cannot_edit_the_profile(
    page, assert_accessible, live_server
):
    load_partners()
    office = make_project_office(UserFactory(email="office@example.org"))
    office.set_password(OFFICE_PASSWORD)
    office.save()

    # The office logs in through the real login and the TOTP form.
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.fill("#id_login", office.email)
    page.fill("#id_password", OFFICE_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.fill("#id_code", current_totp_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/intern/")
    assert_accessible(page)

    # … and invites alice as admin of Teltow-Fläming.
    page.goto(f"/intern/partner/{SLUG}/kolleginnen/")
    assert_accessible(page)
    page.fill("#id_email", "alice@example.org")
    page.select_option("#id_role", "admin")
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_text("Die Einladung an alice@example.org ist gespeichert").is_visible()
    assert_accessible(page)
    _log_out(page)

    # The task worker delivers the invitation; alice opens the link and sets her password.
    run_worker()
    assert mail.outbox[-1].to == ["alice@example.org"]
    _accept(page, assert_accessible, _last_link(), "Alice", "Alice-sicheres-Passwort-1")
    assert page.get_by_role("heading", name="Meine Organisation").is_visible()
    assert page.get_by_role("link", name=PARTNER).is_visible()
    assert_accessible(page)

    # Alice invites bob as member.
    page.get_by_role(
        "link", name="Kolleginnen, Kollegen und Einladungen von Teltow-Fläming verwalten"
    ).click()
    page.fill("#id_email", "bob@example.org")
    page.select_option("#id_role", "member")
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_text("Die Einladung an bob@example.org ist gespeichert").is_visible()
    assert_accessible(page)
    page.goto(f"/intern/partner/{SLUG}/profil/")
    assert_accessible(page)
    _log_out(page)

    # Bob accepts, logs out and logs in again with his new password.
    run_worker()
    _accept(page, assert_accessible, _last_link(), "Bob", "Bob-sicheres-Passwort-2")
    _log_out(page)
    page.goto("/accounts/login/")
    page.fill("#id_login", "bob@example.org")
    page.fill("#id_password", "Bob-sicheres-Passwort-2")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_url("**/intern/")
    assert page.get_by_role("link", name=PARTNER).is_visible()
    assert page.get_by_role("link", name=re.compile("Profil von .* bearbeiten")).count() == 0
    assert_accessible(page)

    # Bob cannot edit the partner profile.
    response = page.goto(f"/intern/partner/{SLUG}/profil/")
    assert response.status == 403
