"""The portal's URLs plus views that fail on purpose, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from regiohub.urls import handler400, handler500
from regiohub.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("secret internals that must not reach the visitor")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def touch_session(request):
    """Writes the session; the test makes saving it fail as in a database outage."""
    from django.http import HttpResponse

    request.session["visited"] = request.GET.get("again", "first")
    return HttpResponse("ok")


urlpatterns = [
    path("test-boom/", boom),
    path("test-database-gone/", database_gone),
    path("test-session/", touch_session),
    *portal_urlpatterns,
]
