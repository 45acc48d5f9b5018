"""E-mail and notifications: what the portal owes somebody, and how each person wants it.

Every e-mail of the portal is an `OutgoingMail` row first (notifications.mail);
notifications from the apps honour each person's `NotificationSetting` per
`Category` (notifications.services).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a notification is about; each user chooses a frequency per category."""

    ANNOUNCEMENTS = "announcements", _("Announcements")
    PROJECT_REVIEWS = "project_reviews", _("Project reviews")
    TRANSFER_INTEREST = "transfer_interest", _("Transfer interest")
    EVENTS = "events", _("Events")
    ACCESSION_REMINDERS = "accession_reminders", _("Accession reminders")
    # Chosen per saved search (exchange), not on the settings page.
    SAVED_SEARCHES = "saved_searches", _("Saved searches")

    @classmethod
    def with_setting(cls) -> list["Category"]:
        """The categories each person sets on the notification settings page."""
        return [category for category in cls if category != cls.SAVED_SEARCHES]


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationSettingQuerySet(models.QuerySet):
    def frequencies_for(self, users, category: str) -> dict[int, str]:
        """{user_id: frequency} for the users who changed the default (immediately)."""
        return dict(
            self.filter(user__in=users, category=category).values_list("user_id", "frequency")
        )


class NotificationSetting(models.Model):
    Category = Category
    Frequency = Frequency
    DEFAULT = Frequency.IMMEDIATELY

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )

    objects = NotificationSettingQuerySet.as_manager()

    class Meta:
        db_table = "community_notificationsetting"  # tables from before the app was split off
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="unique_notification_setting")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_category_display()} – {self.get_frequency_display()}"


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now or timezone.now()
        )

    def with_key_prefix(self, prefix: str):
        """The mails of one cause, e.g. "invitation:12:" for every mail of invitation 12."""
        return self.filter(key__startswith=prefix)


class OutgoingMail(models.Model):
    """One e-mail the portal owes somebody, kept until the mail server took it.

    Written in the same transaction as its cause and delivered by the task
    worker, so a mail server that is down only delays it. After MAX_ATTEMPTS
    failures it is marked failed for the office to see (and retry) in the admin.
    A mail whose link was replaced before it left (an invitation sent again or
    revoked) is cancelled instead of sent.

    `confidential` marks a mail that carries a link only its recipient may use
    (invitation, password reset, address confirmation): the admin does not show
    its text, and the text is erased once the mail server took it.
    """

    MAX_ATTEMPTS = 8

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    # Makes sending idempotent: one mail per cause and recipient, e.g.
    # "announcement:12:user:5", "invitation:7:2" or "barrier-report:3".
    key = models.CharField(_("key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    reply_to = models.EmailField(_("reply to"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Carries a personal link: the text is not shown and erased after sending."),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        db_table = "community_outgoingmail"
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_retrying(self) -> bool:
        """Queued after the mail server refused it at least once."""
        return self.status == self.Status.QUEUED and self.attempts > 0


class DigestItem(models.Model):
    """A notification waiting for the user's weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_items",
        verbose_name=_("user"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The heading the digest lists the item under (e.g. the name of a saved
    # search; empty: the general list) and the item's content in short.
    group = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The ISO week of the digest that carried it ("2026-W48"); empty while pending.
    digest_week = models.CharField(_("digest week"), max_length=10, blank=True)

    class Meta:
        db_table = "community_digestitem"
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.subject
