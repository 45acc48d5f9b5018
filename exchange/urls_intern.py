from django.urls import path

from .views import intern, searches

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
    path("suchauftraege/", searches.search_list, name="searches"),
    path("suchauftraege/neu/", searches.search_create, name="search_create"),
    path("suchauftraege/<int:pk>/", searches.search_edit, name="search_edit"),
    path("suchauftraege/<int:pk>/loeschen/", searches.search_delete, name="search_delete"),
]
