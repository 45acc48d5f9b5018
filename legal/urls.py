"""The legal pages and the page in Leichte Sprache (German paths)."""

from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
]
