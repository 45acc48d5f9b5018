from django.urls import path

from .views import public as views

app_name = "exchange"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("<slug:slug>/", views.need_detail, name="detail"),
]
