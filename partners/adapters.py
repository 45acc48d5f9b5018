import time
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from core import ratelimit
from notifications.mail import language_of, queue_mail

from .models import User
from .rules import holds_office_role, is_network_member
from .sso.views import LOGGED_OUT_PROVIDER, login_provider


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join the hub only through an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (password reset, address confirmation, unknown account) are queued.

        Rendered by allauth from templates/account/email/ in the language of
        the account the mail is about (the page's language for an address
        without account), then written to the outbox and
        delivered by the task worker. The key names the kind of mail
        ("password-reset-key:<uuid>"); each request is a cause of its own.
        They carry personal links, so the outbox keeps no readable copy.
        """
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        user = context.get("user")
        known = user if isinstance(user, User) and user.pk else None
        # A person with an account reads the mail in their own language; a
        # visitor without one (the "unknown account" mail) in the page's.
        account = known or User.objects.filter(email__iexact=email).first()
        language = language_of(account) if account else translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)
        html_body = next(
            (
                content
                for content, kind in getattr(message, "alternatives", [])
                if kind == "text/html"
            ),
            "",
        )
        kind = template_prefix.rsplit("/", 1)[-1].replace("_", "-")
        queue_mail(
            key=f"{kind}:{uuid.uuid4()}",
            to=email,
            subject=message.subject,
            body=message.body,
            html_body=html_body,
            user=known,
            confidential=True,
        )

    def get_client_ip(self, request) -> str:
        """The client as every limit of the portal sees it (TRUSTED_PROXY_COUNT)."""
        return ratelimit.client_ip(request)

    def _failed_login_keys(self, request, credentials: dict) -> list[tuple[str, str]]:
        """The counters a failed login adds to: (rate-limit action, key).

        allauth counts failed logins per account over all clients, so five wrong
        passwords from anywhere lock the account's owner out; here they count per
        account at this client ("login_failed", which also counts per client) and,
        far more loosely, per account over all clients ("login_failed_account").
        """
        account = self._get_login_attempts_cache_key(request, **credentials)
        return [
            ("login_failed", f"{account}@{ratelimit.client_network(request)}"),
            ("login_failed_account", account),
        ]

    def pre_authenticate(self, request, **credentials) -> None:
        # allauth's own pre_authenticate with our keys; `authenticate` gives the
        # usage back after a correct password (allauth's rollback).
        usage = allauth_ratelimit.RateLimitUsage(usage=[])
        self._login_failed_rl_usage = usage
        for action, key in self._failed_login_keys(request, credentials):
            consumed = allauth_ratelimit.consume(
                request, app="allauth.account", action=action, key=key
            )
            if not consumed:
                raise self.validation_error("too_many_login_attempts")
            usage.usage.extend(consumed.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a password reset (proof of the mailbox) the account starts afresh.
        for action, key in self._failed_login_keys(request, credentials):
            allauth_ratelimit.clear(request, app="allauth.account", action=action, key=key)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login that just happened counts as a recent authentication.

        allauth asks for the password again before MFA settings unless the
        session re-authenticated lately; right after logging in (the office's
        first login, which goes straight to setting up a second factor) that
        second prompt proves nothing new. Within ACCOUNT_REAUTHENTICATION_TIMEOUT
        of the login the session is trusted as allauth trusts a re-authentication.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        return not (request is not None and _logged_in_recently(request))

    def logout(self, request) -> None:
        """End the portal session; remember (in the new session) a provider logged in through,
        so the next page can offer to log out there as well (RP-initiated logout)."""
        provider = login_provider(request) if request.user.is_authenticated else None
        super().logout(request)
        if provider:
            request.session[LOGGED_OUT_PROVIDER] = provider

    def get_logout_redirect_url(self, request) -> str:
        # allauth asks before it logs out: the session still knows how it logged in.
        if request.user.is_authenticated and login_provider(request):
            return reverse("sso_logged_out")
        return super().get_logout_redirect_url(request)

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


def _logged_in_recently(request) -> bool:
    """The session's user logged in (password or passkey) within the re-authentication window."""
    from allauth.account import app_settings as account_settings
    from allauth.account.internal.flows.login import get_authentication_records

    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    logins = [
        record["at"]
        for record in records
        if record.get("method") in account_settings.REAUTHENTICATION_METHODS
        and not record.get("reauthenticated")
        and "at" in record
    ]
    return bool(logins) and time.time() - logins[-1] < account_settings.REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    """The project office and superusers keep a second factor.

    They must work with two-factor authentication (see RequireMFAForOfficeMiddleware):
    their last authenticator app or passkey cannot be removed; allauth refuses
    with its own message (TOTP) or a 404-free refusal on the passkey page.
    """

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.type != authenticator.Type.RECOVERY_CODES and holds_office_role(
            authenticator.user
        ):
            others = (
                type(authenticator)
                .objects.filter(user_id=authenticator.user_id)
                .exclude(type=authenticator.Type.RECOVERY_CODES)
                .exclude(pk=authenticator.pk)
            )
            if not others.exists():
                return False
        return super().can_delete_authenticator(authenticator)
