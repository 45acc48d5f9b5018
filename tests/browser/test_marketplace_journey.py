"""The marketplace's whole journey in a browser (issue 17, scope 8), with the real partners.

1. An editor of Ludwigsfelde saves the showcase search "Videosprechstunde" and wants to
   hear of new matches at once.
2. Teltow-Fläming states a need for video consultations and opens it; its page suggests
   Brandenburg an der Havel's adopted project and an expert from Potsdam.
3. Havelland co-signs ("Wir haben diesen Bedarf auch").
4. Teltow-Fläming starts a joint draft from the need; Havelland is proposed, invited,
   reads its council paper, accepts, discusses (mentioning Teltow-Fläming's editor)
   and confirms; Teltow-Fläming confirms and submits.
5. The project office publishes the project, and the saved search tells the
   Ludwigsfelde editor by e-mail, once.

axe (WCAG 2.1 A/AA) stays clean on every new page, in German and in English.
"""

import os
from pathlib import Path

import pytest

from exchange.coinit.models import Confirmation, JointDraft
from exchange.models import Need, NeedState, NeedSupport
from notifications.models import OutgoingMail
from partners.models import Membership, Partner
from partners.realdata import load_partners
from projects.models import FieldOfAction, Participation, PublicationState
from projects.realdata import load_fields_of_action
from tests.community.factories import ExpertFactory
from tests.factories import MembershipFactory, UserFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEED = "Videosprechstunde im Gesundheitsamt"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def region(settings):
    # The alert's matching runs as a task after the commit: at once here, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_partners()
    load_fields_of_action()
    partners = {p.slug: p for p in Partner.objects.all()}

    def editor(slug: str, email: str):
        return MembershipFactory(
            partner=partners[slug], role=Membership.Role.EDITOR, user=UserFactory(email=email)
        ).user

    health = FieldOfAction.objects.get(name="Gesundheit & Pflege")
    origin = PublishedProjectFactory(
        title="Telemedizin im ländlichen Raum",
        summary="Ärztinnen beraten per Video.",
        lead_partner=partners["landeshauptstadt-potsdam"],
    )
    adopted = PublishedProjectFactory(
        title="Telemedizin-Sprechstunde für Pflegeheime",
        summary="Pflegeheime holen ärztlichen Rat per Video ein, ohne Krankentransport.",
        description="Eine Videosprechstunde zwischen Pflegeheim und Hausarztpraxis.",
        lead_partner=partners["stadt-brandenburg-an-der-havel"],
        adopted_from=origin,
    )
    adopted.fields_of_action.set([health])
    expert = ExpertFactory(
        name="Prof. Dr. Lena Beispiel",
        organisation="Fachhochschule Potsdam",
        expertise="Telemedizin, Videosprechstunde",
    )
    expert.fields_of_action.set([health])
    return {
        "teltow": editor("landkreis-teltow-flaeming", "tf@example.org"),
        "havelland": editor("landkreis-havelland", "hvl@example.org"),
        "ludwigsfelde": editor("stadt-ludwigsfelde", "ldf@example.org"),
        "partners": partners,
        "adopted": adopted,
        "expert": expert,
    }


def _both_languages(tab, path: str, assert_accessible) -> None:
    """The page passes axe in English and German; the tab is left on the German page."""
    joiner = "&" if "?" in path else "?"
    for language in ("en", "de"):
        tab.goto(f"{path}{joiner}language={language}")
        assert tab.locator("html").get_attribute("lang") == language
        assert_accessible(tab)


def _click(tab, role: str, name: str) -> None:
    with tab.expect_navigation():
        tab.get_by_role(role, name=name, exact=True).first.click()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("MARKETPLACE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_need_becomes_a_joint_project_and_a_saved_search_tells_ludwigsfelde(
    tab_as, office, region, assert_accessible, screenshots
):
    # 1. Ludwigsfelde saves the showcase search, on a phone.
    ldf = tab_as(region["ludwigsfelde"], viewport=PHONE)
    ldf.goto("/projekte/?q=Videosprechstunde&language=de")
    _click(
        ldf, "link", "Diese Suche speichern und über neue passende Projekte benachrichtigt werden"
    )
    assert ldf.locator("#id_words").input_value() == "Videosprechstunde"  # from the page's filters
    assert_accessible(ldf)
    ldf.locator("#id_name").fill("Videosprechstunden")
    _click(ldf, "button", "Suche speichern")
    search = region["ludwigsfelde"].saved_searches.get()
    assert search.words == "Videosprechstunde"
    _both_languages(ldf, "/intern/suchauftraege/", assert_accessible)

    # 2. Teltow-Fläming states the need and opens it.
    tf = tab_as(region["teltow"])
    tf.goto("/intern/bedarfe/neu/?language=de")
    tf.get_by_label("Titel").fill(NEED)
    tf.get_by_label("Beschreibung").fill(
        "Das Gesundheitsamt möchte Beratungen per **Video** anbieten, "
        "damit niemand weit fahren muss."
    )
    tf.get_by_label("Gesundheit & Pflege").check()
    tf.get_by_label("Öffentlich (auch für Unternehmen und Wissenschaft)").check()
    _click(tf, "button", "Speichern")
    need = Need.objects.get(title=NEED)
    _click(tf, "button", "Bedarf öffnen")
    need.refresh_from_db()
    assert need.state == NeedState.OPEN
    # Its page suggests Brandenburg an der Havel's adopted project and the Potsdam expert.
    projects = tf.locator("section", has=tf.locator("#suggested-projects-heading"))
    assert projects.get_by_role("link", name=region["adopted"].title).count() == 1
    assert "Stadt Brandenburg an der Havel" in projects.inner_text()
    experts = tf.locator("section", has=tf.locator("#suggested-experts-heading"))
    assert "Prof. Dr. Lena Beispiel" in experts.inner_text()
    assert "Fachhochschule Potsdam" in experts.inner_text()
    _both_languages(tf, need.get_internal_url(), assert_accessible)

    # 3. Havelland has the same need and co-signs it.
    hvl = tab_as(region["havelland"])
    hvl.goto(f"{need.get_internal_url()}?language=de")
    _click(hvl, "button", "Wir haben diesen Bedarf auch")
    assert NeedSupport.objects.filter(need=need, partner__slug="landkreis-havelland").exists()

    # 4. Teltow-Fläming starts a joint draft: Havelland is proposed as co-initiator.
    tf.goto(f"{need.get_internal_url()}?language=de")
    _click(tf, "link", "Gemeinsamen Entwurf beginnen")
    assert tf.get_by_label("Landkreis Havelland", exact=True).is_checked()
    _both_languages(tf, tf.url.split("?")[0], assert_accessible)
    _click(tf, "button", "Gemeinsamen Entwurf anlegen und einladen")
    draft = JointDraft.objects.get(need=need)
    project = draft.project
    need.refresh_from_db()
    assert need.state == NeedState.IN_EXCHANGE
    invitation = Participation.objects.get(project=project, partner__slug="landkreis-havelland")
    assert invitation.state == Participation.State.INVITED

    # Havelland reads its council paper first, then accepts.
    _both_languages(hvl, "/intern/gemeinsame-entwuerfe/", assert_accessible)
    paper = hvl.get_by_role("link", name="PDF").first.get_attribute("href")
    response = hvl.request.get(paper)
    assert response.ok and response.body().startswith(b"%PDF")
    _click(hvl, "link", project.title)
    _click(hvl, "button", "Annehmen und teilnehmen")
    invitation.refresh_from_db()
    assert invitation.state == Participation.State.ACCEPTED

    # Both discuss on the draft's page instead of by e-mail; Havelland confirms.
    _both_languages(hvl, draft.get_absolute_url(), assert_accessible)
    hvl.get_by_label("Kommentar").fill(
        "Einverstanden, @tf@example.org – wir bringen es in den Kreistag."
    )
    _click(hvl, "button", "Kommentar hinzufügen")
    assert (
        OutgoingMail.objects.filter(to="tf@example.org", key__startswith="draft-mention:").count()
        == 1
    )
    project.refresh_from_db()
    _click(hvl, "button", f"Fassung {project.version} für Landkreis Havelland bestätigen")
    assert Confirmation.objects.filter(partner__slug="landkreis-havelland").exists()

    # Teltow-Fläming confirms and submits, after a page that names the consequences.
    tf.goto(f"{draft.get_absolute_url()}?language=de")
    _click(tf, "button", f"Fassung {project.version} für Landkreis Teltow-Fläming bestätigen")
    _click(tf, "link", "Zur Prüfung einreichen")
    assert_accessible(tf)
    project.refresh_from_db()
    assert project.publication_state == PublicationState.DRAFT  # nothing happened yet
    _click(tf, "button", "Zur Prüfung einreichen")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.IN_REVIEW

    # 5. The office publishes; the saved search tells Ludwigsfelde's editor, once.
    assert not OutgoingMail.objects.filter(to="ldf@example.org").exists()
    desk = tab_as(office)
    desk.goto(f"{project.get_internal_url()}?language=de")
    desk.get_by_role("link", name="Veröffentlichen").click()
    desk.wait_for_url("**/veroeffentlichen/")
    _click(desk, "button", "Projekt veröffentlichen")
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED
    alerts = OutgoingMail.objects.filter(to="ldf@example.org", key__startswith="saved-search:")
    assert alerts.count() == 1
    alert = alerts.get()
    assert "Videosprechstunden" in alert.subject + alert.body  # the search's name
    assert project.get_absolute_url() in alert.body

    # The new pages at a phone's and a desktop's width: no sideways scrolling.
    for tab, path, name in (
        (hvl, draft.get_absolute_url(), "joint-draft"),
        (hvl, "/intern/gemeinsame-entwuerfe/", "joint-drafts"),
        (ldf, "/intern/suchauftraege/", "saved-searches"),
        (tf, need.get_internal_url(), "need"),
    ):
        for width in (375, 1280):
            tab.set_viewport_size({"width": width, "height": 900})
            tab.goto(f"{path}?language=de")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            tab.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
