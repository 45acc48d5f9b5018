"""E-mail that survives a mail server being down.

Every mail is first an `OutgoingMail` row (written in the caller's
transaction), then delivered by the task worker. A failure keeps the row
queued with the error and schedules another attempt with a growing delay;
after OutgoingMail.MAX_ATTEMPTS it is marked failed, which the office sees in
the admin and can retry from there.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingMail

logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def queue_mail(*, key: str, to: str, subject: str, body: str, user=None, category: str = ""):
    """Queue one e-mail unless one with this key exists. Returns the new row or None."""
    mail, created = OutgoingMail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject,
            "body": body,
            "user": user,
            "category": category,
        },
    )
    if not created:
        return None
    transaction.on_commit(lambda: enqueue_delivery(mail.pk))
    return mail


def enqueue_delivery(mail_id: int, run_after=None) -> None:
    delivery = deliver_mail.using(run_after=run_after) if run_after else deliver_mail
    delivery.enqueue(mail_id)


@task()
def deliver_mail(mail_id: int) -> None:
    """The task worker's entry point: one attempt to deliver one queued mail."""
    deliver(mail_id)


def deliver(mail_id: int) -> str | None:
    """Try to send one queued mail; returns its status afterwards (None if not queued).

    The row stays locked while the mail server talks, so two workers never
    send the same mail twice.
    """
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=mail_id, status=OutgoingMail.Status.QUEUED)
            .first()
        )
        if mail is None:
            return None
        message = EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
        )
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # any backend error: SMTP, socket, TLS, timeout
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= OutgoingMail.MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
                logger.error("Giving up on mail %s to %s: %s", mail.pk, mail.to, mail.last_error)
            else:
                mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
                run_after = mail.next_attempt_at
                transaction.on_commit(lambda: enqueue_delivery(mail.pk, run_after))
                logger.warning("Mail %s to %s delayed: %s", mail.pk, mail.to, mail.last_error)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
        mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
        return mail.status


def retry(mails) -> int:
    """Queue failed or waiting mails again right now (the office's admin action)."""
    ids = list(mails.exclude(status=OutgoingMail.Status.SENT).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(
        status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for mail_id in ids:
        transaction.on_commit(partial(enqueue_delivery, mail_id))
    return len(ids)
