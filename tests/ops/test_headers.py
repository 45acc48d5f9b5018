"""Security headers on every kind of response: pages, redirects, errors and static files."""

import pytest
from django.templatetags.static import static
from django.test import Client

from tests.factories import PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ops.urls")]

CSP_REQUIRED = {
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp_directives(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _sep, value = part.strip().partition(" ")
        if name:
            directives[name] = value.strip()
    return directives


def representative_urls() -> list[tuple[str, int]]:
    partner = PartnerFactory(name="Stadt Kopfzeile")
    return [
        ("/", 200),
        ("/partner/", 200),
        (f"/partner/{partner.slug}/", 200),
        ("/healthz", 200),
        ("/robots.txt", 200),
        ("/accounts/login/", 200),
        ("/intern/", 302),
        ("/gibt-es-nicht/", 404),
        ("/partner/gibt-es-nicht/", 404),
        ("/test-boom/", 500),
        ("/test-database-gone/", 503),
        (static("css/regiohub.css"), 200),
        (static("django_htmx/htmx-2.min.js"), 200),
    ]


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no CSP on {url}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    directives = csp_directives(csp)
    for name, value in CSP_REQUIRED.items():
        assert directives.get(name) == value, (url, name, directives.get(name))
    for name in ("script-src", "style-src"):
        assert directives.get(name, "'self'") == "'self'", (url, name)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    permissions = response.headers.get("Permissions-Policy", "")
    assert "camera=()" in permissions and "geolocation=()" in permissions, url
    assert response.headers.get("X-Request-ID"), url


def test_every_kind_of_response_carries_the_security_headers():
    client = Client(raise_request_exception=False)
    for url, status in representative_urls():
        response = client.get(url)
        assert response.status_code == status, url
        assert_security_headers(response, url)


def test_a_logged_in_page_carries_the_security_headers(client_of, member_a):
    client = client_of(member_a)
    response = client.get("/intern/")
    assert response.status_code == 200
    assert_security_headers(response, "/intern/")


def test_hsts_is_sent_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_is_redirected_to_https_behind_the_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    assert client.get("/partner/").status_code == 301
    assert client.get("/partner/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    # The load balancer's health check stays on plain HTTP.
    assert client.get("/healthz").status_code == 200


def test_hashed_static_files_may_be_cached_forever():
    response = Client().get(static("css/regiohub.css"))
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 31536000
    assert "immutable" in cache_control
    assert static("css/regiohub.css") != "/static/css/regiohub.css"  # fingerprinted name
