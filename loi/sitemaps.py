"""The public register in /sitemap.xml (core.sitemaps)."""

from core import sitemaps

sitemaps.public_pages("loi:register", order=40)
