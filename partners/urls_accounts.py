"""Account pages of the portal that take the place of allauth's (included before allauth.urls)."""

from django.urls import include, path

from .views import passkeys

urlpatterns = [
    path(
        "2fa/webauthn/keys/<int:pk>/remove/",
        passkeys.remove_passkey,
        name="mfa_remove_webauthn",
    ),
    # Logging in through one's administration (OpenID Connect, partners/sso/).
    path("", include("partners.sso.urls")),
]
