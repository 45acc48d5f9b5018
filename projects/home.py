"""The projects on the home page: their number and the latest three (core.slots)."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from core import pagecache
from core.slots import home_figures, home_sections

from .models import Project

LATEST = 3
COUNT_KEY = "projects:published-count"
COUNT_SECONDS = 3600


def published_count() -> int:
    """How many projects are published, counted once per content generation.

    Counting 100,000 published projects reads every one of them (more than the
    rest of the home page costs); the number only changes with the content, so
    it is kept in the shared cache with the generation it was counted under
    (core.pagecache): any save or delete makes it stale at once.
    """
    found = cache.get_many([pagecache.GENERATION_KEY, COUNT_KEY])
    generation = pagecache.current_generation(found.get(pagecache.GENERATION_KEY))
    entry = found.get(COUNT_KEY)
    if entry is not None and entry[0] == generation:
        return entry[1]
    count = Project.objects.published().count()
    cache.set(COUNT_KEY, (generation, count), COUNT_SECONDS)
    return count


@home_figures.register(order=20)
def project_figures(request) -> list[dict]:
    return [{"label": _("Published projects"), "value": published_count()}]


@home_sections.register(order=10)
def latest_projects(request) -> dict:
    latest = Project.objects.published().for_list().order_by("-published_at", "-pk")[:LATEST]
    return {"template": "projects/includes/_latest.html", "projects": list(latest)}
