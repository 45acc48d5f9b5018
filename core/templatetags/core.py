from functools import cache

from django import template
from django.db.models import Model
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import jsonld
from core.forms import format_localized_number

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one).

    `<a href="?{% query_with page=3 %}">` keeps the active filters.
    """
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(sorted(params.lists()), doseq=True)


@register.simple_tag(takes_context=True)
def query_with_param(context, name: str, value) -> str:
    """Like query_with, for a parameter whose name is a variable (two paginations on a page)."""
    return query_with(context, **{name: value})


@register.filter
def display(obj: Model, field_name: str):
    """`{{ project|display:"status" }}` shows the same as `project.get_status_display`.

    Django's get_FOO_display() rebuilds a dict of every choice (translating each
    label) on each call; in a list of twenty cards that adds up. The choices
    are read once per model field here and only the shown label is translated.
    """
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name).get(value, value)


@cache
def _choice_labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


@register.simple_tag(takes_context=True)
def slot(context, entry: dict) -> str:
    """Render what an app contributed to a page (core.slots) with its own context.

    Like an inclusion tag: the entry's values are the template's variables, on
    top of the page's context (request, CSRF token, language).
    """
    template = context.template.engine.get_template(entry["template"])
    with context.push(entry):
        return template.render(context)


@register.filter
def json_ld(items) -> SafeString:
    """`{{ json_ld|json_ld }}`: each schema.org dict as a `<script type="application/ld+json">`."""
    # Safe: each element is built by jsonld.script, which escapes the JSON text.
    return mark_safe("".join(jsonld.script(item) for item in items or ()))  # noqa: S308  # nosec


@register.filter
def money(value) -> str:
    """`{{ project.funding_amount|money }}`: an amount in euros as the active language writes it.

    German `125.000,50 €`, English `€125,000.50`; nothing for an empty amount.
    """
    if value is None or value == "":
        return ""
    amount = format_localized_number(value, 2)
    if (get_language() or "").startswith("en"):
        return f"€{amount}"
    return f"{amount}\u00a0€"
