"""The one way the portal sends e-mail: a queue that survives a mail server being down.

Every mail is first an `OutgoingMail` row (written in the caller's
transaction), then delivered by the task worker. A failure keeps the row
queued with the error and schedules another attempt with a growing delay;
after OutgoingMail.MAX_ATTEMPTS it is marked failed, which the office sees in
the cockpit and the admin and can retry from there. A mail that cannot be
built at all (a header with a line break, an address that cannot be encoded)
would fail the same way every time: it is marked failed at once.

Subjects and texts come from templates (`render_mail()`), never from Python
strings, and are written in the recipient's language (`language_of()`): the
apps hand over a `MailTemplate` (template and context), and this layer renders
it under the recipient's language when it builds the mail, not in the language
of whoever caused it. No other module builds an EmailMessage or calls send_mail
(tests/notifications/test_one_mail_path.py checks the source tree).
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import OutgoingMail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str
    html_body: str = ""


def render_mail(
    template: str, context: dict, *, language: str | None = None, html: bool = False
) -> RenderedMail:
    """Subject and text of a mail from `<template>_subject.txt` and `<template>.txt`.

    With `html`, `<template>.html` is the HTML alternative. The mail is written
    in `language`, by default the hub's working language (settings.LANGUAGE_CODE).
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        html_body = render_to_string(f"{template}.html", context) if html else ""
    # A subject is one line, however the template breaks it; a text ends with one newline.
    return RenderedMail(
        subject=" ".join(subject.split()), body=body.rstrip() + "\n", html_body=html_body
    )


@dataclass(frozen=True)
class MailTemplate:
    """A mail not yet written: its templates and context, rendered per recipient language."""

    template: str
    context: dict = field(default_factory=dict)
    html: bool = False

    def render(self, language: str | None = None) -> RenderedMail:
        return render_mail(self.template, self.context, language=language, html=self.html)


class Renderings:
    """A `MailTemplate` rendered once per language, for mails to many recipients."""

    def __init__(self, mail: "MailTemplate"):
        self.mail = mail
        self._by_language: dict[str, RenderedMail] = {}

    def __call__(self, language: str) -> RenderedMail:
        if language not in self._by_language:
            self._by_language[language] = self.mail.render(language)
        return self._by_language[language]


def language_of(user) -> str:
    """The language of mails to `user`: their preference, else the hub's working language."""
    language = getattr(user, "language", "") if user is not None else ""
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def language_for_address(email: str) -> str:
    """The language of mails to an address: its account's preference, else the hub's."""
    user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    return language_of(user)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def queue_mail(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    html_body: str = "",
    reply_to: str = "",
    user=None,
    category: str = "",
    confidential: bool = False,
) -> OutgoingMail | None:
    """Queue one e-mail unless one with this key exists. Returns the new row or None.

    The row is part of the caller's transaction; the worker is asked to deliver
    it once that transaction has committed.
    """
    mail, created = OutgoingMail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            # One line, whatever the caller built it from (a title with a line
            # break would make the header invalid).
            "subject": " ".join(subject.split()),
            "body": body,
            "html_body": html_body,
            "reply_to": reply_to,
            "user": user,
            "category": category,
            "confidential": confidential,
        },
    )
    if not created:
        return None
    transaction.on_commit(lambda: enqueue_delivery(mail.pk))
    return mail


def queue_rendered(
    rendered: RenderedMail,
    *,
    key: str,
    to: str,
    reply_to: str = "",
    user=None,
    category: str = "",
    confidential: bool = False,
) -> OutgoingMail | None:
    """`queue_mail()` for a mail from `render_mail()`."""
    return queue_mail(
        key=key,
        to=to,
        subject=rendered.subject,
        body=rendered.body,
        html_body=rendered.html_body,
        reply_to=reply_to,
        user=user,
        category=category,
        confidential=confidential,
    )


def enqueue_delivery(mail_id: int, run_after=None) -> None:
    delivery = deliver_mail.using(run_after=run_after) if run_after else deliver_mail
    delivery.enqueue(mail_id)


@task()
def deliver_mail(mail_id: int) -> None:
    """The task worker's entry point: one attempt to deliver one queued mail."""
    deliver(mail_id)


def message_id(mail: OutgoingMail) -> str:
    """The mail's Message-ID, the same on every attempt: made from its key, which names
    the cause and the recipient, so a mail sent twice is recognisably one mail."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{hashlib.sha256(mail.key.encode()).hexdigest()[:40]}@{domain or 'regiohub'}>"


def _message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={"Message-ID": message_id(mail)},
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    return message


def deliver(mail_id: int) -> str | None:
    """Try to send one queued mail; returns its status afterwards (None if not queued).

    The row lock is the claim: it is held while the mail server talks, so no
    second worker sends the mail meanwhile (it skips the locked row instead of
    waiting for it), and it ends with the worker's database connection, so a
    worker killed mid-delivery leaves the mail queued for the next attempt
    (`requeue_mail()`) rather than claimed by nobody. A worker that dies after
    the mail server took the mail but before the commit leaves it queued too:
    it is sent again, with the same Message-ID.
    """
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=OutgoingMail.Status.QUEUED)
            .first()
        )
        if mail is None:
            return None
        fields = ["attempts", "last_error", "status", "next_attempt_at", "sent_at"]
        try:
            message = _message(mail)
            message.message()  # builds the headers: raises for one that cannot be sent
        except (BadHeaderError, ValueError, TypeError, LookupError) as exc:
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            mail.status = OutgoingMail.Status.FAILED
            logger.error("Mail %s to %s cannot be built: %s", mail.pk, mail.to, mail.last_error)
            mail.save(update_fields=fields)
            return mail.status
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
            if mail.confidential:  # the link has reached its recipient; keep no copy
                mail.body = mail.html_body = ""
                fields += ["body", "html_body"]
        mail.save(update_fields=fields)
        return mail.status


def cancel(mails) -> int:
    """Cancel the mails of `mails` that have not left yet (their link was replaced).

    A confidential mail's text is erased with it. Returns how many were cancelled.
    """
    waiting = mails.exclude(status=OutgoingMail.Status.SENT).exclude(
        status=OutgoingMail.Status.CANCELLED
    )
    waiting.filter(confidential=True).update(body="", html_body="")
    return waiting.update(status=OutgoingMail.Status.CANCELLED, last_error="")


def retry(mails) -> int:
    """Queue failed or waiting mails again right now (the office's admin action).

    Sent and cancelled mails stay as they are, and so do mails without text
    (invitations mailed before the outbox existed: their link was never kept).
    """
    ids = list(
        mails.filter(status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED])
        .exclude(body="")
        .values_list("pk", flat=True)
    )
    # Only rows still waiting: one sent meanwhile is not queued again.
    OutgoingMail.objects.filter(
        pk__in=ids, status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED]
    ).update(status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
    for mail_id in ids:
        transaction.on_commit(partial(enqueue_delivery, mail_id))
    return len(ids)


def requeue_mail(now=None) -> int:
    """Ask the worker again to deliver every queued mail that is due. Returns how many.

    A delivery task whose worker was killed stays "running" in the task queue
    for good and is never run again; its mail stays queued (the delivery's
    transaction ended with the worker). Run after a worker (re)starts and from
    cron (`manage.py requeue_mail`). A mail whose task is still waiting or
    running gets a second task, which finds it sent or locked and does nothing.
    """
    ids = list(OutgoingMail.objects.due(now).values_list("pk", flat=True))
    for mail_id in ids:
        enqueue_delivery(mail_id)
    return len(ids)
