"""The "Are you sure?" step before a step that cannot be undone (GOV.UK's pattern).

A final step is a link to a page that says what will happen and what becomes
public, with one button that posts the step and a way back; no JavaScript. The
view acts only on a POST that carries the page's `confirmed` field: a POST
without it (an old page, a hand-written form) shows the confirmation again and
changes nothing.

    if not is_confirmed(request) or not form.is_valid():
        return render_confirmation(request, heading=..., consequences=[...], ...)
    services.do_it(...)
"""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"
CONFIRMED_VALUE = "yes"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the request is the confirmation page's POST."""
    return request.method == "POST" and request.POST.get(CONFIRMED_FIELD) == CONFIRMED_VALUE


def render_confirmation(
    request: HttpRequest,
    *,
    heading: str,
    consequences: Iterable[str],
    button: str,
    cancel_url: str,
    public: Iterable[str] | None = None,
    form=None,
    hidden: dict[str, str] | None = None,
    back_label: str = "",
    layout: str = "base.html",
    extra_context: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """templates/core/confirm.html: what will happen, what becomes public, one button.

    `public` lists what the public pages show afterwards; an empty list says that
    nothing public changes, None leaves the question out. `hidden` are fields the
    step needs besides the confirmation (e.g. the target state); `form` asks for
    more (a reason) and is drawn above the button. `layout` is the page the
    confirmation extends (an app's layout, given what it needs in `extra_context`).
    """
    context = {
        **(extra_context or {}),
        "layout": layout,
        "heading": heading,
        "consequences": list(consequences),
        "public": None if public is None else list(public),
        "button": button,
        "cancel_url": cancel_url,
        "form": form,
        "hidden": hidden or {},
        "back_label": back_label,
        "confirmed_field": CONFIRMED_FIELD,
        "confirmed_value": CONFIRMED_VALUE,
    }
    return render(request, "core/confirm.html", context, status=status)
