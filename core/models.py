"""Core's one table: the one-time tokens of forms that must not create twice (core/once.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form sent with its one-time token, and where its result is.

    Written in the transaction that creates the form's object, so a second
    sending with the same token (a double click) waits for the first and then
    finds this row instead of creating again. Rows are kept for a day
    (`core.once.TOKEN_LIFETIME`); nothing else reads them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64)
    form = models.CharField(_("form"), max_length=100)
    result_url = models.CharField(_("address of the result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.created_at:%Y-%m-%d %H:%M})"
