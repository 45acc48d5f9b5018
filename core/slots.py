"""Places on core's pages that the apps fill, so core knows no app.

The dashboard at /intern/ starts with `todos` (what needs doing, sorted here:
deadlines first), then shows `panels`; the home page `home_figures`,
`home_sections` and `home_hero` (beside its heading). An app contributes with
a function of the request in its `dashboard.py` or `home.py` (core imports
those modules at start-up, core.apps):

    @panels.register(order=20)
    def projects_panel(request) -> dict | None:
        return {"template": "projects/includes/_panel_projects.html", ...}

The function returns None when it has nothing to show for this request, else
a context dict with at least "template" (figures return a list of
`{"label", "value"}`). Smaller orders come first. Every contribution decides
its own queries (one or two, never per row); what two of them both need is
read once per request with `once_per_request()`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, TypeVar

T = TypeVar("T")
Contribution = Callable[[Any], Any]


class Slot:
    def __init__(self, name: str):
        self.name = name
        self._entries: list[tuple[int, Contribution]] = []

    def register(self, *, order: int) -> Callable[[Contribution], Contribution]:
        def decorator(function: Contribution) -> Contribution:
            if all(existing is not function for _order, existing in self._entries):
                self._entries.append((order, function))
                self._entries.sort(key=itemgetter(0))
            return function

        return decorator

    def fill(self, request) -> list:
        """What the contributions return for this request, in order, without the Nones."""
        filled = []
        for _order, function in self._entries:
            result = function(request)
            if result:
                filled.append(result)
        return filled


@dataclass(frozen=True)
class Todo:
    """One thing the person should do, on top of /intern/.

    `due` (a date) puts it among the deadlines, the nearest first; without one,
    a higher `urgency` comes first. `text` is the whole sentence, `url` where it
    is done (`link` the words of the link, else the sentence is the link).
    """

    text: str
    url: str = ""
    link: str = ""
    due: datetime.date | None = None
    urgency: int = 0

    def sort_key(self) -> tuple:
        return (self.due is None, self.due or datetime.date.max, -self.urgency)


class TodoSlot(Slot):
    """Contributions return a list of `Todo` (or None); the slot sorts them all together."""

    def fill(self, request) -> list[Todo]:
        items = [item for contributed in super().fill(request) for item in contributed]
        # sorted() is stable: equal keys keep the order of registration.
        return sorted(items, key=Todo.sort_key)


todos = TodoSlot("what needs doing on the dashboard")
panels = Slot("dashboard panels")
home_figures = Slot("home page figures")
home_sections = Slot("home page sections")
# What the home page's hero shows beside its heading and search box (a map teaser).
home_hero = Slot("home page hero")


def once_per_request(request, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request (and key): contributions share what they both show.

    Without a request (the cockpit on the admin start page) it just computes.
    """
    if request is None:
        return compute()
    values = request.__dict__.setdefault("_dashboard_values", {})
    if key not in values:
        values[key] = compute()
    return values[key]
