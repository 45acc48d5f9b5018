"""The matching index: the analysed terms of every published project.

One row per published project, written by `exchange.matching.index` — from
the model signals (exchange/signals.py) for every save through the ORM
(portal, admin, shell) and from `refresh()` for rows the signals cannot see
(bulk_create, update(), raw SQL), which `match_need` and `eval_matching` run
first. A row is stale when its project changed since (`source_updated_at`)
or the analysis did (`analyser`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Project


class ProjectMatchEntry(models.Model):
    project = models.OneToOneField(
        Project,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="match_entry",
        verbose_name=_("project"),
    )
    # {stem: [weight, written word]}: title, summary, description and the
    # solution profile, each word weighted by where it stands.
    terms = models.JSONField(default=dict)
    length = models.FloatField(default=0)
    # The distinct content words (the vocabulary for compounds and typos).
    words = models.JSONField(default=list)
    field_ids = models.JSONField(default=list)
    # The partners that take part (accepted), the lead among them.
    partner_ids = models.JSONField(default=list)
    lead_partner_id = models.PositiveIntegerField(null=True)
    # Partners that adopted the solution (published adoptions, adopted interests).
    adopter_ids = models.JSONField(default=list)
    maturity = models.CharField(max_length=20, blank=True)
    source_updated_at = models.DateTimeField()
    analyser = models.CharField(max_length=40)
    indexed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("matching index entry")
        verbose_name_plural = _("matching index entries")

    def __str__(self) -> str:
        return str(self.project_id)


class MatchIndexState(models.Model):
    """One row: the index's generation, raised by every write to the index.

    Each process keeps the index in memory and reads it again only when the
    generation differs from the one it read (a primary-key lookup per match).
    """

    generation = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("matching index state")
        verbose_name_plural = _("matching index states")

    def __str__(self) -> str:
        return str(self.generation)


def bump_generation() -> None:
    """Mark the index as changed (after any write to ProjectMatchEntry)."""
    if not MatchIndexState.objects.filter(pk=1).update(generation=models.F("generation") + 1):
        MatchIndexState.objects.get_or_create(pk=1)
        MatchIndexState.objects.filter(pk=1).update(generation=models.F("generation") + 1)


def current_generation() -> int:
    return MatchIndexState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0


class NeedMatchState(models.Model):
    """Whether the matching had a project to suggest for an open need, as of one check.

    Written by `exchange.gaps.refresh_gaps()` (the command `check_need_gaps`, from
    cron, and the demo loader); the office cockpit lists the needs without one
    (where the network has a gap) from these rows in two queries instead of
    matching every open need on every view. A row is stale when the need changed
    since (`need_updated_at`) or the index did (`generation`).
    """

    need = models.OneToOneField(
        "exchange.Need",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="match_state",
        verbose_name=_("need"),
    )
    has_project_suggestion = models.BooleanField(_("has a project suggestion"))
    generation = models.PositiveBigIntegerField(_("index generation checked against"))
    need_updated_at = models.DateTimeField(_("need last changed"))
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("matching state of a need")
        verbose_name_plural = _("matching states of needs")

    def __str__(self) -> str:
        return str(self.need_id)
