"""The OParl journey in a real browser: the project office connects the district's council
information system (the local OParl test server), the district's admin links the paper, and
the public register shows both council steps with their results and source links."""

import pytest

from partners.models import Membership
from tests.factories import MembershipFactory, UserFactory, make_project_office

from .oparl_server import REFERENCE
from .test_browser import RECORD, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_connects_admin_links_the_paper_register_shows_the_source(
    page, live_server, assert_accessible, oparl_server, immediate_tasks, teltow_flaeming
):
    # (The task worker is stood in for by django-tasks' immediate backend.)
    admin = MembershipFactory(
        partner=teltow_flaeming.partner,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="beitritt@teltow-flaeming.example"),
    ).user
    office = make_project_office(UserFactory(email="projektbuero@example.org"))

    # The project office connects the district's council information system.
    _log_in(page, live_server, office)
    page.goto(RECORD)
    assert_accessible(page)
    page.get_by_role("link", name="Ratsinformationssystem anbinden").click()
    assert_accessible(page)
    page.get_by_label("Adresse des OParl-Systems").fill(oparl_server.system_url)
    page.get_by_role("button", name="Anbinden").click()
    assert page.locator("#oparl-state").inner_text().startswith("abgeglichen")
    assert "Landkreis Teltow-Fläming" in page.locator("#oparl-heading + dl").inner_text()

    # The district's admin links the paper by its reference.
    _log_in(page, live_server, admin)
    page.goto(RECORD)
    page.get_by_role("link", name="Vorlage verknüpfen").click()
    assert_accessible(page)
    page.get_by_label("Vorlage").fill(REFERENCE)
    page.get_by_role("button", name="Vorlage suchen").click()
    assert REFERENCE in page.locator("#oparl-paper").inner_text()
    assert page.locator("#accession-state").inner_text() == "beschlossen"
    assert page.get_by_text("aus dem Ratsinformationssystem").count() == 2
    assert_accessible(page)

    # The public register shows both council steps with their results and sources.
    page.context.clear_cookies()
    page.goto("/absichtserklaerung/")
    row = page.get_by_role("row").filter(has_text="Landkreis Teltow-Fläming")
    text = row.inner_text()
    assert "Ausschuss für Wirtschaft, 24.04.2024: empfohlen" in text
    assert "Kreistag, 29.04.2024: beschlossen" in text
    sources = row.get_by_role("link", name="Quelle")
    assert sources.count() == 2
    assert sources.first.get_attribute("href") == f"{oparl_server.base}/ris/agendaitem/1"
    assert_accessible(page)

    # The office sees the source's state and the councils' next dates in its cockpit.
    _log_in(page, live_server, office)
    page.goto("/intern/")
    assert page.get_by_role("heading", name="Ratsinformationssysteme").is_visible()
    assert_accessible(page)
