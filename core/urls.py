from django.urls import path

from . import sitemaps, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_view, name="sitemap"),
    path("intern/", views.dashboard, name="dashboard"),
]
