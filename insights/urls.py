from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
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
