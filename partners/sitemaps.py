"""Every active partner's page in /sitemap.xml (core.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from core import sitemaps

from .models import Partner


class PartnerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Partner.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


sitemaps.public_pages("partners:list", order=10)
sitemaps.register("partners", PartnerSitemap)
