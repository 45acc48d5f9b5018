"""Every public need's page in /sitemap.xml (core.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from core import sitemaps

from .models import Need


class NeedSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Need.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


sitemaps.public_pages("exchange:list", order=25)
sitemaps.register("needs", NeedSitemap)
