from django.urls import path

from . import views

app_name = "notifications_intern"

urlpatterns = [
    path("benachrichtigungen/", views.notification_settings, name="settings"),
]
