from django.urls import path

from . import views

app_name = "office_intern"

urlpatterns = [
    path("bericht/", views.funder_report, name="funder_report"),
]
