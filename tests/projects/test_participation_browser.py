"""Participation by consent in a real browser: the lead invites, the invited partner accepts.

An editor of Teltow-Fläming names Luckenwalde as pilot site of a published
project; the public page does not show Luckenwalde yet. Luckenwalde's admin
finds the invitation on the dashboard, reads it and accepts; now the public
page names Luckenwalde. Every page on the way passes axe (WCAG 2.1 A/AA).
"""

import pytest

from partners.models import Membership, Partner
from partners.realdata import load_partners
from projects.models import Participation
from projects.realdata import load_fields_of_action
from tests.factories import MembershipFactory, UserFactory

from .factories import PublishedProjectFactory
from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(db):
    load_partners()
    load_fields_of_action()
    teltow = Partner.objects.get(slug="landkreis-teltow-flaeming")
    luckenwalde = Partner.objects.get(slug="stadt-luckenwalde")
    editor = MembershipFactory(
        partner=teltow, role=Membership.Role.EDITOR, user=UserFactory(email="tf@example.org")
    ).user
    admin = MembershipFactory(
        partner=luckenwalde, role=Membership.Role.ADMIN, user=UserFactory(email="lw@example.org")
    ).user
    project = PublishedProjectFactory(lead_partner=teltow, title="Rufbus Fläming")
    return {"editor": editor, "admin": admin, "project": project, "luckenwalde": luckenwalde}


def test_invite_then_accept(page, live_server, setting, assert_accessible):
    project, luckenwalde = setting["project"], setting["luckenwalde"]
    log_in(page, live_server, setting["editor"])
    page.goto(f"/intern/projekte/{project.pk}/bearbeiten/")
    page.select_option("#id_teilnehmende-0-partner", label=luckenwalde.name)
    page.select_option("#id_teilnehmende-0-role", value="pilot_site")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**{project.get_internal_url()}")
    assert page.get_by_role("heading", name="Einladungen").is_visible()
    assert_accessible(page)
    invitation = Participation.objects.get(project=project, partner=luckenwalde)
    assert invitation.state == Participation.State.INVITED

    page.context.clear_cookies()
    page.goto(project.get_absolute_url())
    assert luckenwalde.name not in page.locator("main").inner_text()

    log_in(page, live_server, setting["admin"])
    page.goto("/intern/")
    page.get_by_role("link", name="1 Einladung zu einem Projekt wartet auf Ihre Antwort").click()
    page.wait_for_url("**/intern/projekte/einladungen/")
    assert_accessible(page)
    page.get_by_role("link", name="Rufbus Fläming").click()
    page.wait_for_url(f"**{invitation.get_invitation_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Ablehnen").click()
    page.wait_for_url("**/ablehnen/")
    assert_accessible(page)  # the decline page asks first
    page.get_by_role("link", name="Abbrechen").click()
    page.wait_for_url(f"**{invitation.get_invitation_url()}")
    page.get_by_role("button", name="Annehmen und teilnehmen").click()
    page.wait_for_url(f"**{project.get_internal_url()}")
    assert_accessible(page)
    invitation.refresh_from_db()
    assert invitation.state == Participation.State.ACCEPTED

    page.context.clear_cookies()
    page.goto(project.get_absolute_url())
    assert luckenwalde.name in page.locator("main").inner_text()
    assert_accessible(page)
