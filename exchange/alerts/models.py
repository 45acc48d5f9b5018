"""A saved search and the items it has told its owner about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Frequency
from partners.models import Partner
from projects.models import FieldOfAction, Project

NAME_MAX_LENGTH = 120
WORDS_MAX_LENGTH = 200


class Targets(models.TextChoices):
    """What a saved search looks for."""

    BOTH = "both", _("Projects and needs")
    PROJECTS = "projects", _("Published projects")
    NEEDS = "needs", _("Needs of partners")

    def includes(self, kind: str) -> bool:
        """Whether a search for these targets looks at an item of `kind` ("project", "need")."""
        own = Targets.PROJECTS if kind == "project" else Targets.NEEDS
        return self in (Targets.BOTH, own)


class Direction(models.TextChoices):
    """The directions a search can ask for (a project going both ways matches either)."""

    URBAN_TO_RURAL = Project.TransferDirection.URBAN_TO_RURAL.value, _("Urban to rural")
    RURAL_TO_URBAN = Project.TransferDirection.RURAL_TO_URBAN.value, _("Rural to urban")


class SavedSearchQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(owner=user)

    def alerting(self):
        """The searches that want to hear of new matches, of active accounts."""
        return self.exclude(frequency=Frequency.OFF).filter(owner__is_active=True)


class SavedSearch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    targets = models.CharField(
        _("look for"), max_length=10, choices=Targets.choices, default=Targets.BOTH
    )
    words = models.CharField(_("words"), max_length=WORDS_MAX_LENGTH, blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, related_name="+", blank=True, verbose_name=_("fields of action")
    )
    # Values of partners.Partner.Kind and projects.Project.Maturity; empty: any.
    partner_kinds = models.JSONField(_("kinds of partner"), default=list, blank=True)
    maturities = models.JSONField(_("maturity"), default=list, blank=True)
    direction = models.CharField(
        _("transfer direction"), max_length=20, choices=Direction.choices, blank=True
    )
    frequency = models.CharField(
        _("alerts"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    # A network member (no partner staff) saves searches only with consent, given then.
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange_intern:search_edit", kwargs={"pk": self.pk})

    @property
    def partner_kind_labels(self) -> list[str]:
        return [str(Partner.Kind(kind).label) for kind in self.partner_kinds]

    @property
    def maturity_labels(self) -> list[str]:
        return [str(Project.Maturity(value).label) for value in self.maturities]


class SavedSearchHit(models.Model):
    """An item a saved search has told its owner about: never twice for the same item."""

    search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="hits", verbose_name=_("saved search")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    need = models.ForeignKey(
        "exchange.Need", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("told at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert of a saved search")
        verbose_name_plural = _("alerts of saved searches")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=True, need__isnull=False)
                | Q(project__isnull=False, need__isnull=True),
                name="saved_search_hit_one_item",
            ),
            models.UniqueConstraint(
                fields=["search", "project"],
                condition=Q(project__isnull=False),
                name="saved_search_hit_once_per_project",
            ),
            models.UniqueConstraint(
                fields=["search", "need"],
                condition=Q(need__isnull=False),
                name="saved_search_hit_once_per_need",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.search}: {self.project or self.need}"
