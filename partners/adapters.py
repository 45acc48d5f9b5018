from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import reverse

from .rules import is_network_member, is_office_or_superuser


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join the hub only through an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        """Staff start on the dashboard; an expert (only a network member) on their entry."""
        user = request.user
        if (
            user.is_authenticated
            and not user.has_perm("core.access_intern")
            and is_network_member(user)
        ):
            return reverse("community_intern:own_expert_entry")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    """The project office and superusers keep their authenticator app.

    They must work with two-factor authentication (see RequireMFAForOfficeMiddleware);
    allauth refuses to deactivate TOTP for them with its own message.
    """

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.type == authenticator.Type.TOTP and is_office_or_superuser(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
