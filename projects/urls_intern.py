from django.urls import path

from .views import imports, intern

app_name = "projects_intern"

urlpatterns = [
    path("projekte/", intern.project_list, name="list"),
    path("projekte/neu/", intern.project_create, name="create"),
    path("projekte/<int:pk>/", intern.project_detail, name="detail"),
    path("projekte/<int:pk>/bearbeiten/", intern.project_edit, name="edit"),
    path("projekte/<int:pk>/einreichen/", intern.project_submit, name="submit"),
    path("projekte/<int:pk>/veroeffentlichen/", intern.project_publish, name="publish"),
    path("projekte/<int:pk>/zurueckgeben/", intern.project_request_changes, name="request_changes"),
    path("projekte/<int:pk>/archivieren/", intern.project_archive, name="archive"),
    path("projekte/<int:pk>/nachnutzung/", intern.interest_create, name="interest_create"),
    path("projekte/nachnutzung/<int:pk>/", intern.interest_decide, name="interest_decide"),
    path("projekte/einladungen/", intern.invitation_list, name="invitations"),
    path("projekte/einladungen/<int:pk>/", intern.invitation_detail, name="invitation"),
    path(
        "projekte/einladungen/<int:pk>/annehmen/",
        intern.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "projekte/einladungen/<int:pk>/ablehnen/",
        intern.invitation_decline,
        name="invitation_decline",
    ),
    path("projekte-import/", imports.project_import_view, name="import"),
    path("projekte-import/<int:pk>/", imports.project_import_status, name="import_status"),
    path("projekte-import/<int:pk>/erneut/", imports.project_import_retry, name="import_retry"),
]
