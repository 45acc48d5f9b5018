"""The marketplace in a browser: Teltow-Fläming states a need, Havelland co-signs, all see it.

An editor of Teltow-Fläming records "Videosprechstunde im Gesundheitsamt" as a
public need and opens it; an editor of Havelland finds it among the needs of the
network and presses "Wir haben diesen Bedarf auch"; a visitor finds it on
/gesucht/ with Havelland named. Every page on the way passes axe (WCAG 2.1
A/AA) in German and English, and the public pages are photographed at 375 px
and 1280 px without sideways scrolling.
"""

import os
from pathlib import Path

import pytest

from exchange.models import Need, NeedState, NeedSupport
from partners.models import Membership, Partner
from partners.realdata import load_partners
from projects.realdata import load_fields_of_action
from tests.factories import MembershipFactory, UserFactory
from tests.projects.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Videosprechstunde im Gesundheitsamt"
WIDTHS = (375, 1280)


@pytest.fixture
def setting(db):
    load_partners()
    load_fields_of_action()
    teltow = Partner.objects.get(slug="landkreis-teltow-flaeming")
    havelland = Partner.objects.get(slug="landkreis-havelland")
    return {
        "teltow_editor": MembershipFactory(
            partner=teltow, role=Membership.Role.EDITOR, user=UserFactory(email="tf@example.org")
        ).user,
        "havelland_editor": MembershipFactory(
            partner=havelland,
            role=Membership.Role.EDITOR,
            user=UserFactory(email="hvl@example.org"),
        ).user,
        "havelland": havelland,
    }


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("EXCHANGE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _both_languages(page, path: str, assert_accessible) -> None:
    for language in ("de", "en"):
        page.goto(f"{path}{'&' if '?' in path else '?'}language={language}")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto(f"{path}{'&' if '?' in path else '?'}language=de")


def _photograph(page, path: str, name: str, folder: Path) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot = folder / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
    page.set_viewport_size({"width": 1280, "height": 900})


def test_state_a_need_co_sign_it_and_find_it_on_gesucht(
    page, live_server, setting, assert_accessible, screenshots
):
    # Teltow-Fläming records the need as a public draft …
    log_in(page, live_server, setting["teltow_editor"])
    page.goto("/intern/bedarfe/?language=de")
    assert_accessible(page)
    page.get_by_role("link", name="Bedarf erfassen").first.click()
    page.wait_for_url("**/intern/bedarfe/neu/")
    _both_languages(page, "/intern/bedarfe/neu/", assert_accessible)
    page.get_by_role("button", name="Speichern").click()  # empty: told what is missing
    assert page.get_by_text("Geben Sie dem Bedarf einen Titel.").first.is_visible() or (
        page.locator(".kern-error").count() > 0
    )
    assert_accessible(page)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Beschreibung").fill(
        "Wir suchen eine Lösung für **Beratungen per Video** im Gesundheitsamt."
    )
    page.get_by_label("Gesundheit & Pflege").check()
    page.get_by_label("Öffentlich (auch für Unternehmen und Wissenschaft)").check()
    page.get_by_role("button", name="Speichern").click()
    need = Need.objects.get(title=TITLE)
    page.wait_for_url(f"**{need.get_internal_url()}")
    assert need.state == NeedState.DRAFT
    _both_languages(page, need.get_internal_url(), assert_accessible)

    # … and opens it.
    page.get_by_role("button", name="Bedarf öffnen").click()
    page.wait_for_url(f"**{need.get_internal_url()}")
    need.refresh_from_db()
    assert need.state == NeedState.OPEN
    assert_accessible(page)

    # Havelland has the same need and co-signs it.
    log_in(page, live_server, setting["havelland_editor"])
    page.goto("/intern/bedarfe/?language=de")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"**{need.get_internal_url()}")
    _both_languages(page, need.get_internal_url(), assert_accessible)
    page.get_by_role("button", name="Wir haben diesen Bedarf auch").click()
    page.wait_for_url(f"**{need.get_internal_url()}")
    assert page.get_by_text("Landkreis Havelland hat den Bedarf mitgezeichnet.").is_visible()
    assert page.get_by_role("button", name="Wir haben diesen Bedarf auch").count() == 0
    assert NeedSupport.objects.filter(need=need, partner=setting["havelland"]).exists()
    assert_accessible(page)

    # A visitor finds it on /gesucht/, with Havelland named.
    page.context.clear_cookies()
    page.goto("/gesucht/?language=de")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{need.get_absolute_url()}")
    assert "Landkreis Havelland" in page.locator("main").inner_text()
    for path in ("/gesucht/", need.get_absolute_url()):
        _both_languages(page, path, assert_accessible)
    _photograph(page, "/gesucht/?language=de", "gesucht", screenshots)
    _photograph(page, f"{need.get_absolute_url()}?language=de", "bedarf", screenshots)
