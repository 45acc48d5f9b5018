"""On a phone (375 px), withdrawing an accession asks first, on an accessible page (issue 16)."""

import pytest
from django.conf import settings
from django.test import Client

from loi.models import Accession
from partners.models import Membership
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

from .factories import AccessionFactory, AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
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


def test_withdrawal_is_confirmed_on_an_accessible_page_at_375_px(
    page, live_server, assert_accessible
):
    partner = PartnerFactory(name="Stadt Beispielhausen")
    accession = AccessionFactory(agreement=AgreementFactory(), partner=partner)
    admin = MembershipFactory(
        partner=partner, role=Membership.Role.ADMIN, user=UserFactory(email="a@example.org")
    ).user
    page.set_viewport_size({"width": 375, "height": 812})
    _log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/intern/absichtserklaerung/{partner.slug}/")

    page.get_by_role("link", name="Beitritt zurückziehen").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Beitritt zurückziehen für Stadt Beispielhausen?"
    )
    assert "Das öffentliche Register der Absichtserklärung zeigt" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    accession.refresh_from_db()
    assert accession.status == Accession.Status.PREPARED

    page.get_by_role("button", name="Beitritt zurückziehen").click()
    assert page.locator("#accession-state").inner_text() == "zurückgezogen"
