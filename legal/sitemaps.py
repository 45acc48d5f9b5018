"""The legal pages in /sitemap.xml (core.sitemaps)."""

from core import sitemaps

sitemaps.public_pages(
    "legal:imprint", "legal:privacy", "legal:accessibility", "legal:easy_language", order=60
)
