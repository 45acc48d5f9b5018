"""The public pages of the community app (included at the root, German paths)."""

from django.urls import path

from .feeds import AnnouncementFeed
from .views import documents, public

app_name = "community"

urlpatterns = [
    path("termine/", public.event_list, name="event_list"),
    path("termine/<int:pk>/", public.event_detail, name="event_detail"),
    path("termine.ics", public.public_calendar, name="public_calendar"),
    path("termine/<int:pk>/termin.ics", public.event_ics, name="event_ics"),
    path("termine/privat/<str:token>.ics", public.private_calendar, name="private_calendar"),
    path("innovationsmobil/", public.tour, name="tour"),
    path("aktuelles/", public.announcement_list, name="announcement_list"),
    path("aktuelles/feed/", AnnouncementFeed(), name="announcement_feed"),
    path("aktuelles/<int:pk>/", public.announcement_detail, name="announcement_detail"),
    path("experten/", public.expert_list, name="expert_list"),
    path("dokumente/", documents.document_index, name="document_index"),
    path("dokumente/<int:pk>/", public.document_download, name="document_download"),
]
