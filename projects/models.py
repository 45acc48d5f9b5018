"""Projects of the hub: fields of action, projects, participations, transfer.

Statuses and publication states carry their allowed transitions here, in one
place; the writes that move them live in `projects/services.py`.
"""

from __future__ import annotations

from typing import TypeAlias

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabels
from core.text import german_slugify
from partners.models import Membership, Partner
from partners.rules import is_office_or_superuser, partner_roles


class FieldOfAction(models.Model):
    """A smart field of action (Handlungsfeld) of the hub, e.g. "Mobilität"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("short description"), blank=True)
    description_en = models.TextField(_("short description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = german_slugify(self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name

    @property
    def display_description(self) -> str:
        if self.description_en and (get_language() or "de").startswith("en"):
            return self.description_en
        return self.description


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")

    def can_transition_to(self, target: str) -> bool:
        return target in PUBLICATION_TRANSITIONS.get(self, ())

    @property
    def is_editable_by_partner(self) -> bool:
        """Partner staff edit drafts, returned drafts and published projects."""
        return self in {self.DRAFT, self.CHANGES_REQUESTED, self.PUBLISHED}


# The publication workflow (BRIEF §5), the one place that says what may follow what.
PUBLICATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PublicationState.DRAFT: (PublicationState.IN_REVIEW,),
    PublicationState.CHANGES_REQUESTED: (PublicationState.IN_REVIEW,),
    PublicationState.IN_REVIEW: (PublicationState.PUBLISHED, PublicationState.CHANGES_REQUESTED),
    PublicationState.PUBLISHED: (PublicationState.ARCHIVED,),
    PublicationState.ARCHIVED: (),
}


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def in_field(self, field: FieldOfAction | str):
        if isinstance(field, FieldOfAction):
            return self.filter(fields_of_action=field)
        return self.filter(fields_of_action__slug=field)

    def with_partner(self, partner: Partner | str):
        """Projects the partner leads or takes part in."""
        accepted = Q(participations__state="accepted")
        if isinstance(partner, Partner):
            return self.filter(accepted, participations__partner=partner).distinct()
        return self.filter(accepted, participations__partner__slug=partner).distinct()

    def for_user(self, user):
        """Projects of the partners the user belongs to (any role)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            participations__state="accepted", participations__partner__memberships__user=user
        ).distinct()

    def visible_to(self, user):
        """The projects the user may read: the published ones, and for partner staff
        their partners' projects in any state (the rule `projects.view_internal`);
        the project office reads every project.
        """
        if not user.is_authenticated:
            return self.published()
        if is_office_or_superuser(user):
            return self.all()
        partner_ids = list(partner_roles(user))
        return self.filter(
            Q(publication_state=PublicationState.PUBLISHED)
            | Q(lead_partner_id__in=partner_ids)
            | Q(
                pk__in=Participation.objects.accepted()
                .filter(partner_id__in=partner_ids)
                .values("project_id")
            )
        )

    def for_list(self):
        """What a project card shows, fetched with a constant number of queries.

        The long columns (Markdown, HTML, search vector) stay in the database.
        """
        return (
            self.select_related("lead_partner")
            .prefetch_related("fields_of_action")
            .defer("description", "description_html", "search_vector")
        )

    def for_cards(self):
        """Only the columns a showcase card shows, and its lead partner's name.

        The card's fields of action come from `with_card_fields()`.
        """
        return self.select_related("lead_partner").only(*CARD_COLUMNS, "lead_partner__name")


# The columns of a project that `templates/projects/includes/_results.html` shows.
CARD_COLUMNS = (
    "title",
    "slug",
    "summary",
    "kind",
    "status",
    "transfer_direction",
    "is_flagship",
    "lead_partner",
)


class Project(ChoiceLabels, models.Model):
    class Maturity(models.TextChoices):
        # Close to the scaling phases of the federal Smart City coordination
        # office (KTS): from the idea to a solution running elsewhere too.
        IDEA = "idea", _("Idea")
        CONCEPT = "concept", _("Concept")
        PILOT = "pilot", _("Pilot")
        REGULAR_OPERATION = "regular", _("Regular operation")
        TRANSFERRED = "transferred", _("Transferred")

        @classmethod
        def proven(cls) -> list[str]:
            """The phases in which a solution has shown that it works."""
            return [cls.PILOT, cls.REGULAR_OPERATION, cls.TRANSFERRED]

    class Kind(models.TextChoices):
        JOINT = "joint", _("Joint Regio.hub project")
        EXISTING = "existing", _("Existing partner project")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNING = "planning", _("Planning")
        IMPLEMENTATION = "implementation", _("Implementation")
        OPERATION = "operation", _("In operation")
        COMPLETED = "completed", _("Completed")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    class TransferDirection(models.TextChoices):
        URBAN_TO_RURAL = "urban_rural", _("Urban to rural")
        RURAL_TO_URBAN = "rural_urban", _("Rural to urban")
        BOTH = "both", _("Both directions")
        NONE = "none", _("No transfer")

    PublicationState: TypeAlias = PublicationState  # also the type in annotations below

    # Not fields: set on one object by projects.services._move (the step it recorded)
    # and projects.rules.participant_ids (the partner ids it read once).
    _last_step: ProjectTransition
    _participant_ids: set[int]

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"), max_length=500, help_text=_("One or two sentences for lists and search.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: headings, lists, links, emphasis.")
    )
    # The sanitised HTML of `description`, rendered on save (core/text.py).
    description_html = models.TextField(_("description (HTML)"), blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXISTING)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    publication_state = models.CharField(
        _("publication state"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        editable=False,
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, related_name="projects", verbose_name=_("fields of action"), blank=True
    )
    lead_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead partner"),
    )
    partners = models.ManyToManyField(
        Partner,
        through="Participation",
        related_name="projects",
        verbose_name=_("participating partners"),
    )
    transfer_direction = models.CharField(
        _("transfer direction"),
        max_length=20,
        choices=TransferDirection.choices,
        default=TransferDirection.NONE,
    )
    maturity = models.CharField(
        _("maturity"),
        max_length=20,
        choices=Maturity.choices,
        blank=True,
        help_text=_(
            "How far the solution has come, close to the scaling phases of the federal Smart "
            "City coordination office: idea, concept, pilot, regular operation, transferred "
            "(runs at another partner too)."
        ),
    )
    # The solution profile: what a partner needs to know to re-use the solution.
    prerequisites = models.TextField(
        _("prerequisites"),
        blank=True,
        help_text=_("What a re-user needs: staff, technology, contracts, decisions."),
    )
    operating_model = models.TextField(
        _("operating model"),
        blank=True,
        help_text=_("Who runs the solution and how, e.g. own IT, service provider, shared."),
    )
    cost_min = models.DecimalField(
        _("cost from (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Rough lower end of what re-use costs, in euros."),
    )
    cost_max = models.DecimalField(
        _("cost up to (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Rough upper end of what re-use costs, in euros."),
    )
    data_needed = models.TextField(
        _("data needed"), blank=True, help_text=_("Which data the solution needs to work.")
    )
    licence = models.CharField(
        _("licence"), max_length=120, blank=True, help_text=_("E.g. EUPL-1.2, MIT, proprietary.")
    )
    source_repository = models.URLField(
        _("source code repository"),
        blank=True,
        help_text=_("Address of the source code, e.g. on openCode (https://gitlab.opencode.de/…)."),
    )
    reuse_contact = models.CharField(
        _("contact for re-use"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who answers questions about re-use (office or role and e-mail); shown publicly."
        ),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    funding_amount = models.DecimalField(
        _("funding amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_is_public = models.BooleanField(
        _("show the contact publicly"),
        default=False,
        help_text=_("Only then are name and e-mail shown on the public project page."),
    )
    image = models.ImageField(_("image"), upload_to="projects/images/", blank=True)
    image_alt = models.CharField(_("alternative text of the image"), max_length=250, blank=True)
    is_flagship = models.BooleanField(_("flagship project"), default=False)
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted from"),
    )
    # Optimistic locking: every save raises it; a save based on an older value is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    # PostgreSQL full-text vector (config "german", title A, summary B, description C),
    # kept up to date by `update_search_vectors()`; unused and empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "description_html"])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # Newest first with the tie-breaker, so a page of the showcase (also
            # with an OFFSET) is read in index order without a sort step.
            models.Index(
                fields=["publication_state", "-published_at", "-id"], name="project_pub_newest_idx"
            ),
            models.Index(fields=["publication_state", "title"], name="project_pub_title_idx"),
            # The showcase's facet filters (status, then kind and direction) and
            # their count read only the matching published rows, not the table.
            models.Index(
                fields=["status", "kind", "transfer_direction"],
                condition=Q(publication_state=PublicationState.PUBLISHED),
                name="project_pub_facets_idx",
            ),
            # Status and kind with the id in order: the count of the showcase's
            # three filters merges this index with the fields of action's
            # (field, project) index, both read without touching the table.
            models.Index(
                fields=["status", "kind", "id"],
                condition=Q(publication_state=PublicationState.PUBLISHED),
                name="project_pub_status_kind_idx",
            ),
            # The same, newest first: a page of the showcase or the API with a
            # status and a kind is read in this order (the field of action is
            # then checked for each) instead of filtering the newest of all.
            models.Index(
                fields=["status", "kind", "-published_at", "-id"],
                condition=Q(publication_state=PublicationState.PUBLISHED),
                name="project_pub_stat_kind_new_idx",
            ),
            models.Index(fields=["publication_state", "start_date"], name="project_pub_start_idx"),
            # The model's ordering with the admin's tie-breaker: the admin's project
            # list reads its page in index order instead of sorting every project.
            models.Index(
                fields=["-published_at", "-created_at", "-id"], name="project_admin_order_idx"
            ),
            # The open-data catalogue's last change of the published projects
            # (dct:modified): one index read instead of every published row.
            models.Index(
                fields=["publication_state", "updated_at"], name="project_pub_updated_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | Q(funding_amount__gte=0),
                name="project_funding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost_min__isnull=True)
                | Q(cost_max__isnull=True)
                | Q(cost_max__gte=models.F("cost_min")),
                name="project_cost_range_ordered",
            ),
        ]
        permissions = [("review_project", "Can publish, return and archive projects")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def get_internal_url(self) -> str:
        return reverse("projects_intern:detail", kwargs={"pk": self.pk})

    @property
    def state(self) -> PublicationState:
        return PublicationState(self.publication_state)

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED

    @property
    def has_solution_profile(self) -> bool:
        """True when any item of the solution profile is filled."""
        return any(
            (
                self.prerequisites,
                self.operating_model,
                self.cost_min is not None,
                self.cost_max is not None,
                self.data_needed,
                self.licence,
                self.source_repository,
                self.reuse_contact,
            )
        )


def with_card_fields(projects: list[Project], fields: list[FieldOfAction]) -> list[Project]:
    """Give each project of a showcase page its fields of action as `card_fields`.

    One query over the link table for the whole page. The fields themselves
    (all ten, in their order) are those the showcase's filter has read for its
    choices already, so they are not fetched and built again for every card,
    as `prefetch_related` would.
    """
    if not projects:
        return projects
    by_id = {field.pk: field for field in fields}
    order = {field.pk: index for index, field in enumerate(fields)}
    linked: dict[int, list[int]] = {project.pk: [] for project in projects}
    links = Project.fields_of_action.through.objects.filter(project_id__in=linked)
    for project_id, field_id in links.values_list("project_id", "fieldofaction_id"):
        if field_id in by_id:  # a field created since the choices were read shows next time
            linked[project_id].append(field_id)
    for project in projects:
        project.card_fields = [by_id[pk] for pk in sorted(linked[project.pk], key=order.get)]
    return projects


class ParticipationQuerySet(models.QuerySet):
    def accepted(self):
        """The partners that take part: every public and internal surface reads these."""
        return self.filter(state=Participation.State.ACCEPTED)

    def open(self):
        """Invitations waiting for the invited partner's answer."""
        return self.filter(state=Participation.State.INVITED)

    def answerable_by(self, user):
        """Open invitations to partners where the user is an editor or admin."""
        editing = Membership.Role.editing_roles()
        partner_ids = [pk for pk, role in partner_roles(user).items() if role in editing]
        return self.open().filter(partner_id__in=partner_ids)


class Participation(ChoiceLabels, models.Model):
    """A partner's part in a project, by consent.

    A partner takes part (or leads) only once one of its editors or admins has
    accepted, or the project office has set it. Until then the row is an
    invitation (`INVITED`): no public or internal surface shows it and it grants
    nothing. A declined invitation stays as the answer; inviting again reuses
    it. The lead's own row is `ACCEPTED` with the role `LEAD`; an offer of the
    lead to another partner is an `INVITED` row with the role `LEAD`.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")
        PILOT_SITE = "pilot_site", _("Pilot site")
        SUPPORTER = "supporter", _("Supporter")

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

        def can_transition_to(self, target: str) -> bool:
            return target in PARTICIPATION_TRANSITIONS.get(self, ())

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("partner"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    # Rows written outside the invitation flow (the office in the admin, the
    # office's import, real and demo data) are the office's acts: accepted.
    # The portal's editing writes every row's state explicitly (services.py).
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ACCEPTED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["role", "partner__name"]
        constraints = [
            # A partner takes part once, and has at most one open or declined
            # invitation besides (an offer of the lead to a partner that takes part).
            models.UniqueConstraint(
                fields=["project", "partner"],
                condition=Q(state="accepted"),
                name="unique_accepted_participation",
            ),
            models.UniqueConstraint(
                fields=["project", "partner"],
                condition=Q(state__in=["invited", "declined"]),
                name="unique_pending_participation",
            ),
            # One lead, and at most one open offer of the lead.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead", state="accepted"),
                name="one_lead_per_project",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead", state="invited"),
                name="one_lead_offer_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.project} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == Participation.State.INVITED

    @property
    def is_accepted(self) -> bool:
        return self.state == Participation.State.ACCEPTED

    @property
    def concerns_the_lead(self) -> bool:
        """The lead's own row, or an offer of the lead."""
        return self.role == Participation.Role.LEAD

    @property
    def is_lead_offer(self) -> bool:
        return self.role == Participation.Role.LEAD and self.state != Participation.State.ACCEPTED

    def get_invitation_url(self) -> str:
        return reverse("projects_intern:invitation", kwargs={"pk": self.pk})


PARTICIPATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Participation.State.INVITED: (Participation.State.ACCEPTED, Participation.State.DECLINED),
    # Invited again (the declined row is reused).
    Participation.State.DECLINED: (Participation.State.INVITED,),
    Participation.State.ACCEPTED: (),
}


class TransferInterestQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=TransferInterest.Status.active())


class TransferInterest(ChoiceLabels, models.Model):
    """A partner's interest in adopting (nachnutzen) another partner's project."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_CONTACT = "in_contact", _("In contact")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")

        @classmethod
        def active(cls) -> list[str]:
            return [cls.OPEN, cls.IN_CONTACT]

        def can_transition_to(self, target: str) -> bool:
            return target in TRANSFER_TRANSITIONS.get(self, ())

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="transfer_interests",
        verbose_name=_("project"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="transfer_interests",
        verbose_name=_("interested partner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("signalled by"),
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    adopted_project = models.OneToOneField(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="origin_interest",
        verbose_name=_("adopted project"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TransferInterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer interest")
        verbose_name_plural = _("transfer interests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner"],
                condition=Q(status__in=["open", "in_contact"]),
                name="one_active_transfer_interest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.project}"

    @property
    def is_active(self) -> bool:
        return self.status in TransferInterest.Status.active()


TRANSFER_TRANSITIONS: dict[str, tuple[str, ...]] = {
    TransferInterest.Status.OPEN: (
        TransferInterest.Status.IN_CONTACT,
        TransferInterest.Status.ADOPTED,
        TransferInterest.Status.DECLINED,
    ),
    TransferInterest.Status.IN_CONTACT: (
        TransferInterest.Status.ADOPTED,
        TransferInterest.Status.DECLINED,
    ),
    TransferInterest.Status.ADOPTED: (),
    TransferInterest.Status.DECLINED: (),
}


class ProjectTransition(models.Model):
    """One recorded step of a project's workflow: who, when, what, why."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted for review")
        PUBLISHED = "published", _("published")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ARCHIVED = "archived", _("archived")
        EDITED_PUBLISHED = "edited_published", _("edited while published")
        INTEREST_SIGNALLED = "interest_signalled", _("transfer interest signalled")
        INTEREST_IN_CONTACT = "interest_in_contact", _("transfer interest: in contact")
        INTEREST_ADOPTED = "interest_adopted", _("transfer interest: adopted")
        INTEREST_DECLINED = "interest_declined", _("transfer interest: declined")
        PARTNER_INVITED = "partner_invited", _("partner invited")
        PARTNER_ACCEPTED = "partner_accepted", _("invitation accepted")
        PARTNER_DECLINED = "partner_declined", _("invitation declined")
        LEAD_CHANGED = "lead_changed", _("lead partner changed")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("project")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=PublicationState.choices, blank=True
    )
    to_state = models.CharField(
        _("to"), max_length=20, choices=PublicationState.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    transfer_interest = models.ForeignKey(
        TransferInterest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("transfer interest"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("project transition")
        verbose_name_plural = _("project transitions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_action_display()}"


class ImportRun(models.Model):
    """One import of a partner's existing projects (/intern/projekte-import/).

    The checked file's rows are kept here from the preview on, so the task
    worker reads the same data the office saw. After the office confirms, the
    task imports the ticked rows in small batches and writes its progress here
    after each batch (in the same transaction as the batch's projects), so the
    status page shows how far it is and a retry resumes where it stopped. The
    rows are emptied once the import is done.
    """

    class State(models.TextChoices):
        PREVIEW = "preview", _("preview (not confirmed)")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

        @classmethod
        def finished(cls) -> list[str]:
            return [cls.DONE, cls.FAILED]

    created_by = models.ForeignKey(
        "partners.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("partner"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    records = models.JSONField(_("rows of the file"), default=list, editable=False)
    selected_lines = models.JSONField(_("lines to import"), default=list, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEW
    )
    total_rows = models.PositiveIntegerField(_("rows to import"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("projects created"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped (already there)"), default=0)
    created_projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="+", verbose_name=_("created drafts")
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        db_table = "regiohub_importrun"  # the table from before the import moved here
        verbose_name = _("project import")
        verbose_name_plural = _("project imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.partner})"

    @property
    def is_finished(self) -> bool:
        return self.state in self.State.finished()

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.total_rows) if self.total_rows else 100
