"""Friendly error pages in the portal's look, never a stack trace; 503 without the database."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client

from core.errors import database_unavailable_response
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ops.urls")]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")


def assert_friendly(response, heading: str):
    body = response.content.decode()
    assert heading in body
    assert "Traceback" not in body
    assert "secret internals" not in body
    assert "Connection refused" not in body
    assert "kern-heading-x-large" in body  # the KERN layout, not Django's bare page


def test_an_unknown_address_gets_the_friendly_404_page(visitor):
    response = visitor.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert_friendly(response, "Seite nicht gefunden")


def test_a_crash_gets_the_friendly_500_page_without_internals(visitor):
    response = visitor.get("/test-boom/")
    assert response.status_code == 500
    assert_friendly(response, "Bei uns ist etwas schiefgegangen")


def test_a_lost_database_connection_in_a_view_gets_the_503_page(visitor):
    response = visitor.get("/test-database-gone/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "no-store" in response.headers["Cache-Control"]
    assert_friendly(response, "Das Portal ist kurz nicht erreichbar")


def refuse(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_a_new_session_that_cannot_be_saved_gets_the_503_page(visitor, monkeypatch):
    monkeypatch.setattr(Session, "save", refuse)
    response = visitor.get("/test-session/")
    assert response.status_code == 503
    assert_friendly(response, "Das Portal ist kurz nicht erreichbar")


def test_an_existing_session_that_cannot_be_saved_gets_503_not_400(visitor, monkeypatch):
    # Django reports a failed update of a session as SessionInterrupted (400).
    assert visitor.get("/test-session/").status_code == 200
    monkeypatch.setattr(Session, "save", refuse)
    response = visitor.get("/test-session/?again=1")
    assert response.status_code == 503
    assert_friendly(response, "Das Portal ist kurz nicht erreichbar")


def test_the_503_page_is_rendered_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable_response()
    assert response.status_code == 503


def test_a_forged_form_gets_the_friendly_csrf_page():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="de")
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert_friendly(response, "Das Formular konnte nicht gesendet werden")


def test_a_forbidden_page_gets_the_friendly_403_page(client_of):
    outsider = UserFactory(email="outsider@example.org")  # no partner, no office
    client = client_of(outsider)
    response = client.get("/intern/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    assert_friendly(response, "Zugriff verweigert")
