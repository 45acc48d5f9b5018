"""Every published project's page in /sitemap.xml (core.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from core import sitemaps

from .models import Project


class ProjectSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


sitemaps.public_pages("projects:list", order=20)
sitemaps.register("projects", ProjectSitemap)
