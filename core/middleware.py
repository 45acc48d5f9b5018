import logging

from django.conf import settings
from django.utils import translation

from .errors import database_unavailable_response, is_database_unavailable

logger = logging.getLogger(__name__)


class LanguageQueryParameterMiddleware:
    """Let `?language=en` switch the interface language and remember the choice.

    The language switcher is a plain link, so it works without JavaScript and
    without a form; the choice is stored in Django's language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.GET.get("language")
        if chosen not in self.languages:
            return self.get_response(request)
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """Answer a view's database connection error with the friendly 503 page.

    The response then passes the other middleware on its way out, so it carries
    every security header. Errors raised outside views (a session that cannot
    be saved) reach `core.errors.server_error`, which answers the same way.
    The next request reconnects by itself (CONN_HEALTH_CHECKS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning(
            "Database unavailable: %s %s (%s)",
            request.method,
            request.path,
            type(exception).__name__,
        )
        return database_unavailable_response()
