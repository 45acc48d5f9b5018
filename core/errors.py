"""Friendly answers when something breaks: a 503 page while the database is away, a 500 page.

Both pages are rendered from a plain template without the request, so no
context processor runs and nothing touches the database (or the session)
again while answering.
"""

import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

DATABASE_ERRORS = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
# Seconds a client (or the proxy) should wait before trying again.
RETRY_AFTER_SECONDS = 10


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether the exception (or one it came from) means the database cannot be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@requires_csrf_token
def server_error(request):
    """handler500: the 503 page for a database outage, the 500 page for everything else.

    Django calls it for exceptions from views and from middleware alike (for
    example a session that cannot be saved), so an outage never shows as 500.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def bad_request(request, exception):
    """handler400: a session that could not be saved during an outage is a 503, not a 400.

    Django turns a failed session save into SessionInterrupted (400); the
    database error it came from is still attached to it.
    """
    if is_database_unavailable(exception):
        return database_unavailable_response()
    return defaults.bad_request(request, exception)
