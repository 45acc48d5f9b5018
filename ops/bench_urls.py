"""The portal's URLs plus the benchmark's two reference views (ops/bench_settings.py and
`manage.py bench` only; production never loads this module)."""

import os
from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from partners.models import Partner
from regiohub.urls import urlpatterns as portal_urlpatterns

BODY = b"x" * int(os.environ.get("REGIOHUB_BENCH_BASELINE_BYTES", "30000"))

CALIBRATION_ROWS = 20
# A small page of its own: one query for 20 rows, a loop, escaping, a table.
CALIBRATION_TEMPLATE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Kalibrierung</title></head>
<body><main><h1>Kalibrierung</h1>
<table><thead><tr><th>#</th><th>Name</th><th>Kurzname</th><th>Ort</th></tr></thead>
<tbody>{% for name, short_name, city in rows %}
<tr><td>{{ forloop.counter }}</td><td>{{ name }}</td><td>{{ short_name|default:"–" }}</td>
<td>{{ city|upper }}</td></tr>{% endfor %}
</tbody></table></main></body></html>
"""


@cache
def _calibration_template():
    return engines["django"].from_string(CALIBRATION_TEMPLATE)


def baseline(request):
    """A fixed string of the showcase's size, behind the same middleware.

    `no-store` keeps it out of the page cache, so it stays a rendered view.
    """
    response = HttpResponse(BODY, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def calibration(request):
    """The benchmark's unit of work: one indexed query for the first 20 partners
    (the same 20 rows at any data size) rendered in a fixed template, behind the
    same middleware as every page. Pages are also given as multiples of it, so a
    budget can be checked on a machine faster or slower than this one."""
    rows = list(
        Partner.objects.order_by("pk").values_list("name", "short_name", "city")[:CALIBRATION_ROWS]
    )
    response = HttpResponse(_calibration_template().render({"rows": rows}, request))
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("bench-baseline/", baseline),
    path("bench-calibration/", calibration),
    *portal_urlpatterns,
]
