from django.urls import path

from . import views

urlpatterns = [
    path("sso/", views.start, name="sso_start"),
    path("sso/abgemeldet/", views.logged_out, name="sso_logged_out"),
]
