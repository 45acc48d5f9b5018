"""The NinjaAPI of /api/v1/: its routes, its errors as problem documents, its OpenAPI 3.1."""

from __future__ import annotations

import copy
import functools

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from . import schemas
from .endpoints import InvalidParameters, router
from .http import problem
from .pagination import CursorError

DESCRIPTION = """\
The public data of the Regio.hub portal: partners, projects with their
participations, fields of action and transfer direction, events and the
Innovationsmobil tour, announcements, public documents and the accession
register of the Letter of Intent. Read only; JSON; German labels by default
(`Accept-Language: en` for English).

* **Filters** carry the names of the portal's pages (`/projekte/?handlungsfeld=…`
  is `/api/v1/projects/?handlungsfeld=…`). An unknown parameter or value is a 400.
* **Pages**: `limit` (1–100, default 20) and the opaque `cursor` of the answer's
  `next` link; the order is stable. `count` is exact up to 1,000; with more
  matches it is 1,000 and `count_capped` is true.
* **Caching**: every answer has an `ETag` and `Last-Modified`; send them back as
  `If-None-Match` / `If-Modified-Since` and an unchanged answer is a 304.
* **Rate limit** per client and minute; over it, 429 with `Retry-After`.
* **Tokens**: staff of the partners create a personal read-only token under
  /intern/api-tokens/ and send it as `Authorization: Bearer rh_…`; the API then
  shows what they may see on the portal.
* **Errors** are RFC 9457 problem documents (`application/problem+json`).
"""

PROBLEM_RESPONSES = {
    "400": "Unknown parameter, invalid value, malformed cursor or page size out of range.",
    "401": "The token is unknown or revoked.",
    "404": "No such object (or not visible to the reader).",
    "406": "The Accept header excludes JSON.",
    "429": "Too many requests; see Retry-After.",
}
# Translations of pydantic's error types for the parameters (its own messages are English).
PARAMETER_MESSAGES = {
    "int_parsing": lambda error: _("Enter a whole number."),
    "int_from_float": lambda error: _("Enter a whole number."),
    "greater_than_equal": lambda error: (
        _("Enter a number of at least %(limit)s.") % {"limit": error.get("ctx", {}).get("ge")}
    ),
    "less_than_equal": lambda error: (
        _("Enter a number of at most %(limit)s.") % {"limit": error.get("ctx", {}).get("le")}
    ),
    "string_too_long": lambda error: (
        _("Enter at most %(limit)s characters.") % {"limit": error.get("ctx", {}).get("max_length")}
    ),
}


class RegiohubAPI(NinjaAPI):
    """django-ninja's API with the schema completed, and built once per path prefix."""

    _schemas: dict

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in cache:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            cache[path_prefix] = _complete_schema(schema)
        return copy.deepcopy(cache[path_prefix])


def _complete_schema(schema: dict) -> dict:
    """Add what django-ninja does not say itself: the optional bearer token, the
    problem responses, the validators and the CORS and rate-limit headers."""
    schema = copy.deepcopy(dict(schema))
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = schemas.Problem.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    components["securitySchemes"] = {
        "personalToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal read-only API token (rh_…) from /intern/api-tokens/.",
        }
    }
    components["headers"] = {
        "ETag": {"description": "Validator of this answer.", "schema": {"type": "string"}},
        "Last-Modified": {
            "description": "When the data last changed.",
            "schema": {"type": "string"},
        },
        "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
        "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
    }
    # Anonymous reading is allowed: the empty requirement makes the token optional.
    schema["security"] = [{}, {"personalToken": []}]
    problem_content = {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            ok = responses.get(200) or responses.get("200")
            if ok is not None:
                ok["headers"] = {
                    "ETag": {"$ref": "#/components/headers/ETag"},
                    "Last-Modified": {"$ref": "#/components/headers/Last-Modified"},
                    "Access-Control-Allow-Origin": {
                        "$ref": "#/components/headers/Access-Control-Allow-Origin"
                    },
                }
            responses.pop(422, None)
            responses["304"] = {"description": "Not modified (If-None-Match / If-Modified-Since)."}
            for status, description in PROBLEM_RESPONSES.items():
                entry = {"description": description, "content": problem_content}
                if status == "429":
                    entry["headers"] = {"Retry-After": {"$ref": "#/components/headers/Retry-After"}}
                responses[status] = entry
    return schema


api = RegiohubAPI(
    title="Regio.hub API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    openapi_url="openapi.json",
)
api.add_router("", router)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = location[-1] if location else "request"
        translate = PARAMETER_MESSAGES.get(error.get("type", ""))
        message = translate(error) if translate else error.get("msg", "")
        errors.setdefault(name, []).append(str(message))
    return _invalid_parameters(request, errors)


@api.exception_handler(InvalidParameters)
def _invalid_filter(request, exc: InvalidParameters):
    return _invalid_parameters(request, exc.errors)


def _invalid_parameters(request, errors: dict[str, list[str]]):
    return problem(
        request,
        400,
        _("Invalid parameter"),
        _("Please check the parameters named in “errors”: %(names)s.")
        % {"names": ", ".join(sorted(errors))},
        kind="invalid-parameter",
        errors=errors,
    )


@api.exception_handler(CursorError)
def _bad_cursor(request, exc: CursorError):
    return problem(
        request,
        400,
        _("Invalid cursor"),
        _(
            "The cursor is not one this list gave out. Use the “next” link of the "
            "previous page, or leave the cursor out for the first page."
        ),
        kind="invalid-cursor",
        errors={"cursor": [_("Invalid cursor.")]},
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return not_found(request)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problem(request, exc.status_code, str(exc), str(exc), kind="error")


def not_found(request, *args, **kwargs):
    return problem(
        request,
        404,
        _("Not found"),
        _("There is nothing at this address, or it is not visible to you."),
        kind="not-found",
    )


@functools.cache
def allowed_parameters() -> dict[str, frozenset[str]]:
    """The query parameters each route documents, by Django route ("projects/<slug>/")."""
    schema = api.get_openapi_schema(path_prefix="")
    allowed = {}
    for path, operations in schema["paths"].items():
        names = {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", ())
            if parameter.get("in") == "query"
        }
        route = path.lstrip("/").replace("{", "<").replace("}", ">")
        allowed[route] = frozenset(names)
    return allowed
