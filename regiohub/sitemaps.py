"""/sitemap.xml: the public pages, every active partner and every published project."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import NoReverseMatch, path, reverse

from partners.models import Partner
from projects.models import Project


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    # Named public pages; a name another app has not registered yet is skipped.
    names = [
        "home",
        "partners:list",
        "projects:list",
        "corridor_map",
        "loi:register",
        "community:event_list",
        "community:tour",
        "community:announcement_list",
        "legal_imprint",
        "legal_privacy",
        "legal_accessibility",
        "easy_language",
    ]

    def items(self):
        available = []
        for name in self.names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            available.append(name)
        return available

    def location(self, item):
        return reverse(item)


class PartnerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Partner.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "partners": PartnerSitemap, "projects": ProjectSitemap}


# Included from the root URLconf with `path("", include("regiohub.sitemaps"))`.
urlpatterns = [path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap")]
