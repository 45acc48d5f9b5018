"""/sitemap.xml: the public pages and what the apps list (partners, projects).

Apps contribute in their `sitemaps.py` (imported at start-up, core.apps):
`register("projects", ProjectSitemap)` adds a sitemap section, and
`public_pages(...)` names URL patterns of public pages without parameters.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from .permissions import public

SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {}  # the type django's sitemap view takes
_PAGES: list[tuple[int, str]] = []


def register(section: str, sitemap_class: type[Sitemap]) -> None:
    SITEMAPS[section] = sitemap_class


def public_pages(*names: str, order: int) -> None:
    """URL names of public pages for the "pages" section, listed by `order`."""
    for name in names:
        if name not in (existing for _order, existing in _PAGES):
            _PAGES.append((order, name))
    _PAGES.sort(key=lambda entry: entry[0])


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return [name for _order, name in _PAGES]

    def location(self, item: str) -> str:
        return reverse(item)


register("pages", PublicPagesSitemap)
public_pages("core:home", order=0)


@public
def sitemap_view(request):
    return sitemap(request, sitemaps=SITEMAPS)
