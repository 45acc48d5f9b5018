from django.urls import path

from .views import oparl
from .views import public as views

app_name = "loi"

urlpatterns = [
    path("", views.public_register, name="register"),
    path("export.csv", views.public_register_csv, name="register_csv"),
    # The office's private feed: the signed token in the address is the key.
    path("ratstermine/<str:token>.ics", oparl.council_calendar_feed, name="council_calendar"),
]
