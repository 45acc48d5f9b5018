"""One log line per request with a request id; no passwords, tokens or personal data in the logs."""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client

from core.request_log import RedactingFormatter, RequestContextFilter, redact_path
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# An invitation-like link: the secret travels in the path (as secrets.token_urlsafe makes it).
INVITATION_TOKEN = "Xq7pL2mN9vB4kR8sT1wY6zA3cD5eF0gH-JuK_iOlPa"
RESET_KEY = "2-cbh4xm-9f86d081884c7d659a2feaa0c55ad015"


@pytest.fixture
def log_output():
    """What the portal's configured console handler would write, captured."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def request_lines(stream) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if " regiohub.request " in line]


def test_the_console_handler_uses_the_redacting_formatter():
    formatters = [type(handler.formatter) for handler in logging.getLogger().handlers]
    assert RedactingFormatter in formatters


def test_each_request_logs_one_line_with_id_method_path_status_and_duration(log_output):
    response = Client().get("/partner/?art=landkreis")
    lines = request_lines(log_output)
    assert len(lines) == 1
    request_id = response.headers["X-Request-ID"]
    assert f"[{request_id}] GET /partner/ 200 " in lines[0]
    assert "ms user=-" in lines[0]
    assert "landkreis" not in lines[0]  # never the query string


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_echoed(log_output):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="proxy-4f2a9c1e-0001")
    assert response.headers["X-Request-ID"] == "proxy-4f2a9c1e-0001"
    assert "[proxy-4f2a9c1e-0001] GET /healthz 200" in request_lines(log_output)[0]


def test_a_malformed_request_id_is_replaced(log_output):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="evil\nid with spaces")
    assert response.headers["X-Request-ID"] != "evil\nid with spaces"
    assert len(response.headers["X-Request-ID"]) == 32
    assert "evil" not in log_output.getvalue()


def test_the_log_names_the_user_by_id_not_by_e_mail(log_output, client_of, member_a):
    client_of(member_a).get("/intern/")
    line = request_lines(log_output)[0]
    assert f"user={member_a.pk}" in line
    assert member_a.email not in log_output.getvalue()


def test_no_password_token_or_e_mail_reaches_the_log(log_output, member_a):
    client = Client(raise_request_exception=False)
    client.post("/accounts/login/", {"login": member_a.email, "password": PASSWORD})
    client.post("/accounts/login/", {"login": member_a.email, "password": PASSWORD + "-wrong"})
    client.get(f"/einladung/{INVITATION_TOKEN}/")
    client.get(f"/accounts/password/reset/key/{RESET_KEY}/")
    client.get(f"/partner/?token={INVITATION_TOKEN}&email={member_a.email}")
    output = log_output.getvalue()
    assert len(request_lines(log_output)) == 5
    for secret in (PASSWORD, INVITATION_TOKEN, RESET_KEY, "9f86d081884c7d659a2feaa0c55ad015"):
        assert secret not in output
    assert member_a.email not in output
    assert "member.a" not in output


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/partner/landkreis-teltow-flaeming/", "/partner/landkreis-teltow-flaeming/"),
        ("/intern/projekte/42/bearbeiten/", "/intern/projekte/42/bearbeiten/"),
        (f"/einladung/{INVITATION_TOKEN}/", "/einladung/[redacted]/"),
        ("/accounts/confirm-email/MQ:1tXyz:abcdefghijklm/", "/accounts/confirm-email/[redacted]/"),
        ("/x/550e8400-e29b-41d4-a716-446655440000/", "/x/[redacted]/"),
        ("/partner/?art=stadt", "/partner/?[redacted]"),
    ],
)
def test_token_like_path_segments_are_redacted_and_slugs_kept(path, expected):
    assert redact_path(path) == expected


@pytest.mark.urls("tests.ops.urls")
def test_an_error_is_logged_with_its_request_id_and_without_the_query(log_output):
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom/?email=someone@example.org")
    request_id = response.headers["X-Request-ID"]
    output = log_output.getvalue()
    error_lines = [line for line in output.splitlines() if " ERROR django.request " in line]
    assert error_lines and f"[{request_id}]" in error_lines[0]
    assert "RuntimeError" in output  # the traceback is there for the developers
    assert "someone@example.org" not in output
