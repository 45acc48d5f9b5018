"""The showcase's filter form, drawn once per content generation, language and choice.

Its fields, choices and chosen values depend only on the choices in the query
string and the content (the fields of action), so for the choices alone it
is kept in the shared cache under the page cache's content generation (every
content change replaces it, core/pagecache.py) and the active language: that
is a fifth of an uncached showcase page (issue 21, scope 7). A search text or
a partner's name is typed freely: with one of them the form is drawn each
time, so no visitor can fill the cache with variants. With the database cache
(no Redis), where keeping it would cost queries of its own, it is drawn on
every request.

(Kept cards were tried as well and bought nothing measurable: reading twenty
cards from Redis cost about as much as drawing them inline.)
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import pagecache
from core.cache import in_memory

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
