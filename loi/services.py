"""Writes of the Letter of Intent that take more than one step.

Each function takes the acting user (None for the system, e.g. the daily
command), runs in one transaction, validates before saving, and records the
acting user in the history (django-simple-history's `_history_user`). E-mails go out
only after the transaction has committed.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.mail import MailTemplate
from notifications.models import Category, Frequency
from notifications.services import notify, notify_mailbox, office_users
from partners.models import Membership, Partner

from .models import (
    OFFICE_ONLY_TARGETS,
    REMINDER_THRESHOLDS,
    Accession,
    Agreement,
    Deliberation,
    ReminderLog,
)
from .validators import sha256_of, validate_signed_pdf

logger = logging.getLogger(__name__)
Status = Accession.Status


class TransitionRefused(ValidationError):
    """A state change that the state machine, the role or a precondition does not allow."""


def _save(instance, acting_user) -> None:
    if acting_user is not None:
        instance._history_user = acting_user
    instance.full_clean()
    instance.save()


def _is_office(acting_user) -> bool:
    return acting_user is not None and acting_user.has_perm("loi.confirm_signed")


def refusal_reason(*, acting_user, accession: Accession, target: str, today=None) -> str | None:
    """Why `acting_user` may not move `accession` to `target` now, or None when allowed.

    The reason is a sentence for the user, in the active language.
    """
    current = accession.state
    target = Status(target)
    if not current.can_transition_to(target):
        return _("An accession that is “%(current)s” cannot become “%(target)s”.") % {
            "current": current.label,
            "target": target.label,
        }
    if acting_user is not None:
        if target in OFFICE_ONLY_TARGETS and not _is_office(acting_user):
            return _("Only the project office can set the state “%(target)s”.") % {
                "target": target.label
            }
        if not acting_user.has_perm("loi.edit_record", accession):
            return _("You may not change this accession.")
    if (
        target == Status.RESOLVED
        and not accession.deliberations.filter(outcome=Deliberation.Outcome.ADOPTED).exists()
    ):
        return _("Record the council body that adopted the resolution first.")
    if target == Status.SIGNED:
        missing = [
            label
            for label, value in (
                (_("the signatory's name"), accession.signatory_name),
                (_("the date signed"), accession.signed_on),
                (_("the signed PDF"), accession.signed_pdf),
            )
            if not value
        ]
        if missing:
            return _("Before confirming, record %(missing)s.") % {"missing": ", ".join(missing)}
    if target == Status.EXPIRED and not accession.agreement.has_ended(today):
        return _("The agreement has not ended yet.")
    return None


@transaction.atomic
def transition(
    *,
    acting_user,
    accession: Accession,
    target: str,
    today: datetime.date | None = None,
    reason: str = "",
) -> Accession:
    """Move the accession to `target`, or raise TransitionRefused with the reason.

    `reason` goes into the history row (e.g. the sync names its source there).
    """
    change_reason = reason
    accession = (
        Accession.objects.select_for_update().select_related("agreement").get(pk=accession.pk)
    )
    refused = refusal_reason(
        acting_user=acting_user, accession=accession, target=target, today=today
    )
    if refused:
        raise TransitionRefused(refused, code="refused")
    accession.status = target
    if target == Status.SIGNED:
        accession.confirmed_by = acting_user
        accession.confirmed_at = timezone.now()
    if change_reason:
        accession._change_reason = change_reason[:100]  # type: ignore[attr-defined]
    _save(accession, acting_user)
    return accession


def state_before_final(accession: Accession) -> Status:
    """The open state the accession was in before it was declined or withdrawn."""
    records = Accession.history.filter(id=accession.pk)  # type: ignore[attr-defined]
    for status in records.order_by("-history_date", "-history_id").values_list("status", flat=True):
        if Status(status).is_open:
            return Status(status)
    return Status.PREPARED


@transaction.atomic
def reopen(*, acting_user, accession: Accession, reason: str) -> Accession:
    """Take back a wrong "declined" or "withdrawn" (project office only).

    The accession returns to the open state it was in before; `reason` is
    required and goes into the history row, so the register's change can be
    explained later.
    """
    accession = (
        Accession.objects.select_for_update().select_related("agreement").get(pk=accession.pk)
    )
    if not acting_user.has_perm("loi.reopen_accession", accession):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening."), code="reason")
    accession.status = state_before_final(accession)
    accession._change_reason = reason[:100]  # type: ignore[attr-defined]
    _save(accession, acting_user)
    return accession


@transaction.atomic
def record_signature(
    *,
    acting_user,
    accession: Accession,
    signatory_name: str,
    signatory_function: str,
    signed_on: datetime.date | None,
    signed_pdf: UploadedFile | None = None,
) -> Accession:
    """Record who signed and when; store a new signed PDF under a generated name.

    The PDF is checked by content (validate_signed_pdf) and its SHA-256 kept, so a
    printed copy can be matched. An earlier file stays on disk: the history refers
    to it.
    """
    if not acting_user.has_perm("loi.edit_record", accession):
        raise PermissionDenied
    accession.signatory_name = signatory_name.strip()
    accession.signatory_function = signatory_function.strip()
    accession.signed_on = signed_on
    if signed_pdf is not None:
        validate_signed_pdf(signed_pdf)
        accession.signed_pdf_sha256 = sha256_of(signed_pdf)
        accession.signed_pdf.save("signed.pdf", signed_pdf, save=False)
        accession.signed_pdf_uploaded_at = timezone.now()
    try:
        _save(accession, acting_user)
    except Exception:
        # Nothing of a refused record may stay behind on disk.
        if signed_pdf is not None and accession.signed_pdf.name:
            accession.signed_pdf.storage.delete(accession.signed_pdf.name)
        raise
    return accession


@transaction.atomic
def expire_accessions(*, today: datetime.date | None = None) -> int:
    """Mark open and signed accessions of ended agreements as expired. Returns the count."""
    today = today or timezone.localdate()
    count = 0
    for accession in (
        Accession.objects.expirable()
        .filter(agreement__valid_until__lt=today)
        .select_related("agreement")
    ):
        transition(acting_user=None, accession=accession, target=Status.EXPIRED, today=today)
        count += 1
    return count


@transaction.atomic
def create_follow_up(
    *,
    acting_user,
    predecessor: Agreement,
    title: str,
    body: str,
    valid_from: datetime.date | None,
    valid_until: datetime.date,
    make_current: bool = True,
) -> Agreement:
    """Open a follow-up agreement and carry the partners over as "prepared" accessions.

    Every partner that had an accession to the predecessor (and is still active)
    gets a new, empty accession: resolution, council steps, signatory and PDF
    have to be decided anew, so nothing of them is copied.
    """
    if not acting_user.has_perm("loi.manage_agreements"):
        raise PermissionDenied
    if valid_from and valid_from > valid_until:
        raise ValidationError({"valid_until": _("The end must not lie before the start.")})
    if make_current:
        for old in Agreement.objects.current().select_for_update():
            old.is_current = False
            _save(old, acting_user)
    agreement = Agreement(
        title=title.strip(),
        body=body,
        counterpart=predecessor.counterpart,
        counterpart_role=predecessor.counterpart_role,
        valid_from=valid_from,
        valid_until=valid_until,
        is_current=make_current,
        predecessor=predecessor,
    )
    _save(agreement, acting_user)
    partners = Partner.objects.active().filter(accessions__agreement=predecessor).distinct()
    for partner in partners:
        _save(Accession(agreement=agreement, partner=partner, status=Status.PREPARED), acting_user)
    return agreement


def reminder_recipients(agreement: Agreement) -> list[tuple[str, object]]:
    """(address, user) of whom to remind, sorted by address, each address once.

    The admins of the partners still bound to the agreement and the people of
    the project office (each as their notification setting for accession
    reminders wants), and the office's shared mailbox (user None, always).
    """
    partners = Accession.objects.for_agreement(agreement).expirable().values("partner")
    admins = [
        membership.user
        for membership in Membership.objects.admins()
        .filter(partner__in=partners, user__is_active=True)
        .select_related("user")
    ]
    recipients: dict[str, object] = {}
    for user in [*admins, *office_users()]:
        if user.email:
            recipients.setdefault(user.email.lower(), user)
    office = settings.PROJECT_OFFICE_EMAIL.lower()
    if office:
        recipients.setdefault(office, None)
    return sorted(recipients.items(), key=lambda item: item[0])


def due_threshold(agreement: Agreement, today: datetime.date) -> int | None:
    """The smallest reminder threshold the agreement is within (None outside the window)."""
    days_left = agreement.days_left(today)
    if days_left < 0:
        return None
    due = [threshold for threshold in REMINDER_THRESHOLDS if days_left <= threshold]
    return min(due) if due else None


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each recipient once per agreement and threshold. Returns the notifications.

    Each reminder is logged in its own transaction together with its queued
    mail (notifications' OutgoingMail, delivered by the task worker, which retries
    while the mail server is down) or its digest item; a recipient whose
    setting is "off" is logged but not counted.
    """
    today = today or timezone.localdate()
    sent = 0
    for agreement in Agreement.objects.ending_within(max(REMINDER_THRESHOLDS), today=today):
        threshold = due_threshold(agreement, today)
        if threshold is None:
            continue
        for recipient, user in reminder_recipients(agreement):
            try:
                with transaction.atomic():
                    _log, created = ReminderLog.objects.get_or_create(
                        agreement=agreement, threshold_days=threshold, recipient=recipient
                    )
                    if created:
                        sent += _send_reminder(agreement, recipient, user, today, threshold)
            except IntegrityError:  # a parallel run logged it first
                continue
    return sent


def _send_reminder(
    agreement: Agreement, recipient: str, user, today: datetime.date, threshold: int
) -> int:
    reminder = MailTemplate(
        "loi/email/reminder",
        {
            "agreement": agreement,
            "days_left": agreement.days_left(today),
            "site_url": settings.SITE_URL,
        },
    )
    key = f"loi-reminder:{agreement.pk}:{threshold}:{recipient}"
    if user is None:  # the office's shared mailbox: no settings, always at once
        notify_mailbox(
            to=recipient,
            category=Category.ACCESSION_REMINDERS,
            key=key,
            mail=reminder,
        )
        return 1
    frequency = notify(
        user=user,
        category=Category.ACCESSION_REMINDERS,
        key=key,
        mail=reminder,
        url="/intern/absichtserklaerung/",
        append_url=False,
    )
    return int(frequency != Frequency.OFF)
