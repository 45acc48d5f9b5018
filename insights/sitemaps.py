"""The corridor map in /sitemap.xml (core.sitemaps)."""

from core import sitemaps

sitemaps.public_pages("insights:map", order=30)
