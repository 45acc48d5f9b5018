"""The portal's URLs plus the benchmark's baseline (ops/bench_settings.py only)."""

import os

from django.http import HttpResponse
from django.urls import path

from regiohub.urls import urlpatterns as portal_urlpatterns

BODY = b"x" * int(os.environ.get("REGIOHUB_BENCH_BASELINE_BYTES", "30000"))


def baseline(request):
    """A fixed string of the showcase's size, behind the same middleware.

    `no-store` keeps it out of the page cache, so it stays a rendered view.
    """
    response = HttpResponse(BODY, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [path("bench-baseline/", baseline), *portal_urlpatterns]
