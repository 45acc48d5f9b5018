"""A joint draft in a browser: Havelland discusses and confirms the draft Teltow-Fläming started.

Teltow-Fläming's editor started the joint draft from the need and invited
Havelland, whose editor accepted. Havelland's editor opens the draft, adds a
comment mentioning a colleague of Teltow-Fläming, confirms the current version
for Havelland and finds the council papers. The page passes axe (WCAG 2.1 A/AA)
in German and English and has no sideways scrolling at 375 px and 1280 px.
"""

import pytest

from exchange.coinit.models import Confirmation, DraftComment
from exchange.coinit.services import post_comment
from exchange.models import NeedSupport
from notifications.models import OutgoingMail
from partners.models import Membership, Partner
from partners.realdata import load_partners
from projects import services as project_services
from projects.models import Participation
from projects.realdata import load_fields_of_action
from tests.exchange.factories import OpenNeedFactory, start_joint_draft
from tests.factories import MembershipFactory, UserFactory
from tests.projects.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(db):
    load_partners()
    load_fields_of_action()
    teltow = Partner.objects.get(slug="landkreis-teltow-flaeming")
    havelland = Partner.objects.get(slug="landkreis-havelland")
    tf_editor = MembershipFactory(
        partner=teltow, role=Membership.Role.EDITOR, user=UserFactory(email="tf@example.org")
    ).user
    hvl_editor = MembershipFactory(
        partner=havelland, role=Membership.Role.EDITOR, user=UserFactory(email="hvl@example.org")
    ).user
    need = OpenNeedFactory(partner=teltow, title="Videosprechstunde im Gesundheitsamt")
    NeedSupport.objects.create(need=need, partner=havelland)
    draft = start_joint_draft(
        by=tf_editor, lead=teltow, co_initiators=[havelland], need=need,
        title="Gemeinsame Videosprechstunde",
    )  # fmt: skip
    project_services.accept_participation(
        participation=Participation.objects.get(project=draft.project, partner=havelland),
        acting_user=hvl_editor,
    )
    post_comment(draft=draft, acting_user=tf_editor, body="Passt die **Kostenschätzung**?")
    return {"draft": draft, "hvl_editor": hvl_editor, "havelland": havelland, "tf": tf_editor}


def test_discuss_and_confirm_a_joint_draft(page, live_server, draft, assert_accessible):
    path = draft["draft"].get_absolute_url()
    log_in(page, live_server, draft["hvl_editor"])
    for language in ("de", "en"):
        page.goto(f"{path}?language={language}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    page.goto(f"{path}?language=de")
    assert page.get_by_role("link", name="PDF").count() == 2  # one paper per co-initiator

    page.get_by_label("Kommentar").fill("Ja, @tf@example.org – wir bringen es in den Kreistag.")
    page.get_by_role("button", name="Kommentar hinzufügen").click()
    page.wait_for_url(f"**{path}#comment-*")
    comment = DraftComment.objects.latest("pk")
    assert page.locator(f"#comment-{comment.pk}").get_by_text("Kreistag").is_visible()
    assert OutgoingMail.objects.filter(
        to="tf@example.org", key__startswith="draft-mention:"
    ).exists()
    assert_accessible(page)

    page.get_by_role("button", name="Fassung 1 für Landkreis Havelland bestätigen").click()
    page.wait_for_url(f"**{path}")
    assert Confirmation.objects.filter(partner=draft["havelland"]).exists()
    assert page.get_by_text("Bestätigt am").first.is_visible()
    assert_accessible(page)

    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{path}?language=de")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
