"""Needs (Bedarfe) of the partners and the partners that share them.

A partner states what it needs; other partners co-sign it ("Wir haben diesen
Bedarf auch"). The states and what may follow what are here, in one place; the
writes that move a need live in `exchange/services.py`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from partners.models import Membership, Partner
from partners.rules import is_office_or_superuser, partner_roles
from projects.models import FieldOfAction, Project

# Co-initiation (exchange/coinit/), saved searches with their alerts (exchange/alerts/)
# and the matching index (exchange/matching/) keep their models with their code.
from .alerts.models import SavedSearch, SavedSearchHit
from .coinit.models import Confirmation, DraftComment, JointDraft
from .matching.models import MatchIndexState, NeedMatchState, ProjectMatchEntry

# Days an open need may wait without any response before the office cockpit lists it.
WITHOUT_RESPONSE_DAYS = 14

# The steps of a need's history (its rows' change reason, written by exchange/services.py
# in English) as the history table names them, in the reader's language.
CO_SIGNED_BY = "co-signed by "
NEED_STEPS = {
    "created": _("Created"),
    "edited": _("Edited"),
    "opened": _("Opened"),
    "in exchange": _("In exchange"),
    "joint draft started": _("A joint draft was started"),
    "solved": _("Marked as solved"),
    "closed": _("Closed"),
}


def need_step_label(reason: str | None) -> str:
    """The history row's step for people: "co-signed by X" → "Mitgezeichnet von X"."""
    if not reason:
        return "–"
    if reason.startswith(CO_SIGNED_BY):
        return _("Co-signed by %(partner)s") % {"partner": reason.removeprefix(CO_SIGNED_BY)}
    return str(NEED_STEPS.get(reason, reason))


TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000


class NeedState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_EXCHANGE = "in_exchange", _("In exchange")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")

    def can_transition_to(self, target: str) -> bool:
        return target in NEED_TRANSITIONS.get(self, ())

    @classmethod
    def active(cls) -> list[str]:
        """The states in which a need is looking for answers (and can be co-signed)."""
        return [cls.OPEN, cls.IN_EXCHANGE]

    @classmethod
    def listed(cls) -> list[str]:
        """The states a public need is shown in on /gesucht/."""
        return [cls.OPEN, cls.IN_EXCHANGE, cls.SOLVED]

    @property
    def is_editable_by_partner(self) -> bool:
        return self in {self.DRAFT, self.OPEN, self.IN_EXCHANGE}


# The workflow of a need: draft → open → in exchange → solved / closed.
NEED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NeedState.DRAFT: (NeedState.OPEN, NeedState.CLOSED),
    NeedState.OPEN: (NeedState.IN_EXCHANGE, NeedState.SOLVED, NeedState.CLOSED),
    NeedState.IN_EXCHANGE: (NeedState.SOLVED, NeedState.CLOSED),
    NeedState.SOLVED: (),
    NeedState.CLOSED: (),
}


class NeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=NeedState.active())

    def public(self):
        """What everyone sees on /gesucht/: public needs that are open, in exchange or solved."""
        return self.filter(visibility=Need.Visibility.PUBLIC, state__in=NeedState.listed())

    def visible_to(self, user):
        """The needs the user may read (the rule `exchange.view_need` in one query).

        Everyone: the public ones. Partner staff: besides, every need that left
        the draft (network-only and closed ones too: what others needed and why it
        ended is the network's knowledge), and their own partners' drafts. The
        project office reads every need. Network members (experts) are no staff.
        """
        if not user.is_authenticated:
            return self.public()
        if is_office_or_superuser(user):
            return self.all()
        partner_ids = list(partner_roles(user))
        if not partner_ids:
            return self.public()
        return self.filter(~Q(state=NeedState.DRAFT) | Q(partner_id__in=partner_ids))

    def of_partners(self, partner_ids):
        return self.filter(partner_id__in=list(partner_ids))

    def in_field(self, field: FieldOfAction | str):
        if isinstance(field, FieldOfAction):
            return self.filter(fields_of_action=field)
        return self.filter(fields_of_action__slug=field)

    def for_list(self):
        """What a need card shows, with a constant number of queries."""
        return (
            self.select_related("partner")
            .prefetch_related("fields_of_action")
            .defer("description", "description_html")
        )

    def without_response(self, *, days: int = WITHOUT_RESPONSE_DAYS, now=None):
        """Open needs that nobody has answered for `days` days: where the network has a gap.

        "Answered" means: another partner co-signed it. (Once matching suggests
        solutions, a suggestion counts as an answer too; this is the one place
        to say so.)
        """
        now = now or timezone.now()
        return (
            self.active()
            .filter(opened_at__lte=now - datetime.timedelta(days=days))
            .exclude(Exists(NeedSupport.objects.filter(need=OuterRef("pk"))))
        )


class Need(ChoiceLabels, models.Model):
    """What a partner needs, in its own words, so that others can answer."""

    class Visibility(models.TextChoices):
        NETWORK = "network", _("Network only (partner staff)")
        PUBLIC = "public", _("Public (also companies and research)")

    State = NeedState

    # Not fields: read by django-simple-history when the services save a step.
    _history_user: Any
    _change_reason: str

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "What do you need, for whom, and what have you tried? "
            "Markdown: headings, lists, links, emphasis."
        ),
    )
    # The sanitised HTML of `description`, rendered on save (core/text.py).
    description_html = models.TextField(_("description (HTML)"), blank=True, editable=False)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, related_name="needs", verbose_name=_("fields of action"), blank=True
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="needs", verbose_name=_("partner")
    )
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_is_public = models.BooleanField(
        _("show the contact publicly"),
        default=False,
        help_text=_("Only then are name and e-mail shown on the public page of the need."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=NeedState.choices, default=NeedState.DRAFT,
        editable=False,
    )  # fmt: skip
    solved_by = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="solved_needs",
        verbose_name=_("solved by"),
    )
    closed_reason = models.TextField(_("reason for closing"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    # The first response: the first co-signature or the step into the exchange.
    matched_at = models.DateTimeField(_("first response at"), null=True, blank=True, editable=False)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)

    history = HistoricalRecords(excluded_fields=["description_html"])
    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-opened_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["visibility", "state", "-opened_at"], name="need_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="solved") | Q(solved_by__isnull=False),
                name="need_solved_has_project",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(closed_reason=""),
                name="need_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:detail", kwargs={"slug": self.slug})

    def get_internal_url(self) -> str:
        return reverse("exchange_intern:detail", kwargs={"pk": self.pk})

    @property
    def current_state(self) -> NeedState:
        return NeedState(self.state)

    @property
    def is_active(self) -> bool:
        return self.state in NeedState.active()

    @property
    def is_public(self) -> bool:
        return self.visibility == Need.Visibility.PUBLIC and self.state in NeedState.listed()


class NeedSupport(models.Model):
    """Another partner has the same need ("Wir haben diesen Bedarf auch"): a co-signature."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="supports", verbose_name=_("need")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="need_supports",
        verbose_name=_("partner"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("co-signed by"),
    )
    created_at = models.DateTimeField(_("co-signed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "partner"], name="one_support_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.need}"


def editing_partner_ids(user) -> set[int]:
    """Partners where the user is editor or admin."""
    editing = Membership.Role.editing_roles()
    return {pk for pk, role in partner_roles(user).items() if role in editing}


__all__ = [
    "Confirmation",
    "DraftComment",
    "JointDraft",
    "MatchIndexState",
    "Need",
    "NeedMatchState",
    "NeedState",
    "NeedSupport",
    "ProjectMatchEntry",
    "SavedSearch",
    "SavedSearchHit",
]
