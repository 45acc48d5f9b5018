from django.urls import path

from .views import intern

app_name = "exchange_intern"

urlpatterns = [
    path("bedarfe/", intern.need_list, name="list"),
    path("bedarfe/neu/", intern.need_create, name="create"),
    path("bedarfe/<int:pk>/", intern.need_detail, name="detail"),
    path("bedarfe/<int:pk>/bearbeiten/", intern.need_edit, name="edit"),
    path("bedarfe/<int:pk>/oeffnen/", intern.need_open, name="open"),
    path("bedarfe/<int:pk>/im-austausch/", intern.need_start_exchange, name="start_exchange"),
    path("bedarfe/<int:pk>/geloest/", intern.need_solve, name="solve"),
    path("bedarfe/<int:pk>/schliessen/", intern.need_close, name="close"),
    path("bedarfe/<int:pk>/mitzeichnen/", intern.need_cosign, name="cosign"),
]
