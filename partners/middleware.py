from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.permissions import has_verified_mfa, note_mfa_session

from .rules import holds_office_role

# Areas where the project office and superusers work; they need MFA there.
PROTECTED_PREFIXES = ("/admin/", "/intern/")


class RequireMFAForOfficeMiddleware:
    """Office and superuser rights wait for two-factor authentication.

    Every request tells the rules whether its session passed allauth's MFA step
    (core.permissions.note_mfa_session): without it an office member or a
    superuser has, everywhere, only the rights of an account without a partner.
    Before they reach /admin/ or any internal page they are sent to allauth's
    TOTP activation, which also offers a passkey (no authenticator yet), or to
    its MFA re-authentication (an authenticator, but a session that has not
    used it). allauth's own pages
    (login, MFA, logout) stay reachable, so the way out and the way to set it
    up are never blocked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        note_mfa_session(request)
        step = self._missing_mfa_step(request)
        if step == "setup":
            messages.warning(
                request,
                _(
                    "The project office works with two-factor authentication. "
                    "Set up a passkey or an authenticator app now to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        if step in ("confirm", "confirm_passkey"):
            # Someone with only passkeys confirms with one; with the app, by its code
            # (allauth's page links to the other ways).
            view = "mfa_reauthenticate" if step == "confirm" else "mfa_reauthenticate_webauthn"
            messages.warning(
                request,
                _(
                    "The project office works with two-factor authentication. "
                    "Confirm it with your passkey or a code from your authenticator app "
                    "to continue."
                ),
            )
            return redirect(f"{reverse(view)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _missing_mfa_step(request) -> str | None:
        """ "setup", "confirm", "confirm_passkey" or None (nothing missing, no office area)."""
        user = request.user
        if not user.is_authenticated or not request.path.startswith(PROTECTED_PREFIXES):
            return None
        if not holds_office_role(user) or has_verified_mfa(user):
            return None
        types = set(
            Authenticator.objects.filter(user=user)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .values_list("type", flat=True)
        )
        if Authenticator.Type.TOTP in types:
            return "confirm"
        return "confirm_passkey" if types else "setup"
