"""Notifications: tell people about something the way each of them wants it.

The apps call `notify()` (one person), `notify_users()` (several) or
`notify_office()` (the project office and its mailbox) with a `MailTemplate`,
which is written in each recipient's language (notifications.mail). Per person and
`Category` the setting says immediately (an e-mail, queued in the caller's
transaction through notifications.mail), weekly (a digest item for
`send_digests()`), or off.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.permissions import PROJECT_OFFICE_GROUP

from .mail import (
    MailTemplate,
    Renderings,
    language_of,
    queue_mail,
    queue_rendered,
    render_mail,
)
from .models import DigestItem, Frequency, NotificationSetting, OutgoingMail

User = get_user_model()

# The tag before every notification's subject in a mail; the name of the hub,
# the same in every language.
SUBJECT_TAG = "[Regio.hub]"


def frequency_for(user, category: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, category=category).first()
    return setting.frequency if setting else NotificationSetting.DEFAULT


def _mail_subject(subject: str) -> str:
    """A notification's subject as a mail's: with the hub's tag (a digest lists it without)."""
    return f"{SUBJECT_TAG} {subject}"


def _with_link(body: str, url: str, append_url: bool) -> str:
    """The mail body with the absolute link to `url` (a path) appended, if wanted."""
    if not (url and append_url):
        return body
    return f"{body.rstrip()}\n\n{settings.SITE_URL}{url}\n"


def _text(
    mail: MailTemplate | Renderings | None, subject: str, body: str, language: str
) -> tuple[str, str]:
    """Subject and body in `language`: rendered from `mail`, or the caller's own text.

    A caller's own `subject` and `body` go out as they are (text that needs no
    translation); everything else comes as a `MailTemplate`, so each recipient
    reads it in their language.
    """
    if mail is None:
        return subject, body
    rendered = mail(language) if isinstance(mail, Renderings) else mail.render(language)
    return rendered.subject, rendered.body


def notify(
    *,
    user,
    category: str,
    key: str,
    mail: MailTemplate | Renderings | None = None,
    subject: str = "",
    body: str = "",
    url: str = "",
    append_url: bool = True,
    frequency: str | None = None,
    digest_group: str = "",
    digest_subject: str = "",
    digest_text: str = "",
) -> str:
    """Tell one user about something, as their setting for the category wants.

    Other apps call this (project reviews, transfer interest, accession
    reminders). `key` makes it idempotent per cause. Returns the frequency used.
    The mail is an OutgoingMail row written in the caller's transaction and
    delivered by the task worker after the commit; `mail` is rendered in the
    user's language (the digest item's subject too). `url` (a path) is the
    digest's link; it is appended to the mail's body unless `append_url` is
    False (for bodies that carry their links already). `frequency`, when the
    caller has read it already, saves the lookup of the user's setting (or is
    the caller's own choice, e.g. a saved search's). In the weekly digest the
    item is listed under `digest_group` (a heading; empty: the general list),
    as `digest_subject` (default: the subject) with `digest_text`, the content
    in short.
    """
    if frequency is None:
        frequency = frequency_for(user, category)
    if frequency == Frequency.OFF:
        return frequency
    subject, body = _text(mail, subject, body, language_of(user))
    if frequency == Frequency.IMMEDIATELY:
        queue_mail(
            key=key,
            to=user.email,
            subject=_mail_subject(subject),
            body=_with_link(body, url, append_url),
            user=user,
            category=category,
        )
    elif frequency == Frequency.WEEKLY:
        DigestItem.objects.create(
            user=user,
            category=category,
            subject=digest_subject or subject,
            url=url,
            group=digest_group,
            text=digest_text,
        )
    return frequency


def notify_users(
    *,
    users,
    category: str,
    key: str,
    mail: MailTemplate | None = None,
    subject: str = "",
    body: str = "",
    url: str = "",
    append_url: bool = True,
    exclude=None,
) -> int:
    """`notify()` each active user once (`key` + the user's id); returns how many were told.

    `exclude` (a user, e.g. the one who acted) is left out. `mail` is rendered
    once per language of the recipients.
    """
    recipients: dict = {}  # user id -> user
    for user in users:
        if user.is_active and (exclude is None or user.pk != exclude.pk):
            recipients.setdefault(user.pk, user)
    # Everyone's setting for the category in one query, not one per recipient.
    frequencies = NotificationSetting.objects.frequencies_for(list(recipients), category)
    renderings = Renderings(mail) if mail is not None else None
    told = 0
    for user in recipients.values():
        frequency = notify(
            user=user,
            category=category,
            key=f"{key}:user:{user.pk}",
            mail=renderings,
            subject=subject,
            body=body,
            url=url,
            append_url=append_url,
            frequency=frequencies.get(user.pk, NotificationSetting.DEFAULT),
        )
        told += frequency != Frequency.OFF
    return told


def notify_mailbox(
    *,
    to: str,
    category: str,
    key: str,
    mail: MailTemplate | Renderings | None = None,
    subject: str = "",
    body: str = "",
    url: str = "",
    append_url: bool = True,
) -> None:
    """Tell a shared mailbox (a team inbox without settings): always a mail, at once.

    A team inbox reads the hub's working language (settings.LANGUAGE_CODE).
    """
    subject, body = _text(mail, subject, body, settings.LANGUAGE_CODE)
    queue_mail(
        key=key,
        to=to,
        subject=_mail_subject(subject),
        body=_with_link(body, url, append_url),
        category=category,
    )


def office_users():
    """The people of the project office (group "Projektbüro"), active accounts only."""
    return User.objects.filter(groups__name=PROJECT_OFFICE_GROUP, is_active=True).distinct()


def notify_office(
    *,
    category: str,
    key: str,
    mail: MailTemplate | None = None,
    subject: str = "",
    body: str = "",
    url: str = "",
    append_url: bool = True,
    exclude=None,
) -> int:
    """Tell the project office: its shared mailbox and each office member.

    The mailbox (PROJECT_OFFICE_EMAIL) is a team inbox without settings and
    always gets the mail at once; each person of the office group gets it as
    their own setting for the category wants (one mail per address: a person
    whose address is the mailbox's is not mailed twice).
    """
    mailbox = settings.PROJECT_OFFICE_EMAIL
    told = 0
    if mailbox:
        notify_mailbox(
            to=mailbox,
            category=category,
            key=f"{key}:office",
            mail=mail,
            subject=subject,
            body=body,
            url=url,
            append_url=append_url,
        )
        told += 1
    people = office_users().exclude(email__iexact=mailbox) if mailbox else office_users()
    return told + notify_users(
        users=people,
        category=category,
        key=key,
        mail=mail,
        subject=subject,
        body=body,
        url=url,
        append_url=append_url,
        exclude=exclude,
    )


def save_notification_settings(*, acting_user, frequencies: dict[str, str]) -> None:
    for category, frequency in frequencies.items():
        NotificationSetting.objects.update_or_create(
            user=acting_user, category=category, defaults={"frequency": frequency}
        )


def iso_week(moment: datetime | None = None) -> str:
    local = timezone.localtime(moment or timezone.now())
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def send_digests(*, now: datetime | None = None) -> int:
    """One digest mail per user with pending items, at most one per ISO week.

    Running it again in the same week sends nothing new; items that arrive
    after this week's digest wait for next week's.
    """
    week = iso_week(now)
    sent = 0
    user_ids = (
        DigestItem.objects.filter(digest_week="").values_list("user_id", flat=True).distinct()
    )
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True):
        key = f"digest:{week}:user:{user.pk}"
        with transaction.atomic():
            if OutgoingMail.objects.filter(key=key).exists():
                continue
            items = list(DigestItem.objects.select_for_update().filter(user=user, digest_week=""))
            if not items:
                continue
            # The general list first, then each heading's items together (stable: by time).
            items.sort(key=lambda item: (item.group != "", item.group))
            rendered = render_mail(
                "notifications/email/digest",
                {
                    "user": user,
                    "items": items,
                    "has_headings": any(item.group for item in items),
                    "site_url": settings.SITE_URL,
                    "week": week,
                },
                language=language_of(user),
            )
            queue_rendered(rendered, key=key, to=user.email, user=user)
            DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(digest_week=week)
            sent += 1
    return sent
