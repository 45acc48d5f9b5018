"""The staff dashboard at /intern/ is assembled from panels that the apps provide.

A panel is a function `panel(request) -> dict | None`. It returns None when it has
nothing to show for this user, or a context dict with at least "template" (the
partial to include) and "order" (smaller comes first). Each app registers its
panels here by dotted path, so the dashboard knows no app's internals and every
panel decides its own queries (one or two each, never per row). What two
panels both need is read once per request with `once_per_request()`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.utils.module_loading import import_string

T = TypeVar("T")

PANELS = [
    "regiohub.dashboard.welcome_panel",
    "projects.dashboard.projects_panel",
    "regiohub.cockpit.cockpit_panel",
    "community.dashboard.community_panel",
    "partners.dashboard.account_panel",
    "partners.dashboard.organisations_panel",
    "partners.dashboard.office_partners_panel",
    "loi.dashboard.loi_panel",
]


def once_per_request(request, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request (and key): panels share what they both show.

    Without a request (the cockpit on the admin start page) it just computes.
    """
    if request is None:
        return compute()
    values = request.__dict__.setdefault("_dashboard_values", {})
    if key not in values:
        values[key] = compute()
    return values[key]


def welcome_panel(request) -> dict:
    return {"template": "regiohub/includes/_panel_welcome.html", "order": 0}


def panels_for(request) -> list[dict]:
    panels = [import_string(path)(request) for path in PANELS]
    return sorted((panel for panel in panels if panel), key=lambda panel: panel["order"])
