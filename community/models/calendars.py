"""Private calendar feeds: a secret address per person for their internal events."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def find(self, token: str):
        """The active token row for a secret from a feed URL, or None."""
        return self.active().select_related("user").filter(token_hash=_hash_token(token)).first()


class CalendarFeedToken(models.Model):
    """The secret in a user's private calendar feed URL.

    Only its SHA-256 is stored: the URL is shown once when created. Revoking
    (or creating a new one) makes the old URL a 404 at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, user) -> str:
        """Revoke the user's old feeds and return the secret of a new one."""
        cls.objects.filter(user=user).active().update(revoked_at=timezone.now())
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, token_hash=_hash_token(token))
        return token
