from django.urls import path

from . import exports
from .views import public as views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.json", exports.export_json, name="export_json"),
    path("feed/", exports.PublishedProjectsFeed(), name="feed"),
    path("<slug:slug>/", views.project_detail, name="detail"),
]
