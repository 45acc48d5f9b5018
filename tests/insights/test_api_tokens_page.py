"""/intern/api-tokens/: staff create a token (shown once) and revoke it after a confirmation;
the documentation page /api/v1/docs/ works without JavaScript under the portal's CSP."""

import re

import pytest

from insights.api.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/intern/api-tokens/"


def test_logged_out_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client_of, member_a):
    client = client_of(member_a)
    response = client.post(URL, {"name": "Intranet"})
    assert response.status_code == 200
    secret = re.search(r'id="new-token">(rh_[^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=member_a)
    assert token.name == "Intranet"
    assert secret not in client.get(URL).content.decode()
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_a_token_needs_a_name_and_keeps_what_was_typed(client_of, member_a):
    response = client_of(member_a).post(URL, {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    too_long = "x" * 101
    response = client_of(member_a).post(URL, {"name": too_long})
    assert response.status_code == 400
    assert too_long in response.content.decode()


def test_revoking_asks_first_then_refuses_the_token(client_of, member_a):
    client = client_of(member_a)
    secret = re.search(
        r'id="new-token">(rh_[^<]+)<', client.post(URL, {"name": "Skript"}).content.decode()
    ).group(1)
    token = ApiToken.objects.get(user=member_a)

    confirm = client.get(f"{URL}{token.pk}/widerrufen/")
    assert confirm.status_code == 200
    assert "rückgängig" in confirm.content.decode()
    token.refresh_from_db()
    assert token.is_active

    assert client.post(f"{URL}{token.pk}/widerrufen/").status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_another_persons_token_is_a_404(client_of, member_a, admin_b):
    client_of(member_a).post(URL, {"name": "Meins"})
    token = ApiToken.objects.get(user=member_a)
    other = client_of(admin_b)
    assert other.get(f"{URL}{token.pk}/widerrufen/").status_code == 404
    assert other.post(f"{URL}{token.pk}/widerrufen/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_user_without_a_partner_may_not_create_tokens(client_of, django_user_model):
    outsider = django_user_model.objects.create_user(
        email="outsider@example.org", password="x" * 12
    )
    assert client_of(outsider).get(URL).status_code == 403


def test_the_docs_page_lists_every_endpoint_without_javascript(client):
    response = client.get("/api/v1/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    for path in ("/api/v1/projects/", "/api/v1/events/", "/api/v1/accession-register/"):
        assert f"GET {path}" in page
    assert "handlungsfeld" in page
    assert "<script>" not in page  # only external scripts (CSP without inline script)
    assert "/api/v1/docs/konsole/" in page
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_the_index_names_the_lists_and_the_schema(client):
    body = client.get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["lists"]["project_list"].endswith("/api/v1/projects/")
