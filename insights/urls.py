from django.urls import path

from . import views, widgets
from .search import views as search_views

app_name = "insights"

urlpatterns = [
    path("einbetten/projekte/", widgets.network_projects, name="embed_projects"),
    path("einbetten/termine/", widgets.network_events, name="embed_events"),
    path(
        "einbetten/partner/<slug:slug>/projekte/",
        widgets.partner_projects,
        name="embed_partner_projects",
    ),
    path(
        "einbetten/partner/<slug:slug>/termine/",
        widgets.partner_events,
        name="embed_partner_events",
    ),
    path("suche/", search_views.search_page, name="search"),
    path("karte/", views.corridor_map, name="map"),
    path("zahlen/", views.figures_page, name="figures"),
    path("zahlen/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
    path("opendata/katalog.ttl", views.catalogue_view, {"fmt": "ttl"}, name="catalogue_ttl"),
    path(
        "opendata/katalog.jsonld",
        views.catalogue_view,
        {"fmt": "jsonld"},
        name="catalogue_jsonld",
    ),
]
