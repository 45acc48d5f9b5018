"""The API's index (JSON) and its documentation page (HTML, Swagger UI from static/vendor)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.permissions import public

from .api import api

PROBLEMS = [
    ("invalid-parameter", _("A parameter has a value the list does not know (400).")),
    ("unknown-parameter", _("The address does not know a parameter (400).")),
    ("invalid-cursor", _("The cursor was not given out by this list (400).")),
    ("invalid-token", _("The token is unknown or revoked (401).")),
    ("not-found", _("No such object, or not visible to you (404).")),
    ("method-not-allowed", _("The API only reads (405).")),
    ("not-acceptable", _("The Accept header excludes JSON (406).")),
    ("rate-limit", _("Too many requests; wait as long as Retry-After says (429).")),
]


def _endpoints(request) -> list[dict]:
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root").rstrip("/"))
    endpoints = []
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            endpoints.append(
                {
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        parameter["name"]
                        for parameter in operation.get("parameters", ())
                        if parameter.get("in") == "query"
                    ],
                }
            )
    return endpoints


def index(request):
    """/api/v1/: where the lists, the schema and the documentation are."""
    lists = {
        name: request.build_absolute_uri(reverse(f"api:{name}"))
        for name in (
            "partner_list",
            "project_list",
            "need_list",
            "field_list",
            "event_list",
            "tour_stops",
            "announcement_list",
            "document_list",
            "accession_register",
            "current_agreement",
        )
    }
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "lists": lists,
        }
    )


@public
@require_safe
def docs_page(request):
    return render(
        request,
        "insights/api/docs.html",
        {
            "schema_url": reverse("api:openapi-json"),
            "console_url": reverse("api:console"),
            "endpoints": _endpoints(request),
            "problems": PROBLEMS,
            "anonymous_limit": settings.API_RATE_LIMIT_PER_MINUTE,
            "token_limit": settings.API_TOKEN_RATE_LIMIT_PER_MINUTE,
        },
    )


@public
@require_safe
def console(request):
    """Swagger UI (static/vendor/swagger-ui) over the schema, for trying the API out."""
    return render(
        request,
        "insights/api/console.html",
        {"schema_url": reverse("api:openapi-json"), "docs_url": reverse("api:docs")},
    )
