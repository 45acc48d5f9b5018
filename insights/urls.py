from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("karte/", views.corridor_map, name="map"),
    path("zahlen/", views.figures_page, name="figures"),
    path("zahlen/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
]
