"""Control characters in text: refused by every text field, harmless on every public surface.

A vertical tab pasted from a PDF once made /projekte/feed/ fail for everyone.
Now every CharField and TextField of the portal refuses C0 control characters
(core/validators.py) with a message naming the field, and text stored before
(or by a path that does not validate) is stripped where it leaves the portal
in XML, calendars and exports (core/text.py).
"""

import csv
import io
import json
import xml.etree.ElementTree as ET  # nosec B405 - parses our own responses

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from community.models import Announcement, Event
from core.text import strip_control_characters
from core.validators import NoControlCharactersValidator, portal_app_configs
from partners.models import Partner
from projects.models import Project
from tests.ops.htmlforms import form_values
from tests.ops.test_fuzz import changed_rows, snapshot

pytestmark = pytest.mark.django_db

CONTROL = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"]
REFUSED_MESSAGE = "enthält ein unsichtbares Steuerzeichen"


def _validator(field) -> NoControlCharactersValidator | None:
    found = [v for v in field.validators if isinstance(v, NoControlCharactersValidator)]
    return found[0] if len(found) == 1 else None


def test_every_text_field_of_every_app_refuses_control_characters():
    checked = 0
    for config in portal_app_configs():
        for model in config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                validator = _validator(field)
                assert validator is not None, f"{model.__name__}.{field.name}"
                assert validator.multiline == isinstance(field, models.TextField)
                # Not part of the field's deconstruction: no migration records it.
                assert validator not in field.deconstruct()[3].get("validators", [])
                checked += 1
    assert checked > 150


@pytest.mark.parametrize("character", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_multi_and_single_line_text_refuse_every_c0_control_character(character):
    description = Project._meta.get_field("description")
    title = Project._meta.get_field("title")
    for field in (description, title):
        with pytest.raises(ValidationError) as error:
            field.clean(f"Zeile{character}Zwei", Project())
        assert error.value.error_list[0].code == "control_characters"


def test_multi_line_text_keeps_tabs_and_line_breaks_single_line_text_does_not():
    description = Project._meta.get_field("description")
    description.clean("Eins\tzwei\r\ndrei\nvier", Project())
    with pytest.raises(ValidationError):
        description.clean("a lone\rcarriage return", Project())
    title = Project._meta.get_field("title")
    for value in ("Tab\tim Titel", "Zeile\nZwei"):
        with pytest.raises(ValidationError):
            title.clean(value, Project())


def test_the_message_names_the_field_and_the_character():
    from django.utils import translation

    field = Project._meta.get_field("funding_programme")
    with pytest.raises(ValidationError) as error:
        field.clean("EFRE\x0b2027", Project())
    with translation.override("de"):
        assert error.value.messages[0].startswith("„Förderprogramm“ enthält")
        assert "(U+000B an Position 5)" in error.value.messages[0]
    with translation.override("en"):
        assert "“Funding programme” contains" in error.value.messages[0]
        assert "(U+000B at position 5)" in error.value.messages[0]


# --- through the forms people use -------------------------------------------------

# (form, page, form id, persona, fields typed with a control character, url to post to)
FORMS = [
    (
        "project form",
        "/intern/projekte/{draft.pk}/bearbeiten/",
        "post",
        "editor_a",
        ("title", "description", "funding_programme", "contact_name", "image_alt"),
        None,
        {"action": "save"},
    ),
    (
        "partner profile",
        "/intern/partner/{partner.slug}/profil/",
        "post",
        "admin_a",
        ("description", "street", "city", "contact_phone", "logo_alt"),
        None,
        {},
    ),
    (
        "admin: partner",
        "/admin/partners/partner/{partner.pk}/change/",
        "partner_form",
        "office",
        ("name", "short_name", "description"),
        None,
        {},
    ),
    (
        "admin: event",
        "/admin/community/event/{event.pk}/change/",
        "event_form",
        "office",
        ("title", "agenda", "place_name"),
        None,
        {},
    ),
    (
        "admin: announcement",
        "/admin/community/announcement/{announcement.pk}/change/",
        "announcement_form",
        "office",
        ("title", "body"),
        None,
        {},
    ),
    (
        "announcement form",
        "/intern/aktuelles/neu/",
        "post",
        "office",
        ("title", "body"),
        None,
        {},
    ),
    (
        "own expert entry",
        "/intern/experten/mein-eintrag/",
        "post:2",
        "member_a",
        ("organisation", "expertise"),
        None,
        {"internal_consent": "on"},
    ),
    (
        "Innovationsmobil stop request",
        "/intern/innovationsmobil/anfrage/",
        "post",
        "admin_a",
        ("place_name", "message"),
        None,
        {},
    ),
    (
        "accession: resolution proposal",
        "/intern/absichtserklaerung/{partner.slug}/vorlage/",
        "post",
        "admin_a",
        ("resolution_number", "subject", "resolution_proposal"),
        None,
        {},
    ),
    (
        "profile",
        "/intern/profil/",
        "post",
        "member_a",
        ("first_name", "last_name", "function"),
        None,
        {},
    ),
]
# Refused in every field (a line break is fine where text has lines).
VALUES = ["Teil\x0bzwei", "\x1b[31mrot", "Null\x07Glocke"]


@pytest.mark.parametrize("form", FORMS, ids=[form[0] for form in FORMS])
def test_control_characters_typed_into_a_form_are_refused_at_their_field(
    form, request, client, world
):
    name, page, form_id, persona, fields, url, extra = form
    client.force_login(request.getfixturevalue(persona))
    client.raise_request_exception = False
    page_url = page.format(**world)
    response = client.get(page_url)
    assert response.status_code == 200, (name, response.status_code)
    base = form_values(response.content.decode(), form_id.format(**world))
    assert base, name
    for field_name in fields:
        for value in VALUES:
            data: dict[str, list[str]] = {}
            for key, current in base:
                data.setdefault(key, []).append(current)
            data.update({key: [v] for key, v in extra.items()})
            data[field_name] = [value]
            before = snapshot()
            response = client.post(url or page_url, data)
            assert response.status_code in (200, 400), (
                name,
                field_name,
                value,
                response.status_code,
            )
            body = response.content.decode()
            assert REFUSED_MESSAGE in body, (name, field_name, value)
            assert not changed_rows(before, snapshot()), (name, field_name, value)


def test_line_breaks_in_a_project_summary_become_spaces(client_of, editor_a, world):
    draft = world["draft"]
    client = client_of(editor_a)
    page = client.get(f"/intern/projekte/{draft.pk}/bearbeiten/")
    data: dict[str, list[str]] = {}
    for key, value in form_values(page.content.decode(), "post"):
        data.setdefault(key, []).append(value)
    data.update({"summary": ["Erste Zeile\r\nzweite\x0bZeile"], "action": ["save"]})
    response = client.post(f"/intern/projekte/{draft.pk}/bearbeiten/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Erste Zeile zweite Zeile"


# --- stored before: every public surface still works ----------------------------------

DIRTY = "Vor\x0bher\x1b[0m\x07"


@pytest.fixture
def dirty(world):
    """Published text with control characters, written past validation (an old row)."""
    published = world["published"]
    Project.objects.filter(pk=published.pk).update(
        title=f"Projekt {DIRTY}",
        summary=f"Kurz {DIRTY}",
        funding_programme=f"EFRE {DIRTY}",
        contact_name=f"Frau {DIRTY}",
        contact_is_public=True,
        description=f"Beschreibung {DIRTY}",
        description_html=f"<p>Beschreibung {DIRTY}</p>",
    )
    Partner.objects.filter(pk=world["partner"].pk).update(
        description=f"Wir {DIRTY}", city=f"Stadt {DIRTY}"
    )
    event = world["event"]
    Event.objects.filter(pk=event.pk).update(
        title=f"Termin {DIRTY}",
        agenda=f"Agenda {DIRTY}",
        place_name=f"Ort {DIRTY}",
        is_public=True,
    )
    Announcement.objects.filter(pk=world["announcement"].pk).update(
        title=f"Neuigkeit {DIRTY}", body=f"Text {DIRTY}"
    )
    return world


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _no_control_characters(content: str, url: str) -> None:
    assert strip_control_characters(content) == content, url


@pytest.mark.parametrize(
    "url",
    [
        "/projekte/feed/",
        "/aktuelles/feed/",
        "/sitemap.xml",
    ],
)
def test_xml_surfaces_stay_valid_xml(client, dirty, url):
    response = client.get(url)
    assert response.status_code == 200
    content = _body(response)
    ET.fromstring(content)  # noqa: S314  # nosec B314 - our own feed; raises on invalid XML
    _no_control_characters(content.decode(), url)


def test_the_project_feed_shows_the_project_without_its_control_characters(client, dirty):
    content = _body(client.get("/projekte/feed/")).decode()
    assert "Projekt Vor her" in content and "Kurz Vor her" in content


def test_the_calendar_feed_has_no_control_characters(client, dirty):
    response = client.get("/termine.ics")
    assert response.status_code == 200
    content = _body(response).decode()
    assert "Termin Vor her" in content
    _no_control_characters(content, "/termine.ics")
    from icalendar import Calendar

    Calendar.from_ical(content)


def test_the_csv_and_json_exports_have_no_control_characters(client, dirty):
    text = _body(client.get("/projekte/export.csv")).decode("utf-8-sig")
    _no_control_characters(text, "csv")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert any(row["title"] == "Projekt Vor her[0m" for row in rows)
    data = json.loads(_body(client.get("/projekte/export.json")))
    titles = {project["title"] for project in data["projects"]}
    assert "Projekt Vor her[0m" in titles
    assert not any(strip_control_characters(t) != t for t in titles)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projekte/",
        "/projekte/?q=Projekt",
        "/projekte/{published.slug}/",
        "/partner/",
        "/partner/{partner.slug}/",
        "/termine/",
        "/termine/{event.pk}/",
        "/aktuelles/",
        "/karte/",
    ],
)
def test_html_pages_still_show(client, dirty, url):
    response = client.get(url.format(**dirty))
    assert response.status_code == 200, url
