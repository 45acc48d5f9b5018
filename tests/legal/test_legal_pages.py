import pytest
from django.test import override_settings

from core.text import LEGAL, render_markdown
from legal.content import portal_cookies
from legal.models import AccessibilityStatement, LegalSection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/leichte-sprache/", "Leichte Sprache"),
    ],
)
def test_the_public_sees_each_page_in_german(client, path, heading):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f">{heading}</h1>" in html
    assert html.count("<h1") == 1


def test_every_page_links_the_legal_pages_and_leichte_sprache_in_the_footer(client):
    html = client.get("/").content.decode()
    for path, name in [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutz"),
        ("/barrierefreiheit/", "Barrierefreiheit"),
    ]:
        assert f'href="{path}">{name}</a>' in html
    assert '<a class="kern-link" href="/leichte-sprache/" lang="de">Leichte Sprache</a>' in html


def test_without_content_the_imprint_shows_its_structure_and_says_it_is_incomplete(client):
    html = client.get("/impressum/").content.decode()
    assert "§ 5" in html and "§ 18" in html
    assert "Diese Seite ist noch nicht vollständig" in html
    assert html.count("Noch nicht ausgefüllt:") == len(
        LegalSection.Key.for_page(LegalSection.Key.IMPRINT_PROVIDER.page)
    )


def test_the_office_text_is_shown_as_sanitised_markdown(client):
    LegalSection.objects.create(
        key=LegalSection.Key.IMPRINT_PROVIDER,
        body_de="**Landeshauptstadt Potsdam**\n\n<script>alert(1)</script>"
        "[Web](javascript:alert(1))",
    )
    html = client.get("/impressum/").content.decode()
    assert "<strong>Landeshauptstadt Potsdam</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_markdown_headings_are_shifted_below_the_page_structure():
    assert render_markdown("# Title\n\n## Sub", LEGAL) == "<h3>Title</h3>\n<h3>Sub</h3>"


def test_the_english_page_falls_back_to_the_german_text_marked_as_german(client):
    LegalSection.objects.create(key=LegalSection.Key.IMPRINT_CONTACT, body_de="Telefon 0331 1")
    html = client.get("/impressum/", {"language": "en"}).content.decode()
    german = '<div class="rh-prose rh-legal-text kern-body" lang="de"><p>Telefon 0331 1</p></div>'
    assert german in html
    assert "This part is only available in German." in html


def test_the_english_text_is_shown_on_the_english_page(client):
    LegalSection.objects.create(
        key=LegalSection.Key.IMPRINT_CONTACT, body_de="Telefon", body_en="Telephone"
    )
    html = client.get("/impressum/", {"language": "en"}).content.decode()
    assert '<div class="rh-prose rh-legal-text kern-body"><p>Telephone</p></div>' in html


def test_example_text_is_marked_as_not_the_real_legal_text(client):
    LegalSection.objects.create(
        key=LegalSection.Key.PRIVACY_CONTROLLER, body_de="Beispiel", is_example=True
    )
    html = client.get("/datenschutz/").content.decode()
    assert "Beispieltext – nicht der echte Rechtstext" in html


def test_the_accessibility_statement_shows_conformity_and_dates(client):
    AccessibilityStatement.objects.create(
        conformity=AccessibilityStatement.Conformity.PARTIAL,
        prepared_on="2026-03-01",
        reviewed_on="2026-09-15",
    )
    html = client.get("/barrierefreiheit/").content.decode()
    assert "teilweise" in html
    assert "1. März 2026" in html
    assert "15. September 2026" in html


def test_the_privacy_notice_says_nothing_is_loaded_from_third_parties(client):
    html = client.get("/datenschutz/").content.decode()
    assert "Nichts wird von Dritten geladen" in html


# --- Cookies ------------------------------------------------------------------


def test_the_cookie_list_names_the_cookies_from_the_settings(client):
    html = client.get("/datenschutz/").content.decode()
    for name in ("sessionid", "csrftoken", "django_language"):
        assert f'<code lang="en">{name}</code>' in html


@override_settings(SESSION_COOKIE_NAME="rh_session", SESSION_COOKIE_AGE=7200)
def test_the_cookie_list_follows_a_changed_session_cookie(client):
    html = client.get("/datenschutz/").content.decode()
    assert '<code lang="en">rh_session</code>' in html
    assert '<code lang="en">sessionid</code>' not in html
    assert "2 Stunden" in html


@override_settings(CSRF_USE_SESSIONS=True)
def test_no_csrf_cookie_is_listed_when_the_token_lives_in_the_session():
    assert "csrftoken" not in [cookie.name for cookie in portal_cookies()]


def test_messages_need_no_cookie_of_their_own():
    assert "messages" not in [cookie.name for cookie in portal_cookies()]


@override_settings(MESSAGE_STORAGE="django.contrib.messages.storage.fallback.FallbackStorage")
def test_a_messages_cookie_is_listed_when_message_storage_uses_cookies():
    assert "messages" in [cookie.name for cookie in portal_cookies()]


@override_settings(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)
def test_the_cookie_flags_follow_the_settings():
    session = portal_cookies()[0]
    assert any(flag.startswith("Secure") for flag in session.flags)
    assert any(flag.startswith("HttpOnly") for flag in session.flags)
    assert any(flag.startswith("SameSite=Lax") for flag in session.flags)


def test_the_cookies_the_portal_really_sets_are_all_listed(client):
    """Visit, switch language and submit a form; every cookie set must be in the list."""
    listed = {cookie.name for cookie in portal_cookies()}
    client.get("/barrierefreiheit/", {"language": "en"})
    client.post("/barrierefreiheit/", {"description": "The menu cannot be reached by keyboard."})
    assert set(client.cookies.keys()) <= listed
    assert client.cookies
