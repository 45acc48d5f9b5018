"""Who may come in through a partner's identity provider (asked at every SSO callback).

No self-registration through SSO: the provider proves who someone is, the
portal decides whether they belong. A login is admitted when the address the
provider asserts lies at one of the provider's allowed domains and

- the provider's account is linked to a portal account already (an earlier SSO login), or
- a portal account has this address, verified (linked now), or
- an open invitation into the provider's partner goes to this address: the
  account is created and the invitation accepted as on the invitation page.

Linking from one's account page (allauth's "connect") works only for the
logged-in person's own verified address. The role comes from the invitation;
when the office mapped a claim, the mapped role is taken instead, at this first
login only. Otherwise a page says whom to ask.
"""

import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.db import transaction
from django.shortcuts import render

from .. import services
from ..models import Invitation, Membership, PartnerIdentityProvider, User, role_allowed

logger = logging.getLogger(__name__)


class Reason:
    """Why a login was refused (the refusal page words each)."""

    UNKNOWN_PROVIDER = "unknown_provider"
    NO_ADDRESS = "no_address"
    DOMAIN = "domain"
    NOT_INVITED = "not_invited"
    OTHER_PARTNER = "other_partner"
    UNVERIFIED = "unverified"
    NOT_YOUR_ADDRESS = "not_your_address"


@dataclass(frozen=True)
class Refusal:
    reason: str
    email: str
    provider: PartnerIdentityProvider | None


def claims_of(sociallogin) -> dict:
    """The claims of the ID token and the userinfo answer (userinfo wins)."""
    extra = sociallogin.account.extra_data or {}
    return {**(extra.get("id_token") or {}), **(extra.get("userinfo") or {})}


def asserted_email(sociallogin) -> str:
    for address in sociallogin.email_addresses:
        if address.email:
            return address.email.strip().lower()
    return (sociallogin.user.email or "").strip().lower()


def admit(request, sociallogin) -> None:
    """Link the login to its portal account, or answer with the refusal page."""
    provider = (
        PartnerIdentityProvider.objects.active()
        .select_related("partner")
        .filter(slug=sociallogin.account.provider)
        .first()
    )
    email = asserted_email(sociallogin)
    refusal = _decide(request, sociallogin, provider, email)
    if refusal is not None:
        logger.info(
            "single sign-on refused: provider %s, domain %s, reason %s",
            sociallogin.account.provider,
            email.rpartition("@")[2],
            refusal.reason,
        )
        raise ImmediateHttpResponse(refusal_page(request, refusal))


def _decide(request, sociallogin, provider, email: str) -> Refusal | None:
    if provider is None:
        return Refusal(Reason.UNKNOWN_PROVIDER, email, None)
    if not email:
        return Refusal(Reason.NO_ADDRESS, email, provider)
    if not provider.allows_email(email):
        return Refusal(Reason.DOMAIN, email, provider)
    if sociallogin.is_existing:
        return None
    if sociallogin.state.get("process") == "connect":
        # Linking from the account page: only to the logged-in person's own address
        # (allauth links it to request.user after this check).
        user = request.user
        if user.is_authenticated and _has_verified(user, email):
            return None
        return Refusal(Reason.NOT_YOUR_ADDRESS, email, provider)
    invitation = (
        Invitation.objects.open()
        .for_email(email)
        .filter(partner=provider.partner)
        .order_by("-created_at")
        .first()
    )
    role = provider.role_from_claims(claims_of(sociallogin))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        user = address.user if address else None
    if user is not None:
        if invitation is None and not _has_verified(user, email):
            return Refusal(Reason.UNVERIFIED, email, provider)
        with transaction.atomic():
            if invitation is not None:
                _accept(invitation, user, role)
            sociallogin.connect(request, user)
        return None
    if invitation is None:
        elsewhere = Invitation.objects.open().for_email(email).exists()
        return Refusal(Reason.OTHER_PARTNER if elsewhere else Reason.NOT_INVITED, email, provider)
    with transaction.atomic():
        user = User.objects.create_user(
            invitation.email,
            None,  # no password: this person signs in through their administration
            first_name=(sociallogin.user.first_name or "")[:150],
            last_name=(sociallogin.user.last_name or "")[:150],
        )
        _accept(invitation, user, role)
        sociallogin.connect(request, user)
    return None


def _has_verified(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _accept(invitation: Invitation, user: User, role: str | None) -> None:
    """Accept as on the invitation page; a mapped role replaces the invited one for a new
    membership (never an existing one: roles are kept in the portal)."""
    existed = Membership.objects.filter(user=user, partner=invitation.partner_id).exists()
    membership = services.accept(invitation=invitation, acting_user=user)
    if (
        not existed
        and role is not None
        and role != membership.role
        and role_allowed(invitation.partner, role)
    ):
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])


def refusal_page(request, refusal: Refusal):
    return render(
        request,
        "socialaccount/sso_refused.html",
        {
            "refusal": refusal,
            "reason": refusal.reason,
            "partner": refusal.provider.partner if refusal.provider else None,
            "office_email": settings.PROJECT_OFFICE_EMAIL,
        },
        status=403,
    )
