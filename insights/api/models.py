"""Personal API tokens: staff read the API with what they may see on the portal."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "rh_"  # noqa: S105 - the visible start of every token, not a secret  # nosec B105
# How often "last used" is written: not on every request, a minute is precise enough.
LAST_USED_RESOLUTION_SECONDS = 60


def hash_token(secret: str) -> str:
    """SHA-256 of the secret: the secret is 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def of_user(self, user):
        return self.filter(user=user)

    def find(self, secret: str) -> ApiToken | None:
        """The active token for a secret from an Authorization header, or None."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        return self.active().select_related("user").filter(token_hash=hash_token(secret)).first()


class ApiToken(models.Model):
    """A personal, read-only token for the API (`Authorization: Bearer rh_…`).

    Only the SHA-256 of the secret is stored; the secret is shown once, when
    the token is created. A revoked token is refused from the next request on.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “Intranet widget”.")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The first characters of the secret, so its owner can tell tokens apart.
    prefix = models.CharField(_("beginning of the token"), max_length=12, editable=False)
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.READ, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        app_label = "insights"
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def touch(self) -> None:
        """Record a use, at most once a minute (a plain UPDATE: no signal, no history)."""
        now = timezone.now()
        if (
            self.last_used_at is None
            or (now - self.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)
