"""Parts of the showcase drawn once per content generation and language.

Cards.
Drawing twenty cards was most of an uncached showcase page's template time
(issue 21, scope 7). A card shows only its project, its lead partner's name
and field names, so it is the same on every page, filter and search that
lists the project: it is kept in the shared cache under the page cache's
content generation (every content change replaces it, core/pagecache.py) and
the active language. A page reads its cards in one round trip and draws only
the missing ones; the fields of action are read only for those. With the
database cache (no Redis), where each kept card would cost queries of its
own, every card is drawn.

The filter form. Its fields, choices and chosen values depend only on the
choices in the query string and the content (the fields of action), so for
the choices alone it is kept the same way. A search text or a partner's name
is typed freely: with one of them the form is drawn each time, so no visitor
can fill the cache with variants.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import pagecache
from core.cache import in_memory

from .models import FieldOfAction, Project, with_card_fields

CARD_TEMPLATE = "projects/includes/_showcase_card.html"
CARD_PREFIX = "card:"
CARD_SECONDS = 6 * 3600


FORM_PREFIX = "showcase-form:"
FORM_SECONDS = 6 * 3600
# Typed freely, so never part of a cache key.
FREE_TEXT = ("q", "partner")


def filter_form(project_filter, query) -> SafeString:
    """The showcase's filter form as HTML, kept while only choices are chosen."""
    if not in_memory() or any(query.get(name) for name in FREE_TEXT):
        return project_filter.form.render()
    names = sorted(project_filter.base_filters)
    chosen = urlencode([(name, value) for name in names for value in query.getlist(name)])
    key = f"{FORM_PREFIX}{pagecache.generation()}:{get_language()}:{chosen}"
    html = cache.get(key)
    if html is None:
        html = project_filter.form.render()
        cache.set(key, html, FORM_SECONDS)
    # Rendered by Django's form renderer with autoescaping, from our own cache.
    return mark_safe(html)  # noqa: S308  # nosec B308, B703


def card_key(generation: str, project: Project) -> str:
    return f"{CARD_PREFIX}{generation}:{get_language()}:{project.pk}"


def showcase_cards(
    projects: list[Project], fields: list[FieldOfAction], *, detail_prefix: str
) -> list[SafeString]:
    """The cards of `projects` in their order, from the cache or drawn now."""
    if not projects:
        return []
    if not in_memory():
        return _draw(with_card_fields(projects, fields), detail_prefix)
    generation = pagecache.generation()
    keys = [card_key(generation, project) for project in projects]
    found = cache.get_many(keys)
    missing = [project for project, key in zip(projects, keys, strict=True) if key not in found]
    if missing:
        cards = _draw(with_card_fields(missing, fields), detail_prefix)
        drawn = {
            card_key(generation, project): card
            for project, card in zip(missing, cards, strict=True)
        }
        cache.set_many(drawn, CARD_SECONDS)
        found.update(drawn)
    # Drawn by our template with Django's autoescaping, from our own cache.
    return [mark_safe(found[key]) for key in keys]  # noqa: S308  # nosec B308, B703


def _draw(projects: list[Project], detail_prefix: str) -> list[SafeString]:
    template = get_template(CARD_TEMPLATE)
    return [
        template.render({"project": project, "detail_prefix": detail_prefix})
        for project in projects
    ]
