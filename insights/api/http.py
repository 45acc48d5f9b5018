"""What every API request passes through, before and after django-ninja answers it.

In this order: CORS preflight (OPTIONS) and the allowed methods, content
negotiation (406), the personal token (401 when it is unknown or revoked),
the rate limit per client (429 with Retry-After), unknown query parameters
(400), and the conditional GET: the ETag and Last-Modified are derived from
the anonymous page cache's content generation (core/pagecache.py), so a
request whose validators still match is answered 304 from one cache round
trip, before any database query; any content change replaces the generation
and with it every ETag. Errors are RFC 9457 problem documents.

The API reads who asks only from the token: a session cookie is ignored, so
the same URL answers the same for everyone without a token.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import pagecache, ratelimit
from core.permissions import public

from .models import ApiToken

API_PREFIX = "/api/v1/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Parameters every route accepts besides its own: the portal's language switch.
COMMON_PARAMETERS = frozenset({"language"})
# Content that changes with the clock alone (an announcement due at a set time,
# an event that becomes past) is new at least this often: validators change
# with this period even when no write replaced the generation.
FRESHNESS_SECONDS = 300
LAST_MODIFIED_KEY = "api:last-modified"
RATE_PERIOD_SECONDS = 60
# Bump when the representation changes, so clients' stored ETags stop matching.
REPRESENTATION_VERSION = "1"


def problem(
    request: HttpRequest,
    status: int,
    title: str,
    detail: str,
    *,
    kind: str,
    errors: dict | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    """An RFC 9457 problem document; `kind` names the problem in the documentation."""
    body: dict = {
        "type": request.build_absolute_uri(f"{API_PREFIX}docs/#problem-{kind}"),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
    }
    if errors:
        body["errors"] = errors
    response = JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"indent": 2}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Link"
    return response


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Headers"] = (
        "Authorization, Accept, Accept-Language, If-None-Match, If-Modified-Since"
    )
    response["Access-Control-Max-Age"] = "86400"
    return _cors(response)


def _acceptable(request: HttpRequest) -> bool:
    if not request.headers.get("Accept", "").strip():
        return True
    return request.accepts("application/json") or request.accepts(PROBLEM_CONTENT_TYPE)


def _token(request: HttpRequest) -> tuple[ApiToken | None, HttpResponse | None]:
    """The token of the Authorization header; a problem when there is a header but no token."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None, None
    scheme, _space, secret = header.strip().partition(" ")
    token = ApiToken.objects.find(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None or not token.user.is_active:
        return None, problem(
            request,
            401,
            _("Invalid token"),
            _(
                "The API token is unknown or has been revoked. Requests without a token "
                "see the public data."
            ),
            kind="invalid-token",
            headers={"WWW-Authenticate": 'Bearer realm="Regio.hub API", error="invalid_token"'},
        )
    return token, None


def _rate_limited(request: HttpRequest, token: ApiToken | None) -> HttpResponse | None:
    if token is not None:
        limit, key = settings.API_TOKEN_RATE_LIMIT_PER_MINUTE, f"apitoken:{token.pk}"
    else:
        limit, key = settings.API_RATE_LIMIT_PER_MINUTE, None
    if ratelimit.allow(request, "api", limit=limit, period=RATE_PERIOD_SECONDS, key=key):
        return None
    # core.ratelimit counts in fixed windows of the period: the next one starts then.
    retry_after = math.ceil(RATE_PERIOD_SECONDS - time.time() % RATE_PERIOD_SECONDS) or 1
    return problem(
        request,
        429,
        _("Too many requests"),
        _("At most %(limit)d requests per minute are answered. Please try again in %(seconds)d s.")
        % {"limit": limit, "seconds": retry_after},
        kind="rate-limit",
        headers={"Retry-After": str(retry_after)},
    )


def _unknown_parameters(request: HttpRequest, allowed: frozenset[str]) -> HttpResponse | None:
    unknown = sorted(set(request.GET) - allowed - COMMON_PARAMETERS)
    if not unknown:
        return None
    known = ", ".join(sorted(allowed)) or _("none")
    return problem(
        request,
        400,
        _("Unknown parameter"),
        _("This address does not know the parameter(s) %(unknown)s. It knows: %(known)s.")
        % {"unknown": ", ".join(unknown), "known": known},
        kind="unknown-parameter",
        errors={name: [_("Unknown parameter.")] for name in unknown},
    )


def validators(request: HttpRequest) -> tuple[str, int]:
    """The ETag and Last-Modified (a Unix time) of the answer, from the cache alone.

    Last-Modified is the moment the current content generation (and freshness
    period) was first seen, strictly later than the one before, so a client's
    If-Modified-Since never matches an answer of an older generation.
    """
    found = cache.get_many([pagecache.GENERATION_KEY, LAST_MODIFIED_KEY])
    generation = pagecache.current_generation(found.get(pagecache.GENERATION_KEY))
    now = time.time()
    period = int(now // FRESHNESS_SECONDS)
    state = found.get(LAST_MODIFIED_KEY)
    if state and state[0] == generation and state[1] == period:
        modified = state[2]
    else:
        modified = max(math.ceil(now), state[2] + 1 if state else 0)
        cache.set(LAST_MODIFIED_KEY, (generation, period, modified), None)
    user = request.user
    reader = f"user:{user.pk}" if user.is_authenticated else "public"
    query = sorted((name, values) for name, values in request.GET.lists())
    parts = [
        REPRESENTATION_VERSION,
        generation,
        str(period),
        request.path,
        repr(query),
        get_language() or settings.LANGUAGE_CODE,
        reader,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"', modified


def _finish(request: HttpRequest, response: HttpResponse, token: ApiToken | None) -> HttpResponse:
    patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization"))
    # Stored answers are checked with the ETag first; token answers only by the client.
    response["Cache-Control"] = "private, no-cache" if token else "public, no-cache"
    return _cors(response)


def api_view(view: Callable, allowed_parameters: frozenset[str]) -> Callable:
    """Wrap one of django-ninja's URL views with the steps of the module docstring."""

    @public
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return _preflight()
        if request.method not in ALLOWED_METHODS:
            return problem(
                request,
                405,
                _("Method not allowed"),
                _("The API only reads: use GET."),
                kind="method-not-allowed",
                headers={"Allow": ", ".join(ALLOWED_METHODS)},
            )
        head = request.method == "HEAD"
        if not _acceptable(request):
            response = problem(
                request,
                406,
                _("Not acceptable"),
                _("The API answers in JSON (application/json); the Accept header excludes it."),
                kind="not-acceptable",
            )
            return _cors(response)
        token, refused = _token(request)
        if refused is not None:
            return _cors(refused)
        request.user = token.user if token else AnonymousUser()
        request.api_token = token
        limited = _rate_limited(request, token)
        if limited is not None:
            return _cors(limited)
        if token is not None:
            token.touch()
        unknown = _unknown_parameters(request, allowed_parameters)
        if unknown is not None:
            return _finish(request, unknown, token)
        etag, modified = validators(request)
        not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
        if not_modified is not None:
            not_modified["ETag"] = etag
            not_modified["Last-Modified"] = http_date(modified)
            return _finish(request, not_modified, token)
        if head:
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
        if head:
            request.method = "HEAD"
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return _finish(request, response, token)

    return wrapped
