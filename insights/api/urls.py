"""/api/v1/: django-ninja's routes, each wrapped by insights/api/http.py, and the docs page."""

import re

from django.urls import path, re_path

from . import docs
from .api import allowed_parameters, api, not_found
from .http import api_view

app_name = "api"


def _routes():
    patterns, _app_name, _namespace = api.urls
    allowed = allowed_parameters()
    routes = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if route == "":
            continue  # django-ninja's own root view: ours is the index below
        # "events/<int:event_id>/" is "events/{event_id}/" in the schema.
        plain = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)
        view = api_view(pattern.callback, allowed.get(plain, frozenset()))
        routes.append(path(route, view, name=pattern.name))
    return routes


urlpatterns = [
    path("", api_view(docs.index, frozenset()), name="api-root"),
    path("docs/", docs.docs_page, name="docs"),
    path("docs/konsole/", docs.console, name="console"),
    *_routes(),
    # Everything else below /api/v1/ is a 404 problem document, not the HTML page.
    re_path(r"^.*$", api_view(not_found, frozenset()), name="not_found"),
]
