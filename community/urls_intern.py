"""The community app's pages below /intern/."""

from django.urls import path

from .views import documents, intern

app_name = "community_intern"

urlpatterns = [
    path("arbeitsgruppen/", intern.group_list, name="group_list"),
    path("arbeitsgruppen/<slug:slug>/", intern.group_detail, name="group_detail"),
    path("arbeitsgruppen/<slug:slug>/beitreten/", intern.group_join, name="group_join"),
    path(
        "arbeitsgruppen/<slug:slug>/beitritt-anfragen/",
        intern.group_request_membership,
        name="group_request_membership",
    ),
    path("arbeitsgruppen/<slug:slug>/verlassen/", intern.group_leave, name="group_leave"),
    path(
        "arbeitsgruppen/<slug:slug>/mitglieder/",
        intern.group_add_member,
        name="group_add_member",
    ),
    path(
        "arbeitsgruppen/<slug:slug>/experten/<int:expert_id>/einladen/",
        intern.group_invite_expert,
        name="group_invite_expert",
    ),
    path(
        "arbeitsgruppen/<slug:slug>/dokumente/",
        intern.group_upload,
        name="group_upload",
    ),
    path("bibliothek/", intern.library, name="library"),
    path("termine/<int:pk>/dokumente/", documents.event_documents, name="event_documents"),
    path("bibliothek/hochladen/", intern.library_upload, name="library_upload"),
    path(
        "projekt-dokumente/<int:pk>/",
        intern.project_documents,
        name="project_documents",
    ),
    path(
        "dokumente/<int:pk>/ersetzen/",
        intern.document_replace,
        name="document_replace",
    ),
    path(
        "dokumente/<int:pk>/versionen/<int:number>/",
        intern.document_version_download,
        name="document_version_download",
    ),
    path("aktuelles/", intern.internal_announcement_list, name="internal_announcements"),
    path("aktuelles/neu/", intern.announcement_create, name="announcement_create"),
    path(
        "aktuelles/<int:pk>/",
        intern.internal_announcement_detail,
        name="internal_announcement_detail",
    ),
    path("kalender/", intern.calendar_feed, name="calendar_feed"),
    path("experten/", intern.expert_directory, name="expert_directory"),
    path("experten/mein-eintrag/", intern.own_expert_entry, name="own_expert_entry"),
    path("innovationsmobil/anfrage/", intern.stop_request, name="stop_request"),
]
