from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .rules import is_office_or_superuser

# Areas where the project office and superusers work; they need MFA there.
PROTECTED_PREFIXES = ("/admin/", "/intern/")


class RequireMFAForOfficeMiddleware:
    """The project office and superusers set up two-factor authentication first.

    Before they reach /admin/ or any internal page they are sent to allauth's
    TOTP activation. allauth's own pages (login, MFA, logout) stay reachable,
    so the way out and the way to set it up are never blocked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_mfa_setup(request):
            messages.warning(
                request,
                _(
                    "The project office works with two-factor authentication. "
                    "Set it up now to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _needs_mfa_setup(request) -> bool:
        user = request.user
        if not user.is_authenticated or not request.path.startswith(PROTECTED_PREFIXES):
            return False
        if not is_office_or_superuser(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
