"""The Letter of Intent: agreement texts, each partner's accession, council deliberations.

The accession's states and their allowed transitions live in `Accession.Status`
(one place); `loi.services.transition` is the only writer of the state.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.storage import private_storage
from partners.models import Partner

from .oparl.errors import error_message
from .storage import signed_pdf_path, template_document_path

# The thresholds (days before an agreement's end) of the reminders and the banner.
REMINDER_THRESHOLDS = (60, 14)


class AgreementQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def current_with_counterpart(self) -> "Agreement | None":
        """The current agreement (at most one) with its counterpart, or None."""
        return self.current().select_related("counterpart").first()

    def ending_within(self, days: int, *, today: datetime.date):
        return self.filter(
            valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days)
        )


class Agreement(models.Model):
    """One version of the Letter of Intent's text and term. A follow-up is a new row."""

    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("The text of the agreement, paragraphs separated by blank lines."),
    )
    counterpart = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="agreements_as_counterpart",
        verbose_name=_("counterpart"),
        help_text=_("The partner the others conclude the agreement with (the project sponsor)."),
    )
    counterpart_role = models.CharField(
        _("role of the counterpart"), max_length=200, default="Projektträger Smart City Potsdam"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    template_document = models.FileField(
        _("template document"),
        storage=private_storage,
        upload_to=template_document_path,
        blank=True,
        help_text=_("The unsigned agreement as sent to the partners (internal only)."),
    )
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The agreement shown on the public page.")
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessor"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_until", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_agreement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.term_label})"

    @property
    def term_label(self) -> str:
        until = self.valid_until.strftime("%d.%m.%Y")
        if self.valid_from:
            return f"{self.valid_from.strftime('%d.%m.%Y')}–{until}"
        return gettext("until %(date)s") % {"date": until}

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the end of the term (0 on the last day, negative afterwards)."""
        today = today or timezone.localdate()
        return (self.valid_until - today).days

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return self.days_left(today) < 0

    def in_reminder_window(self, today: datetime.date | None = None) -> bool:
        return 0 <= self.days_left(today) <= max(REMINDER_THRESHOLDS)

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class AccessionQuerySet(models.QuerySet):
    def for_partner(self, partner):
        return self.filter(partner=partner)

    def for_agreement(self, agreement):
        return self.filter(agreement=agreement)

    def of_current_agreement(self):
        return self.filter(agreement__is_current=True)

    def for_user(self, user):
        """Accessions of the partners the user belongs to."""
        return self.filter(partner__in=Partner.objects.for_user(user))

    def signed(self):
        return self.filter(status=Accession.Status.SIGNED)

    def not_signed(self):
        return self.exclude(status=Accession.Status.SIGNED)

    def open(self):
        return self.filter(status__in=Accession.Status.open_states())

    def expirable(self):
        return self.filter(status__in=Accession.Status.expirable_states())

    def with_register(self):
        """Everything the register (public table, CSV) shows, in two queries."""
        return self.select_related("partner", "agreement").prefetch_related(
            Prefetch("deliberations", queryset=Deliberation.objects.order_by("order", "pk"))
        )


class Accession(models.Model):
    """A partner's accession (Beitritt) to one agreement, with its council resolution."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("prepared")
        IN_DELIBERATION = "in_deliberation", _("in deliberation")
        RESOLVED = "resolved", pgettext_lazy("accession state", "resolved")
        SIGNED = "signed", _("signed")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPIRED = "expired", _("expired")

        @classmethod
        def open_states(cls) -> list[str]:
            return [cls.PREPARED, cls.IN_DELIBERATION, cls.RESOLVED]

        @classmethod
        def expirable_states(cls) -> list[str]:
            """After the agreement's end these count as expired."""
            return [*cls.open_states(), cls.SIGNED]

        @property
        def is_open(self) -> bool:
            return self in self.open_states()

        @property
        def allowed_targets(self) -> frozenset["Accession.Status"]:
            return ACCESSION_TRANSITIONS[self]

        def can_transition_to(self, target: "Accession.Status") -> bool:
            return target in ACCESSION_TRANSITIONS[self]

        @property
        def is_final(self) -> bool:
            """No state follows this one: the step into it is confirmed first."""
            return not ACCESSION_TRANSITIONS[self]

        @property
        def can_be_reopened(self) -> bool:
            """A wrong "declined" or "withdrawn" the office can take back (`services.reopen`)."""
            return self in REOPENABLE_STATES

        @property
        def action_label(self) -> str:
            """The button that leads into this state."""
            return str(ACTION_LABELS[self])

        @property
        def next_step(self) -> str:
            """What the partner does next in this state."""
            return str(NEXT_STEPS[self])

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="accessions", verbose_name=_("agreement")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="accessions", verbose_name=_("partner")
    )
    status = models.CharField(
        _("state"), max_length=20, choices=Status.choices, default=Status.PREPARED
    )

    # The council's resolution proposal (Beschlussvorlage), as the document states it.
    resolution_number = models.CharField(
        _("resolution number"), max_length=50, blank=True, help_text=_("e.g. 6-5282/24-IV")
    )
    proposal_place = models.CharField(_("place of the proposal"), max_length=100, blank=True)
    proposal_date = models.DateField(_("date of the proposal"), null=True, blank=True)
    proposal_signed_by_name = models.CharField(
        _("proposal signed off by (name)"), max_length=200, blank=True
    )
    proposal_signed_by_function = models.CharField(
        _("proposal signed off by (function)"), max_length=200, blank=True
    )
    public_session = models.BooleanField(
        _("for a public session"),
        null=True,
        blank=True,
        help_text=_("Empty when not known."),
    )
    subject = models.CharField(_("subject (Betr.)"), max_length=500, blank=True)
    resolution_proposal = models.TextField(_("resolution proposal"), blank=True)
    financial_implications = models.TextField(_("financial implications"), blank=True)
    statement_of_facts = models.TextField(_("statement of facts (Sachverhalt)"), blank=True)
    attachments = models.TextField(_("attachments (Anlage)"), blank=True)

    # The signature.
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    signatory_name = models.CharField(_("signatory (name)"), max_length=200, blank=True)
    signatory_function = models.CharField(_("signatory (function)"), max_length=200, blank=True)
    signed_pdf = models.FileField(
        _("signed PDF"), storage=private_storage, upload_to=signed_pdf_path, blank=True
    )
    signed_pdf_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signed_pdf_uploaded_at = models.DateTimeField(
        _("signed PDF uploaded at"), null=True, blank=True
    )

    notes = models.TextField(_("notes"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = AccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        ordering = ["agreement", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"], name="one_accession_per_partner"
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.partner} – {self.agreement.title}"

    def get_absolute_url(self) -> str:
        return reverse("loi_intern:record", kwargs={"slug": self.partner.slug})

    @property
    def state(self) -> Status:
        return self.Status(self.status)

    @property
    def proposal_dated(self) -> str:
        """'Luckenwalde, 08.04.2024' as the document writes it."""
        date = self.proposal_date.strftime("%d.%m.%Y") if self.proposal_date else ""
        return ", ".join(part for part in (self.proposal_place, date) if part)


# The one place that says which state may follow which (BRIEF §5, issue 5):
# prepared → in deliberation → resolved → signed; declined and withdrawn from any
# open state; expired after the agreement's end (from any open state or signed).
_S = Accession.Status
ACCESSION_TRANSITIONS: dict[Accession.Status, frozenset[Accession.Status]] = {
    _S.PREPARED: frozenset({_S.IN_DELIBERATION, _S.DECLINED, _S.WITHDRAWN, _S.EXPIRED}),
    _S.IN_DELIBERATION: frozenset({_S.RESOLVED, _S.DECLINED, _S.WITHDRAWN, _S.EXPIRED}),
    _S.RESOLVED: frozenset({_S.SIGNED, _S.DECLINED, _S.WITHDRAWN, _S.EXPIRED}),
    _S.SIGNED: frozenset({_S.EXPIRED}),
    _S.DECLINED: frozenset(),
    _S.WITHDRAWN: frozenset(),
    _S.EXPIRED: frozenset(),
}
ACTION_LABELS = {
    _S.PREPARED: _("Prepare"),
    _S.IN_DELIBERATION: _("Council deliberation has started"),
    _S.RESOLVED: _("Council has resolved"),
    _S.SIGNED: _("Confirm as signed"),
    _S.DECLINED: _("Council has declined"),
    _S.WITHDRAWN: _("Withdraw the accession"),
    _S.EXPIRED: _("Mark as expired"),
}
NEXT_STEPS = {
    _S.PREPARED: _("Put the accession before your council and record its deliberation steps."),
    _S.IN_DELIBERATION: _(
        "Record the council's decisions; once adopted, mark the accession as resolved."
    ),
    _S.RESOLVED: _(
        "Have the agreement signed, enter the signatory and date and upload the signed PDF; "
        "the project office then confirms it."
    ),
    _S.SIGNED: _("Nothing to do: the accession is signed and confirmed."),
    _S.DECLINED: _("Nothing to do: the council has declined."),
    _S.WITHDRAWN: _("Nothing to do: the accession was withdrawn."),
    _S.EXPIRED: _("The agreement has ended; a follow-up agreement needs a new accession."),
}
# Final states the project office may take back, with a reason: a council's "no"
# or a withdrawal recorded by mistake. "expired" follows the agreement's end.
REOPENABLE_STATES = frozenset({_S.DECLINED, _S.WITHDRAWN})
# Targets only the project office may set; "expired" also comes from `loi_reminders`.
OFFICE_ONLY_TARGETS = frozenset({_S.SIGNED, _S.EXPIRED})


class Deliberation(models.Model):
    """One step of the Beratungsfolge: a council body deliberating on the accession."""

    class Outcome(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        RECOMMENDED = "recommended", _("recommended")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")

    accession = models.ForeignKey(
        Accession,
        on_delete=models.CASCADE,
        related_name="deliberations",
        verbose_name=_("accession"),
    )
    body = models.CharField(
        _("council body"), max_length=200, help_text=_("e.g. Ausschuss für Wirtschaft, Kreistag")
    )
    session_date = models.DateField(_("session date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public session"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.SCHEDULED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Filled when the step comes from (or was matched with) the partner's council
    # information system (OParl): see loi/oparl/sync.py.
    source_url = models.URLField(
        _("source (OParl consultation)"), max_length=500, blank=True, default=""
    )
    source_web_url = models.URLField(
        _("source page"), max_length=500, blank=True, default="", help_text=_("For people.")
    )
    source_result = models.CharField(
        _("result at the source"), max_length=500, blank=True, default=""
    )
    source_outcome = models.CharField(
        _("outcome at the source"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    source_result_unknown = models.BooleanField(_("result wording not understood"), default=False)
    is_authoritative = models.BooleanField(_("decides"), null=True, blank=True)
    synced_at = models.DateTimeField(_("synchronised at"), null=True, blank=True)
    created_by_sync = models.BooleanField(_("created by the synchronisation"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")
        ordering = ["accession", "order", "pk"]

    def __str__(self) -> str:
        date = self.session_date.strftime("%d.%m.%Y") if self.session_date else "–"
        return f"{self.body} {date}: {self.outcome_label}"

    @property
    def outcome_label(self) -> str:
        """The outcome as people read it: a planned session whose day has passed
        without a recorded result says so, instead of still "scheduled"."""
        if (
            self.outcome == self.Outcome.SCHEDULED
            and self.session_date is not None
            and self.session_date < timezone.localdate()
        ):
            return gettext("result missing")
        return str(self.get_outcome_display())

    @property
    def from_source(self) -> bool:
        return bool(self.source_url)

    @property
    def has_conflict(self) -> bool:
        """The source says something else than the outcome a person recorded."""
        return bool(self.source_outcome) and self.source_outcome != self.outcome

    @property
    def partner_id(self) -> int:
        # Lets the partner predicates (`is_partner_admin(user, obj)`) judge a step.
        return self.accession.partner_id


class ReminderLog(models.Model):
    """A reminder e-mail that was sent: at most one per agreement, threshold and recipient."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("agreement")
    )
    threshold_days = models.PositiveSmallIntegerField(_("days before the end"))
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "threshold_days", "recipient"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} −{self.threshold_days} {self.recipient}"


class OParlConnection(models.Model):
    """A partner's council information system (OParl 1.1) and what the portal read from it.

    The sync (loi/oparl/sync.py) runs in the task worker only; the pages show
    the state it left here.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the synchronisation")
        CHOOSE_BODY = "choose_body", _("choose the body")
        OK = "ok", _("synchronised")
        FAILED = "failed", _("source not readable")

    partner = models.OneToOneField(
        Partner,
        on_delete=models.CASCADE,
        related_name="oparl_connection",
        verbose_name=_("partner"),
    )
    system_url = models.URLField(_("OParl system URL"), max_length=500)
    system_name = models.CharField(_("system name"), max_length=300, blank=True)
    body_url = models.URLField(_("body (OParl)"), max_length=500, blank=True)
    body_name = models.CharField(_("body name"), max_length=300, blank=True)
    body_ags = models.CharField(_("AGS of the body"), max_length=12, blank=True)
    body_web_url = models.URLField(_("council information system"), max_length=500, blank=True)
    # [{"id", "name", "ags", "rgs"}] of the System's bodies, while one is to be chosen.
    body_candidates = models.JSONField(_("bodies of the system"), default=list, blank=True)
    # [{"id", "name", "shortName"}] of the chosen body's organizations (committees, council).
    organizations = models.JSONField(_("organizations"), default=list, blank=True)
    # Organization ids whose next meetings the partner wants to see besides the paper's.
    watched_organizations = models.JSONField(_("watched organizations"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    # {"code", "url", ...} of the last failure (loi/oparl/errors.py says it in words).
    last_error = models.JSONField(_("last error"), default=dict, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_synced_at = models.DateTimeField(
        _("last successful synchronisation"), null=True, blank=True
    )
    modified_since = models.DateTimeField(
        _("read changes since"),
        null=True,
        blank=True,
        help_text=_("The next synchronisation asks the source only for what changed since."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OParl connection")
        verbose_name_plural = _("OParl connections")
        ordering = ["partner__name"]

    def __str__(self) -> str:
        return f"{self.partner} – {self.system_url}"

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def error_message(self) -> str:
        return error_message(self.last_error)

    def organization_names(self) -> dict[str, str]:
        return {
            org["id"]: org.get("name") or org.get("shortName") or "" for org in self.organizations
        }


class CouncilPaperQuerySet(models.QuerySet):
    def linked(self):
        return self.exclude(paper_url="")


class CouncilPaper(models.Model):
    """The council paper (OParl `Paper`) an accession was decided on, and how to find it."""

    class State(models.TextChoices):
        SEARCHING = "searching", _("searching at the source")
        CHOOSE = "choose", _("choose the paper")
        NOT_FOUND = "not_found", _("not found")
        LINKED = "linked", _("linked")
        FAILED = "failed", _("source not readable")
        DELETED = "deleted", _("deleted at the source")

    accession = models.OneToOneField(
        Accession,
        on_delete=models.CASCADE,
        related_name="council_paper",
        verbose_name=_("accession"),
    )
    query = models.CharField(
        _("search"),
        max_length=500,
        help_text=_(
            "A reference such as 6-5282/24-IV, words such as Regio.hub, or the paper's URL."
        ),
    )
    candidates = models.JSONField(_("papers found"), default=list, blank=True)
    paper_url = models.URLField(_("paper (OParl)"), max_length=500, blank=True)
    paper_web_url = models.URLField(_("paper page"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    name = models.CharField(_("title"), max_length=500, blank=True)
    source_modified = models.DateTimeField(_("changed at the source"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SEARCHING
    )
    last_error = models.JSONField(_("last error"), default=dict, blank=True)
    # The organizations that dealt with the paper, and those whose decision counts.
    organization_ids = models.JSONField(_("organizations"), default=list, blank=True)
    deciding_organization_ids = models.JSONField(
        _("deciding organizations"), default=list, blank=True
    )
    synced_at = models.DateTimeField(_("synchronised at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CouncilPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")

    def __str__(self) -> str:
        return self.reference or self.query

    @property
    def error_message(self) -> str:
        return error_message(self.last_error)


class CouncilMeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(start__gte=now or timezone.now(), cancelled=False).order_by("start")


class CouncilMeeting(models.Model):
    """A meeting (OParl `Meeting`) of a connected body, as last read, with its agenda results."""

    connection = models.ForeignKey(
        OParlConnection,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("OParl connection"),
    )
    oparl_id = models.URLField(_("OParl id"), max_length=500)
    name = models.CharField(_("name"), max_length=500, blank=True)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    web_url = models.URLField(_("page"), max_length=500, blank=True)
    organization_ids = models.JSONField(_("organizations"), default=list, blank=True)
    # {agendaItem id: {"result", "resolutionText", "public", "number", "web"}}
    agenda_items = models.JSONField(_("agenda items"), default=dict, blank=True)
    source_modified = models.DateTimeField(_("changed at the source"), null=True, blank=True)

    objects = CouncilMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "oparl_id"], name="one_meeting_per_id")
        ]
        indexes = [models.Index(fields=["connection", "start"])]

    def __str__(self) -> str:
        return self.name
