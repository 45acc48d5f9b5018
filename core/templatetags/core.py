from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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


DAY_AND_TIME = "l, j. F Y, H:i"


def _time_element(moment, text: str) -> SafeString:
    # Whole seconds: a microsecond in `datetime` is valid but noise (and HTML checkers differ).
    return format_html(
        '<time datetime="{}">{}</time>', moment.replace(microsecond=0).isoformat(), text
    )


@register.simple_tag
def time_range(start, end) -> SafeString:
    """When an event takes place, its date written once if it starts and ends on one day.

    "Dienstag, 15. Dezember 2026, 10:00–16:00 Uhr"; across days
    "Dienstag, 15. Dezember 2026, 10:00 – Mittwoch, 16. Dezember 2026, 16:00 Uhr".
    Times in the portal's time zone; each end marked up as <time>.
    """
    start, end = timezone.localtime(start), timezone.localtime(end) if end else None
    begins = _time_element(start, date_format(start, DAY_AND_TIME))
    oclock = gettext("o’clock")
    if end is None or end == start:
        return format_html("{} {}", begins, oclock)
    if end.date() == start.date():
        return format_html("{}–{} {}", begins, _time_element(end, date_format(end, "H:i")), oclock)
    ends = _time_element(end, date_format(end, DAY_AND_TIME))
    return format_html("{} – {} {}", begins, ends, oclock)


@register.filter
def machine_time(value) -> str:
    """A `<time datetime="…">` value: ISO 8601 in the local time zone, whole seconds.

    Django's `date:"c"` writes microseconds, which HTML's datetime syntax does not
    allow (at most three digits of a fraction of a second).
    """
    if value in (None, ""):
        return ""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
