"""Every multi-step write on needs: one function each, taking the acting user.

Each runs in a transaction on the locked need, checks the step against the
need's current state (`NeedState.can_transition_to`), and records it in the
need's history (django-simple-history: who, when, which step). Mails are
queued in the same transaction and delivered by the task worker after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import german_slugify, render_markdown
from notifications.mail import render_mail
from notifications.models import Category
from notifications.services import notify_users
from partners.models import Membership, Partner, User
from projects.models import FieldOfAction, Project

from .models import CO_SIGNED_BY, Need, NeedState, NeedSupport, editing_partner_ids


def _record(need: Need, *, acting_user, reason: str) -> None:
    """Save the need with its history row naming who did what."""
    need._history_user = acting_user
    need._change_reason = reason[:100]  # the history's column is 100 characters long
    need.full_clean()
    need.save()


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = german_slugify(title)[:200] or "bedarf"
    slug, number = base, 2
    others = Need.objects.exclude(pk=exclude_pk) if exclude_pk else Need.objects.all()
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# What the editing form changes; the state and its dates move only by the steps below.
EDITABLE_FIELDS = (
    "title",
    "description",
    "desired_start",
    "visibility",
    "contact_name",
    "contact_email",
    "contact_is_public",
)


@transaction.atomic
def save_need(*, need: Need, acting_user: User, fields_of_action: Iterable[FieldOfAction]) -> Need:
    """Create a draft or save the edited need (the description rendered once, here).

    An edit is applied to the locked row, so a step taken meanwhile (closed by
    a colleague) is not undone by a form loaded before it.
    """
    if need.pk is None:
        need.created_by = acting_user
        need.state = NeedState.DRAFT
        need.slug = _unique_slug(need.title)
        saved, reason = need, "created"
    else:
        saved, reason = Need.objects.select_for_update().get(pk=need.pk), "edited"
        if not saved.current_state.is_editable_by_partner and not _is_office(acting_user):
            raise ValidationError(_("A solved or closed need can no longer be changed."))
        for name in EDITABLE_FIELDS:
            setattr(saved, name, getattr(need, name))
    saved.description_html = render_markdown(saved.description)
    _record(saved, acting_user=acting_user, reason=reason)
    saved.fields_of_action.set(list(fields_of_action))
    return saved


def _is_office(user) -> bool:
    return user.has_perm("core.access_admin")


def _move(need: Need, target: str, *, acting_user: User, reason: str, **changes) -> Need:
    """Lock the need, check the step, apply `changes` and record it."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    current = NeedState(locked.state)
    if not current.can_transition_to(target):
        raise ValidationError(
            _("This step is not possible: the need is “%(state)s”.") % {"state": current.label}
        )
    locked.state = target
    for name, value in changes.items():
        setattr(locked, name, value)
    _record(locked, acting_user=acting_user, reason=reason)
    need.refresh_from_db()
    return locked


@transaction.atomic
def open_need(*, need: Need, acting_user: User) -> Need:
    """Draft → open: the need is shown to the network (and publicly, if public)."""
    return _move(
        need, NeedState.OPEN, acting_user=acting_user, reason="opened", opened_at=timezone.now()
    )


@transaction.atomic
def start_exchange(*, need: Need, acting_user: User, reason: str = "in exchange") -> Need:
    """Open → in exchange: the partner is talking to someone who may solve it."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    matched_at = locked.matched_at or timezone.now()
    return _move(
        need, NeedState.IN_EXCHANGE, acting_user=acting_user, reason=reason, matched_at=matched_at
    )


@transaction.atomic
def answer_by_joint_draft(*, need: Need, acting_user: User) -> Need:
    """An open need from which a joint draft started is in exchange (partners work on it)."""
    if need.state != NeedState.OPEN:
        return need
    return start_exchange(need=need, acting_user=acting_user, reason="joint draft started")


@transaction.atomic
def solve_need(*, need: Need, acting_user: User, project: Project) -> Need:
    """Open / in exchange → solved, by a project (the partner's own or an adopted one)."""
    if project is None:
        raise ValidationError(_("Choose the project that solved the need."))
    return _move(
        need, NeedState.SOLVED, acting_user=acting_user, reason="solved",
        solved_by=project, solved_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def close_need(*, need: Need, acting_user: User, reason: str) -> Need:
    """Close a need that is not solved (no longer needed, solved elsewhere), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the need is closed."))
    return _move(
        need, NeedState.CLOSED, acting_user=acting_user, reason="closed",
        closed_reason=reason, closed_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def cosign_need(*, need: Need, partner: Partner, acting_user: User) -> NeedSupport:
    """Another partner says "Wir haben diesen Bedarf auch".

    The need is locked first, so a need closed at the same moment is either
    co-signed before it closed or refused afterwards, never half.
    """
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if partner.pk not in editing_partner_ids(acting_user):
        raise ValidationError(
            _("You can co-sign only for a partner where you are an editor or admin.")
        )
    if partner.pk == locked.partner_id:
        raise ValidationError(_("This is your own partner's need; co-sign needs of others."))
    if locked.state not in NeedState.active():
        raise ValidationError(
            _("This need is no longer open (“%(state)s”), so it cannot be co-signed.")
            % {"state": NeedState(locked.state).label}
        )
    if NeedSupport.objects.filter(need=locked, partner=partner).exists():
        raise ValidationError(
            _("%(partner)s has already co-signed this need.") % {"partner": partner.name}
        )
    try:
        with transaction.atomic():
            support = NeedSupport.objects.create(need=locked, partner=partner, user=acting_user)
    except IntegrityError:  # a second click that passed the check at the same time
        raise ValidationError(
            _("%(partner)s has already co-signed this need.") % {"partner": partner.name}
        ) from None
    if locked.matched_at is None:
        locked.matched_at = support.created_at
    _record(locked, acting_user=acting_user, reason=f"{CO_SIGNED_BY}{partner.name}")
    _notify_cosigned(locked, support, acting_user=acting_user)
    return support


def _notify_cosigned(need: Need, support: NeedSupport, *, acting_user: User) -> None:
    editors = User.objects.filter(
        is_active=True,
        memberships__partner_id=need.partner_id,
        memberships__role__in=Membership.Role.editing_roles(),
    ).distinct()
    rendered = render_mail(
        "exchange/email/cosigned",
        {
            "need": need,
            "support": support,
            "internal_url": f"{settings.SITE_URL}{need.get_internal_url()}",
        },
    )
    notify_users(
        users=editors,
        category=Category.TRANSFER_INTEREST,
        key=f"need-cosigned:{support.pk}",
        subject=rendered.subject,
        body=rendered.body,
        url=need.get_internal_url(),
        append_url=False,
        exclude=acting_user,
    )
