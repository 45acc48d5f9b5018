"""Included at the root: public German paths plus the pages under /intern/."""

from django.urls import path

from .feeds import AnnouncementFeed
from .views import documents, internal, public

app_name = "community"

urlpatterns = [
    path("termine/", public.event_list, name="event_list"),
    path("termine/<int:pk>/", public.event_detail, name="event_detail"),
    path("termine.ics", public.public_calendar, name="public_calendar"),
    path("termine/privat/<str:token>.ics", public.private_calendar, name="private_calendar"),
    path("innovationsmobil/", public.tour, name="tour"),
    path("aktuelles/", public.announcement_list, name="announcement_list"),
    path("aktuelles/feed/", AnnouncementFeed(), name="announcement_feed"),
    path("aktuelles/<int:pk>/", public.announcement_detail, name="announcement_detail"),
    path("experten/", public.expert_list, name="expert_list"),
    path("dokumente/", documents.document_index, name="document_index"),
    path("dokumente/<int:pk>/", public.document_download, name="document_download"),
    # Internal area
    path("intern/arbeitsgruppen/", internal.group_list, name="group_list"),
    path("intern/arbeitsgruppen/<slug:slug>/", internal.group_detail, name="group_detail"),
    path("intern/arbeitsgruppen/<slug:slug>/beitreten/", internal.group_join, name="group_join"),
    path("intern/arbeitsgruppen/<slug:slug>/verlassen/", internal.group_leave, name="group_leave"),
    path(
        "intern/arbeitsgruppen/<slug:slug>/mitglieder/",
        internal.group_add_member,
        name="group_add_member",
    ),
    path(
        "intern/arbeitsgruppen/<slug:slug>/experten/<int:expert_id>/einladen/",
        internal.group_invite_expert,
        name="group_invite_expert",
    ),
    path(
        "intern/arbeitsgruppen/<slug:slug>/dokumente/",
        internal.group_upload,
        name="group_upload",
    ),
    path("intern/bibliothek/", internal.library, name="library"),
    path("intern/termine/<int:pk>/dokumente/", documents.event_documents, name="event_documents"),
    path("intern/bibliothek/hochladen/", internal.library_upload, name="library_upload"),
    path(
        "intern/projekt-dokumente/<int:pk>/",
        internal.project_documents,
        name="project_documents",
    ),
    path(
        "intern/dokumente/<int:pk>/ersetzen/",
        internal.document_replace,
        name="document_replace",
    ),
    path(
        "intern/dokumente/<int:pk>/versionen/<int:number>/",
        internal.document_version_download,
        name="document_version_download",
    ),
    path("intern/aktuelles/", internal.internal_announcement_list, name="internal_announcements"),
    path("intern/aktuelles/neu/", internal.announcement_create, name="announcement_create"),
    path(
        "intern/aktuelles/<int:pk>/",
        internal.internal_announcement_detail,
        name="internal_announcement_detail",
    ),
    path("intern/kalender/", internal.calendar_feed, name="calendar_feed"),
    path(
        "intern/benachrichtigungen/",
        internal.notification_settings,
        name="notification_settings",
    ),
    path("intern/experten/", internal.expert_directory, name="expert_directory"),
    path("intern/experten/mein-eintrag/", internal.own_expert_entry, name="own_expert_entry"),
    path("intern/innovationsmobil/anfrage/", internal.stop_request, name="stop_request"),
]
