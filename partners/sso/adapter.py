"""allauth's social-account adapter for the partners' OpenID Connect providers."""

import logging
import os

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp

from ..models import PartnerIdentityProvider
from . import admission

logger = logging.getLogger(__name__)

OPENID_CONNECT = "openid_connect"


def social_app(provider: PartnerIdentityProvider) -> SocialApp | None:
    """allauth's app for the provider, or None while its secret is not in the environment.

    Built for each request and never saved: the rows of PartnerIdentityProvider
    are the one configuration, and the secret stays out of the database.
    """
    secret = os.environ.get(provider.client_secret_env, "")
    if not secret:
        logger.warning(
            "identity provider %s: environment variable %s is not set",
            provider.slug,
            provider.client_secret_env,
        )
        return None
    return SocialApp(
        provider=OPENID_CONNECT,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=secret,
        settings={"server_url": provider.server_url, "oauth_pkce_enabled": True},
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Apps from PartnerIdentityProvider; admission only by invitation or existing account."""

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        apps = []
        for row in PartnerIdentityProvider.objects.active():
            if provider not in (None, OPENID_CONNECT, row.slug):
                continue
            if client_id is not None and client_id != row.client_id:
                continue
            app = social_app(row)
            if app is not None:
                apps.append(app)
        return apps

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # admission.admit links every admitted login to an account before this is asked.
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        admission.admit(request, sociallogin)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        logger.warning(
            "single sign-on with %s failed: %s %r",
            getattr(provider, "id", provider),
            error,
            exception,
        )
