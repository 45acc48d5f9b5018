"""Internal pages of the partners app, below /intern/."""

from django.urls import path

from . import account_views, staff_views

app_name = "staff"

urlpatterns = [
    path("einladung/<str:token>/", staff_views.accept_invitation, name="accept_invitation"),
    path("partner/<slug:slug>/profil/", staff_views.edit_profile, name="edit_profile"),
    path("partner/<slug:slug>/kolleginnen/", staff_views.members, name="members"),
    path("partner/<slug:slug>/einladen/", staff_views.invite, name="invite"),
    path(
        "partner/<slug:slug>/einladungen/<int:pk>/erneut-senden/",
        staff_views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "partner/<slug:slug>/einladungen/<int:pk>/zurueckziehen/",
        staff_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "partner/<slug:slug>/kolleginnen/<int:pk>/rolle/",
        staff_views.change_role,
        name="change_role",
    ),
    path(
        "partner/<slug:slug>/kolleginnen/<int:pk>/entfernen/",
        staff_views.remove_member,
        name="remove_member",
    ),
    path("profil/", account_views.profile, name="profile"),
    path("profil/meine-daten.json", account_views.personal_data, name="personal_data"),
    path("profil/konto-loeschen/", account_views.delete_account, name="delete_account"),
]
