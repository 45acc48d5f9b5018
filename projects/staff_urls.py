from django.urls import path

from . import staff_views as views

app_name = "projects_staff"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("neu/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.project_edit, name="edit"),
    path("<int:pk>/einreichen/", views.project_submit, name="submit"),
    path("<int:pk>/veroeffentlichen/", views.project_publish, name="publish"),
    path("<int:pk>/zurueckgeben/", views.project_request_changes, name="request_changes"),
    path("<int:pk>/archivieren/", views.project_archive, name="archive"),
    path("<int:pk>/nachnutzung/", views.interest_create, name="interest_create"),
    path("nachnutzung/<int:pk>/", views.interest_decide, name="interest_decide"),
]
