"""URLs of the legal pages and the page in Leichte Sprache (German paths)."""

from django.urls import path

from . import views_legal

urlpatterns = [
    path("impressum/", views_legal.imprint, name="legal_imprint"),
    path("datenschutz/", views_legal.privacy, name="legal_privacy"),
    path("barrierefreiheit/", views_legal.accessibility, name="legal_accessibility"),
    path("leichte-sprache/", views_legal.easy_language, name="easy_language"),
]
