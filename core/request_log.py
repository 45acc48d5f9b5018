"""One log line per request, a request id on every log record, and no secrets in the logs.

`RequestLogMiddleware` sits outermost in MIDDLEWARE, so it also sees static
files, error pages and the 503 page. It takes the proxy's `X-Request-ID` when
it is well-formed (otherwise it makes one), echoes it in the response header,
and logs method, path (never the query string), status, duration and the user's
id (never the e-mail address):

    2026-11-29 01:02:03,456 INFO regiohub.request [3f2a…] GET /partner/ 200 12.3ms user=-

`RequestContextFilter` puts the id on every record logged during the request
(also Django's own error reports), and `RedactingFormatter` removes what must
never reach a log file: e-mail addresses, query strings and token-like path
segments (invitation and password-reset links carry their secret in the path).
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.functional import LazyObject, empty

logger = logging.getLogger("regiohub.request")

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us: letters, digits and . _ - (UUIDs, nginx's $request_id).
_REQUEST_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")

_request_id: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def incoming_request_id(value: str | None) -> str:
    """The proxy's id when it is well-formed, otherwise a fresh one."""
    if value and _REQUEST_ID_RE.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _user_id(request) -> str:
    """The id of the logged-in user, without loading the user just for the log."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = user._wrapped  # type: ignore[attr-defined]  # django-stubs leave it out
        if user is empty:  # nobody asked for the user: do not query for it
            return "-"
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.pk)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = (time.perf_counter() - started) * 1000
            response[REQUEST_ID_HEADER] = request_id
            logger.log(
                logging.WARNING if response.status_code >= 500 else logging.INFO,
                "%s %s %s %.1fms user=%s",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                _user_id(request),
            )
            return response
        finally:
            _request_id.reset(token)


class RequestContextFilter(logging.Filter):
    """Give every record the id of the request it was logged in (or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A path: starts with "/" and runs to the next blank or quote.
_PATH_RE = re.compile(r"/[^\s\"'<>]*")
REDACTED = "[redacted]"
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _is_token(segment: str) -> bool:
    """Whether a path segment looks like a secret rather than a slug.

    Our slugs are lower-case words and digits joined by "-". Tokens (allauth's
    e-mail confirmation and password-reset keys, invitation tokens from
    `secrets.token_urlsafe`, hashes, UUIDs) have mixed case, long runs of
    letters mixed with digits, or colons of a signed value.
    """
    if len(segment) < 16:
        return False
    if ":" in segment or _UUID_RE.fullmatch(segment):
        return True
    has_upper = any(c.isupper() for c in segment)
    has_lower = any(c.islower() for c in segment)
    has_digit = any(c.isdigit() for c in segment)
    if has_upper and (has_lower or has_digit):
        return True
    return any(
        len(run) >= 12 and any(c.isdigit() for c in run) and any(c.isalpha() for c in run)
        for run in re.split(r"[-.]", segment)
    )


def redact_path(path: str) -> str:
    path, _sep, query = path.partition("?")
    segments = [REDACTED if _is_token(segment) else segment for segment in path.split("/")]
    return "/".join(segments) + (f"?{REDACTED}" if query else "")


def redact(text: str) -> str:
    text = _EMAIL_RE.sub(REDACTED, text)
    return _PATH_RE.sub(lambda match: redact_path(match.group(0)), text)


class RedactingFormatter(logging.Formatter):
    """A plain one-line formatter that scrubs secrets and personal data from the output."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return redact(super().format(record))
