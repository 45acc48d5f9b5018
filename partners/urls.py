from django.urls import path

from .views import public as views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    # Before the partner pages: no partner's slug is "vorschlaege".
    path("vorschlaege/", views.partner_suggestions, name="suggestions"),
    path("<slug:slug>/", views.partner_detail, name="detail"),
]
