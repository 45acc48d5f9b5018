from django.urls import path

from .views import public as views

app_name = "loi"

urlpatterns = [
    path("", views.public_register, name="register"),
    path("export.csv", views.public_register_csv, name="register_csv"),
]
