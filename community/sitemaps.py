"""The public community pages in /sitemap.xml (core.sitemaps)."""

from core import sitemaps

sitemaps.public_pages(
    "community:event_list", "community:tour", "community:announcement_list", order=50
)
