"""Bad input to the API: a 400/404/406 problem document (RFC 9457) in the reader's
language, never a server error; hypothesis throws hostile values at every parameter."""

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.api.api import allowed_parameters
from tests.community.factories import AnnouncementFactory, EventFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "x" * 5000,
            "-1",
            "0",
            "101",
            "1000000",
            "9" * 400,
            "1e309",
            "NaN",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "%ff%fe",
            "../../etc/passwd",
            "Ä" * 300,
            "\u202egnp.exe",
            "W10",  # base64 of []
            "WyJuZXdlc3QiLFtudWxsLDFdXQ",  # ["newest",[null,1]]
            "WyJuZXdlc3QiLFsiMjAyNi0wMS0wMSIsMV1d",  # naive time
            "WyJyZWxldmFuY2UiLC0xXQ",  # ["relevance",-1]
            "WyJ0aXRsZSIsW3RydWUsMV1d",  # ["title",[true,1]]
            "eyJhIjoxfQ",  # {"a":1}
        ]
    ),
    st.text(max_size=40),
)


@pytest.fixture(autouse=True)
def _world(settings, partner_a):
    settings.PAGE_CACHE_SECONDS = 0
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    for _number in range(3):
        PublishedProjectFactory(lead_partner=partner_a, fields=[field])
    EventFactory(host_partner=partner_a)
    AnnouncementFactory()


def assert_problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


LIST_ROUTES = sorted(route for route, names in allowed_parameters().items() if names)


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_every_parameter_of_every_list_survives_hostile_values(client, route):
    names = sorted(allowed_parameters()[route])

    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 25),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
        database=None,
    )
    @given(st.dictionaries(st.sampled_from(names), HOSTILE, min_size=1, max_size=3))
    def check(values):
        response = client.get(f"/api/v1/{route}", data=values)
        assert response.status_code in (200, 400), (values, response.content[:300])
        if response.status_code == 400:
            assert_problem(response, 400)

    check()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/gibt-es-nicht/",
        "/api/v1/projects/a%00b/",
        "/api/v1/partners/%ff/",
        "/api/v1/events/999999999/",
        "/api/v1/events/99999999999999999999999/",
        "/api/v1/events/abc/",
        "/api/v1/announcements/-1/",
        "/api/v1/documents/0/",
        "/api/v1/fields-of-action/nichts/",
        "/api/v1/gibt-es-nicht/",
    ],
)
def test_unknown_ids_are_a_404_problem(client, path):
    assert_problem(client.get(path), 404)


def test_an_unknown_filter_is_named_in_german(client):
    body = assert_problem(client.get("/api/v1/projects/?farbe=blau"), 400)
    assert "farbe" in body["errors"]
    assert "farbe" in body["detail"]
    assert body["title"] == "Unbekannter Parameter"


def test_an_unknown_value_gets_the_filter_forms_message(client):
    body = assert_problem(client.get("/api/v1/projects/?status=fertig"), 400)
    assert "status" in body["errors"]


def test_the_message_follows_accept_language(client):
    body = assert_problem(
        client.get("/api/v1/projects/?farbe=blau", HTTP_ACCEPT_LANGUAGE="en"), 400
    )
    assert body["title"] == "Unknown parameter"


@pytest.mark.parametrize("limit", ["0", "101", "100000000000000000000", "zwanzig", "2.5"])
def test_page_sizes_out_of_range_are_a_400(client, limit):
    body = assert_problem(client.get(f"/api/v1/projects/?limit={limit}"), 400)
    assert "limit" in body["errors"]


@pytest.mark.parametrize("cursor", ["kaputt", "W10", "WyJ0aXRsZSIsWyJhIiwxXV0", "%%%"])
def test_a_malformed_cursor_is_a_400(client, cursor):
    body = assert_problem(client.get("/api/v1/projects/", {"cursor": cursor}), 400)
    assert "cursor" in body["errors"]


def test_a_wrong_accept_is_a_406(client):
    assert_problem(client.get("/api/v1/projects/", HTTP_ACCEPT="text/html"), 406)
    assert client.get("/api/v1/projects/", HTTP_ACCEPT="text/html, */*;q=0.1").status_code == 200
    assert client.get("/api/v1/projects/", HTTP_ACCEPT="application/*").status_code == 200


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer rh_falsch", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000]
)
def test_a_bad_authorization_header_is_a_401(client, header):
    assert_problem(client.get("/api/v1/projects/", HTTP_AUTHORIZATION=header), 401)


SEGMENTS = st.one_of(
    st.sampled_from(["", "0", "-1", "9" * 30, "a\x00b", "%00", "..", "ä", "x" * 300]),
    st.text(min_size=1, max_size=30),
)


@pytest.mark.parametrize(
    "prefix",
    [
        "partners",
        "projects",
        "fields-of-action",
        "events",
        "announcements",
        "documents",
        "gibt-es-nicht",
    ],
)
def test_every_path_parameter_survives_hostile_values(client, prefix):
    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 20),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
        database=None,
    )
    @given(SEGMENTS)
    def check(segment):
        response = client.get(f"/api/v1/{prefix}/{quote(segment, safe='')}/")
        assert response.status_code in (200, 301, 400, 404), (segment, response.status_code)
        if response.status_code in (400, 404):
            assert_problem(response, response.status_code)

    check()


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
@given(
    accept=st.one_of(
        st.sampled_from(["", "*/*", "text/html", "application/json;q=0", "a/b;q=x", ";;;"]),
        st.text(max_size=40),
    ),
    authorization=st.one_of(st.just(None), st.text(max_size=60)),
    language=st.one_of(st.just(None), st.text(max_size=20)),
)
def test_headers_survive_hostile_values(client, accept, authorization, language):
    headers = {"HTTP_ACCEPT": accept}
    if authorization is not None:
        headers["HTTP_AUTHORIZATION"] = authorization
    if language is not None:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get("/api/v1/projects/", **headers)
    assert response.status_code in (200, 401, 406), (headers, response.status_code)
    if response.status_code != 200:
        assert_problem(response, response.status_code)
