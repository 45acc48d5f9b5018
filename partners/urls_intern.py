"""Internal pages of the partners app, below /intern/."""

from django.urls import path

from .views import intern

app_name = "partners_intern"

urlpatterns = [
    path("einladung/<str:token>/", intern.accept_invitation, name="accept_invitation"),
    path("partner/<slug:slug>/profil/", intern.edit_profile, name="edit_profile"),
    path("partner/<slug:slug>/kolleginnen/", intern.members, name="members"),
    path("partner/<slug:slug>/einladen/", intern.invite, name="invite"),
    path(
        "partner/<slug:slug>/einladungen/<int:pk>/erneut-senden/",
        intern.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "partner/<slug:slug>/einladungen/<int:pk>/zurueckziehen/",
        intern.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "partner/<slug:slug>/kolleginnen/<int:pk>/rolle/",
        intern.change_role,
        name="change_role",
    ),
    path(
        "partner/<slug:slug>/kolleginnen/<int:pk>/entfernen/",
        intern.remove_member,
        name="remove_member",
    ),
    path("profil/", intern.profile, name="profile"),
    path("profil/meine-daten.json", intern.personal_data, name="personal_data"),
    path("profil/konto-loeschen/", intern.delete_account, name="delete_account"),
]
