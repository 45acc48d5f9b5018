"""Writes with more than one step: invitations, colleagues, own account.

Every function takes the acting user, runs in a transaction and checks the
domain rules (never the last admin, one open invitation per address). Who may
call them is decided by the rules in partners/rules.py, asked by the views.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from notifications import mail
from notifications.models import OutgoingMail

from .models import (
    INVITATION_VALIDITY,
    Invitation,
    Membership,
    Partner,
    User,
    hash_token,
    role_allowed,
    role_error,
)

logger = logging.getLogger(__name__)


class InvitationUnusable(Exception):
    """The link is expired, used, revoked or unknown; `state` says which."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # only known right after issuing; the database keeps the hash

    @property
    def path(self) -> str:
        return reverse("partners_intern:accept_invitation", kwargs={"token": self.token})


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# --- Invitations ----------------------------------------------------------


@transaction.atomic
def invite(*, partner: Partner, email: str, role: str, acting_user: User) -> IssuedInvitation:
    """Invite `email` into `partner` with `role`; the link goes out by e-mail.

    The mail is queued in the same transaction (notifications' outbox) and
    delivered by the task worker, which retries while the mail server is down;
    the colleagues page shows whether it has been sent.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(partner=partner, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person already belongs to %(partner)s.") % {"partner": partner}}
        )
    if Invitation.objects.open().for_partner(partner).for_email(email).exists():
        raise ValidationError(
            {
                "email": _(
                    "An open invitation for this address exists already; send it again instead."
                )
            }
        )
    token, token_hash = _new_token()
    invitation = Invitation(
        partner=partner,
        email=email,
        role=role,
        invited_by=acting_user,
        token_hash=token_hash,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    issued = IssuedInvitation(invitation, token)
    _queue_invitation_mail(issued)
    return issued


@transaction.atomic
def resend(*, invitation: Invitation, acting_user: User) -> IssuedInvitation:
    """Send a fresh link (the old one stops working) valid for another 14 days.

    A mail with the old link that has not left yet is cancelled.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("Only open or expired invitations can be sent again."))
    token, invitation.token_hash = _new_token()
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    invitation.save(update_fields=["token_hash", "expires_at"])
    issued = IssuedInvitation(invitation, token)
    _queue_invitation_mail(issued)
    logger.info("invitation %s re-sent by user %s", invitation.pk, acting_user.pk)
    return issued


@transaction.atomic
def revoke(*, invitation: Invitation, acting_user: User) -> Invitation:
    """The link stops working; a mail with it that has not left yet is cancelled."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has been accepted already."))
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        mail.cancel(_invitation_mails(invitation))
        logger.info("invitation %s revoked by user %s", invitation.pk, acting_user.pk)
    return invitation


def _invitation_mails(invitation: Invitation):
    return OutgoingMail.objects.with_key_prefix(f"invitation:{invitation.pk}:")


def _queue_invitation_mail(issued: IssuedInvitation) -> None:
    """Queue the mail with the link (in the caller's transaction, the invitation locked).

    The key counts the sendings of the invitation ("invitation:<id>:<n>"); mails
    with an earlier link that are still waiting are cancelled. The text is
    written in the invitee's language: the one of their account if the address
    has one, else the hub's working language (German); the inviter's language
    says nothing about the invitee's. Accepting stores the invitee's browser
    language on the new account.
    """
    invitation = issued.invitation
    earlier = _invitation_mails(invitation)
    mail.cancel(earlier)
    context = {
        "invitation": invitation,
        "partner": invitation.partner,
        "inviter": invitation.invited_by,
        "accept_url": f"{settings.SITE_URL}{issued.path}",
        "expires_at": invitation.expires_at,
        "site_url": settings.SITE_URL,
    }
    rendered = mail.render_mail(
        "partners/email/invitation",
        context,
        language=mail.language_for_address(invitation.email),
        html=True,
    )
    invitation.mail = mail.queue_rendered(
        rendered,
        key=f"invitation:{invitation.pk}:{earlier.count() + 1}",
        to=invitation.email,
        confidential=True,
    )
    invitation.save(update_fields=["mail"])


def find_invitation(token: str) -> Invitation:
    """The open invitation behind a link, or InvitationUnusable with the reason."""
    invitation = Invitation.objects.with_token(token).select_related("partner").first()
    if invitation is None:
        raise InvitationUnusable("unknown")
    if not invitation.is_open:
        raise InvitationUnusable(invitation.state)
    return invitation


def invitation_matches(invitation: Invitation, user: User) -> bool:
    """The invitation is addressed to one of the user's verified addresses (or the login)."""
    if user.email.lower() == invitation.email:
        return True
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def accept(*, invitation: Invitation, acting_user: User) -> Membership:
    """Join the partner with the invited role; the link is used up.

    The address the invitation went to is verified by the click on the link.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationUnusable(invitation.state)
    membership, _created = Membership.objects.get_or_create(
        user=acting_user, partner=invitation.partner, defaults={"role": invitation.role}
    )
    address, _created = EmailAddress.objects.get_or_create(
        user=acting_user,
        email=invitation.email,
        defaults={"primary": acting_user.email == invitation.email},
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def accept_as_new_user(
    *,
    invitation: Invitation,
    first_name: str,
    last_name: str,
    password: str,
    language: str = settings.LANGUAGE_CODE,
) -> User:
    """Create the account for the invited address and accept the invitation with it.

    `language` (the browser's, as the page was shown in) is the language of the
    person's e-mails from now on; they can change it on their profile.
    """
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this address exists already; log in first."))
    user = User.objects.create_user(
        invitation.email,
        password,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    accept(invitation=invitation, acting_user=user)
    return user


# --- When a role ends -----------------------------------------------------
# A staff role grants more than partners knows of: apps above it (community) keep
# working-group memberships and private calendar feeds that only a staff role
# allows. They register a step in their module `role_end.py`, which
# PartnersConfig.ready imports at start-up (as core does with its slots):
#
#     @when_staff_role_ends
#     def end_group_memberships(*, user: User, partner: Partner, acting_user: User) -> None:
#
# The steps run inside the transaction that removes the membership or makes it
# a network member, so the access ends with the role or neither changes.

RoleEndStep = Callable[..., None]
_role_end_steps: list[RoleEndStep] = []


def when_staff_role_ends(step: RoleEndStep) -> RoleEndStep:
    """Register `step(user=, partner=, acting_user=)`, run when a person stops being staff
    of a partner (removed, or changed to network member)."""
    if step not in _role_end_steps:
        _role_end_steps.append(step)
    return step


def still_staff(user: User) -> bool:
    """The person is staff of some partner (after a change in this transaction)."""
    return Membership.objects.filter(user=user, role__in=Membership.Role.staff_roles()).exists()


@transaction.atomic
def end_role(
    *, user: User, partner: Partner, old_role: str, new_role: str | None, acting_user: User
) -> None:
    """End what the old role granted, now that it is `new_role` (None: removed).

    Called by change_role and remove_member (and by the admin, which changes
    memberships through its own forms), in their transaction, after the change.

    - An administrator who is one no longer: the open invitations they sent into
      the partner are revoked (they were sent with the administrator's right).
    - A staff role that ends (removed, or now network member): every registered
      step runs (working groups, calendar feeds; community/role_end.py).

    The membership's own history row (simple-history) records the change; each
    step leaves its own record.
    """
    staff = Membership.Role.staff_roles()
    if old_role == Membership.Role.ADMIN and new_role != Membership.Role.ADMIN:
        sent = Invitation.objects.open().for_partner(partner).filter(invited_by=user)
        for invitation in sent:
            revoke(invitation=invitation, acting_user=acting_user)
    if old_role in staff and new_role not in staff:
        for step in _role_end_steps:
            step(user=user, partner=partner, acting_user=acting_user)
    logger.info(
        "user %s: role %s at partner %s ended (now %s) by user %s",
        user.pk,
        old_role,
        partner.pk,
        new_role or "none",
        acting_user.pk,
    )


# --- Colleagues -----------------------------------------------------------


def _is_last_admin(membership: Membership) -> bool:
    return (
        membership.role == Membership.Role.ADMIN
        and not Membership.objects.admins()
        .for_partner(membership.partner_id)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, acting_user: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose one of the roles."))
    if not role_allowed(membership.partner, role):
        raise role_error()
    # Lock the partner's admins so two admins cannot demote each other at once.
    list(Membership.objects.admins().for_partner(membership.partner_id).select_for_update())
    if role != Membership.Role.ADMIN and _is_last_admin(membership):
        raise ValidationError(
            _("A partner needs at least one administrator: make someone else administrator first.")
        )
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    logger.info("membership %s: role %s set by user %s", membership.pk, role, acting_user.pk)
    end_role(
        user=membership.user,
        partner=membership.partner,
        old_role=old_role,
        new_role=role,
        acting_user=acting_user,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, acting_user: User) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    list(Membership.objects.admins().for_partner(membership.partner_id).select_for_update())
    if _is_last_admin(membership):
        raise ValidationError(
            _(
                "The last administrator of a partner cannot be removed: "
                "make someone else administrator first."
            )
        )
    membership.delete()
    logger.info("membership %s removed by user %s", membership.pk, acting_user.pk)
    end_role(
        user=membership.user,
        partner=membership.partner,
        old_role=membership.role,
        new_role=None,
        acting_user=acting_user,
    )


# --- Own data -------------------------------------------------------------


def partners_blocking_deletion(user: User) -> list[Partner]:
    """Partners of which the user is the only administrator."""
    blocking = []
    for membership in Membership.objects.admins().filter(user=user).select_related("partner"):
        if _is_last_admin(membership):
            blocking.append(membership.partner)
    return blocking


@transaction.atomic
def delete_account(*, acting_user: User) -> None:
    """Delete the person and everything that names them.

    The audit history keeps its rows: simple-history's history_user is
    SET_NULL, so changes stay recorded without naming the deleted person.
    """
    blocking = partners_blocking_deletion(acting_user)
    if blocking:
        raise ValidationError(
            _(
                "You are the only administrator of %(partners)s. Make someone else "
                "administrator first, then you can delete your account."
            )
            % {"partners": ", ".join(partner.name for partner in blocking)}
        )
    # Rows deleted along with the person (memberships and whatever else cascades)
    # get history rows too; they must not point at the person being deleted, or
    # the foreign key fails at commit. Detach the request from simple-history's
    # context for the deletion so those rows name nobody.
    context = HistoricalRecords.context
    request = getattr(context, "request", None)
    if request is not None:
        del context.request
    try:
        acting_user.delete()
    finally:
        if request is not None:
            context.request = request


def personal_data(user: User) -> dict:
    """Everything the portal stores about the person, for the JSON download."""
    with translation.override("en"):
        return {
            "account": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "function": user.function,
                "phone": user.phone,
                "language": user.language,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
            },
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "memberships": [
                {
                    "partner": membership.partner.name,
                    "role": membership.role,
                    "since": membership.created_at.isoformat(),
                }
                for membership in user.memberships.select_related("partner")
            ],
            "two_factor_authentication": sorted(
                user.authenticator_set.values_list("type", flat=True)
            ),
            "sessions": [
                {
                    "ip": session.ip,
                    "user_agent": session.user_agent,
                    "created_at": session.created_at.isoformat(),
                    "last_seen_at": session.last_seen_at.isoformat(),
                }
                for session in user.usersession_set.all()
            ],
            "invitations_sent": [
                {
                    "email": invitation.email,
                    "partner": invitation.partner.name,
                    "created_at": invitation.created_at.isoformat(),
                }
                for invitation in Invitation.objects.filter(invited_by=user).select_related(
                    "partner"
                )
            ],
        }
