"""The journey in a real browser: Teltow-Fläming records the Kreistag's decision and uploads
the signed PDF, the project office confirms, the public register shows the accession as signed."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from partners.models import Membership, Partner
from tests.factories import MembershipFactory, UserFactory, make_project_office

from .factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = "/intern/absichtserklaerung/landkreis-teltow-flaeming/"


def _log_in(page, live_server, user) -> None:
    """Log in through a server-side session (the login pages are tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_accession_journey_from_council_decision_to_public_register(
    page, live_server, assert_accessible, tmp_path
):
    call_command("load_real_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    teltow_flaeming = Partner.objects.get(slug="landkreis-teltow-flaeming")
    admin = MembershipFactory(
        partner=teltow_flaeming,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="beitritt@teltow-flaeming.example"),
    ).user
    office = make_project_office(UserFactory(email="projektbuero@example.org"))
    signed = tmp_path / "absichtserklaerung-unterzeichnet.pdf"
    signed.write_bytes(pdf_bytes())

    # The district's admin records the Kreistag's decision.
    _log_in(page, live_server, admin)
    page.goto(RECORD)
    assert page.locator("#accession-state").inner_text() == "in Beratung"
    assert_accessible(page)
    page.get_by_role("link", name="Kreistag bearbeiten").click()
    assert_accessible(page)
    page.get_by_label("Ergebnis").select_option("adopted")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("button", name="Gremium hat beschlossen").click()
    assert page.locator("#accession-state").inner_text() == "beschlossen"

    # … and uploads the signed agreement.
    page.get_by_role(
        "link", name="Unterzeichnung eintragen und unterzeichnetes PDF hochladen"
    ).click()
    page.get_by_label("Unterzeichnende Person (Name)").fill("Wehlan")
    page.get_by_label("Unterzeichnende Person (Funktion)").fill("Landrätin")
    page.get_by_label("Unterzeichnet am").fill("2024-05-06")
    page.get_by_label("Unterzeichnetes PDF").set_input_files(str(signed))
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Die Unterzeichnung ist eingetragen.").is_visible()
    # Confirming is for the project office only.
    assert page.get_by_role("button", name="Als unterzeichnet bestätigen").count() == 0

    # The project office confirms.
    _log_in(page, live_server, office)
    page.goto(RECORD)
    page.get_by_role("button", name="Als unterzeichnet bestätigen").click()
    assert page.locator("#accession-state").inner_text() == "unterzeichnet"
    assert_accessible(page)

    # The public sees it.
    page.context.clear_cookies()
    page.goto("/absichtserklaerung/")
    row = page.get_by_role("row").filter(has_text="Landkreis Teltow-Fläming")
    assert "unterzeichnet" in row.inner_text()
    assert "6-5282/24-IV" in row.inner_text()
    assert "06.05.2024" in row.inner_text()
    assert page.locator("a[href$='.pdf']").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_register_and_office_pages_have_no_accessibility_violations(
    page, live_server, assert_accessible, language
):
    call_command("load_real_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(f"/absichtserklaerung/?language={language}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    _log_in(page, live_server, make_project_office(UserFactory(email="office@example.org")))
    for path in ("/intern/absichtserklaerung/", "/intern/absichtserklaerung/folgevereinbarung/"):
        page.goto(f"{path}?language={language}")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto(f"/intern/?language={language}")
    assert_accessible(page)
