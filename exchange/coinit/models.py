"""A joint project draft, its co-initiators' confirmations and its discussion thread."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Partner
from projects.models import Participation, Project, PublicationState

# How long the author of a comment may correct it; the earlier text stays in the history.
COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)
COMMENT_MAX_LENGTH = 5_000


class JointDraft(models.Model):
    """A project draft that partners initiate together, perhaps answering a need.

    The project holds the content and the co-initiators (its participations);
    this row holds what only co-initiation knows, so `projects/` knows nothing
    of the marketplace.
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="joint_draft", verbose_name=_("project")
    )
    need = models.ForeignKey(
        "exchange.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joint_drafts",
        verbose_name=_("need it answers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("joint draft")
        verbose_name_plural = _("joint drafts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.project.title

    def get_absolute_url(self) -> str:
        return reverse("exchange_intern:joint_draft", kwargs={"pk": self.pk})

    @property
    def is_open_for_confirmation(self) -> bool:
        """Co-initiators confirm (and the draft goes to review) only while it is a draft."""
        return self.project.publication_state in {
            PublicationState.DRAFT,
            PublicationState.CHANGES_REQUESTED,
        }

    def co_initiators(self) -> list[Participation]:
        """Every partner asked to co-initiate, the lead first: accepted, invited or declined."""
        rows = Participation.objects.filter(project_id=self.project_id).select_related("partner")
        return sorted(rows, key=lambda row: (row.role != Participation.Role.LEAD, row.partner.name))


class Confirmation(models.Model):
    """A co-initiator says: this version of the draft may go to review.

    It holds the project's version it was given for; when the draft's content
    changes afterwards (every save raises the version) the confirmation is void
    and has to be given again.
    """

    draft = models.ForeignKey(
        JointDraft,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("joint draft"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    version = models.PositiveIntegerField(_("confirmed version"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "partner"], name="one_confirmation_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.draft} (v{self.version})"

    def is_valid_for(self, project: Project) -> bool:
        return self.version == project.version


class DraftComment(models.Model):
    """A contribution to the discussion of a joint draft, instead of e-mail ping-pong."""

    # Not fields: read by django-simple-history when the services save.
    _history_user: Any
    _change_reason: str

    draft = models.ForeignKey(
        JointDraft, on_delete=models.CASCADE, related_name="comments", verbose_name=_("joint draft")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(
        _("comment"),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "Markdown: lists, links, emphasis. Mention a colleague with @ and their e-mail "
            "address, e.g. @anna.beispiel@example.org."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("mentioned")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} – {self.created_at:%Y-%m-%d %H:%M}"

    def editable_until(self) -> datetime.datetime:
        return self.created_at + COMMENT_EDIT_WINDOW

    def is_editable_now(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until()
