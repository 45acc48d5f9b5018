"""Every multi-step write on projects: one function each, taking the acting user.

Each runs in a transaction, records a ProjectTransition (who, when, comment) and
sends its e-mail only after the commit. The portal views and the admin actions
call the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import german_slugify, render_markdown
from notifications.mail import render_mail
from notifications.models import Category
from notifications.services import notify_office, notify_users
from partners.models import Membership, Partner, User
from partners.rules import partner_roles

from .models import (
    FieldOfAction,
    Participation,
    Project,
    ProjectTransition,
    PublicationState,
    TransferInterest,
)

Action = ProjectTransition.Action


class WorkflowError(Exception):
    """A step that the project's current state does not allow."""


class VersionConflict(Exception):
    """The project changed since the form was loaded; `current` is the newer version."""

    def __init__(self, current: Project):
        super().__init__(f"project {current.pk} is at version {current.version}")
        self.current = current


# --- Helpers ---------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# Notifications go through notifications.services (the recipients' settings per
# category: immediately, weekly digest or off); the mails are queued in this
# transaction and delivered by the task worker after the commit. Subjects and
# texts come from templates/projects/email/, written in German (the hub's
# working language).


def _notify(
    users: Iterable[User],
    *,
    category: str,
    key: str,
    template: str,
    context: dict,
    url: str,
    acting_user,
) -> None:
    rendered = render_mail(template, context)
    notify_users(
        users=users,
        category=category,
        key=key,
        subject=rendered.subject,
        body=rendered.body,
        url=url,
        append_url=False,
        exclude=acting_user,
    )


def _notify_office(*, key: str, template: str, context: dict, url: str, acting_user) -> None:
    rendered = render_mail(template, context)
    notify_office(
        category=Category.PROJECT_REVIEWS,
        key=key,
        subject=rendered.subject,
        body=rendered.body,
        url=url,
        append_url=False,
        exclude=acting_user,
    )


def _mail_context(project: Project, **extra) -> dict:
    """What every project mail may name: the project and its two addresses."""
    return {
        "project": project,
        "internal_url": _absolute(project.get_internal_url()),
        "public_url": _absolute(project.get_absolute_url()),
        **extra,
    }


def editor_users(partner_ids: Iterable[int]) -> QuerySet[User]:
    """Active editors and admins of the partners."""
    return User.objects.filter(
        is_active=True,
        memberships__partner_id__in=list(partner_ids),
        memberships__role__in=Membership.Role.editing_roles(),
    ).distinct()


def project_editors(project: Project) -> QuerySet[User]:
    ids = set(project.participations.values_list("partner_id", flat=True))
    ids.add(project.lead_partner_id)
    return editor_users(ids)


def _record(
    project: Project,
    *,
    action: str,
    acting_user: User | None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    interest: TransferInterest | None = None,
) -> ProjectTransition:
    return ProjectTransition.objects.create(
        project=project,
        action=action,
        actor=acting_user,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        transfer_interest=interest,
    )


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = german_slugify(title)[:200] or "projekt"
    slug, number = base, 2
    taken = Project.objects.exclude(pk=exclude_pk)  # type: ignore[misc]  # None: excludes none
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def search_vector_expression():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="german")
        + SearchVector("summary", weight="B", config="german")
        + SearchVector("description", weight="C", config="german")
    )


def update_search_vectors(queryset: QuerySet[Project]) -> None:
    """Refresh the PostgreSQL full-text vector (a no-op on SQLite)."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=search_vector_expression())


# --- Editing -----------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    partner: Partner
    role: str


@transaction.atomic
def save_project(
    *,
    project: Project,
    acting_user: User,
    fields_of_action: Iterable[FieldOfAction],
    participants: Iterable[ParticipantRow] = (),
    expected_version: int | None = None,
) -> Project:
    """Create or update a project with its fields and participants.

    An update must name the version it was based on; when someone else saved in
    between, nothing is written and VersionConflict carries the newer version.
    Edits of a published project go live at once, are recorded and reported to
    the project office.
    """
    creating = project.pk is None
    if creating:
        if not acting_user.has_perm("projects.create_project"):
            raise PermissionDenied
        project.created_by = acting_user
        project.slug = unique_slug(project.title)
        project.version = 1
    else:
        stored = Project.objects.select_for_update().get(pk=project.pk)
        if not acting_user.has_perm("projects.edit_project", stored):
            raise PermissionDenied
        if expected_version is None or stored.version != expected_version:
            raise VersionConflict(stored)
        project.version = stored.version + 1
        project.publication_state = stored.publication_state
        project.published_at = stored.published_at
    project.description_html = render_markdown(project.description)
    project.full_clean(exclude=["slug", "fields_of_action", "partners"])
    project.save()
    project.fields_of_action.set(list(fields_of_action))
    _set_participants(project, participants)
    update_search_vectors(Project.objects.filter(pk=project.pk))

    if creating:
        _record(
            project,
            action=Action.CREATED,
            acting_user=acting_user,
            to_state=project.publication_state,
        )
    elif project.publication_state == PublicationState.PUBLISHED:
        step = _record(
            project,
            action=Action.EDITED_PUBLISHED,
            acting_user=acting_user,
            from_state=PublicationState.PUBLISHED,
            to_state=PublicationState.PUBLISHED,
        )
        if not _is_office(acting_user):
            _notify_office(
                key=f"project-step:{step.pk}",
                template="projects/email/published_edited",
                context=_mail_context(project, acting_user=acting_user),
                url=project.get_internal_url(),
                acting_user=acting_user,
            )
    return project


def _set_participants(project: Project, participants: Iterable[ParticipantRow]) -> None:
    """The lead partner always takes part as lead; everybody else with their role."""
    wanted = {row.partner.pk: row.role for row in participants if row.partner}
    wanted[project.lead_partner_id] = Participation.Role.LEAD
    for partner_id, role in wanted.items():
        if role == Participation.Role.LEAD and partner_id != project.lead_partner_id:
            wanted[partner_id] = Participation.Role.PARTNER
    existing = {p.partner_id: p for p in project.participations.all()}
    Participation.objects.filter(project=project).exclude(partner_id__in=wanted).delete()
    for partner_id, role in wanted.items():
        current = existing.get(partner_id)
        if current is None:
            Participation.objects.create(project=project, partner_id=partner_id, role=role)
        elif current.role != role:
            current.role = role
            current.save(update_fields=["role"])


def _is_office(user: User) -> bool:
    return user.has_perm("projects.review_project")


# --- Publication workflow -------------------------------------------------------


def _move(
    project: Project, *, acting_user: User, target: str, action: str, comment: str = ""
) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    source = locked.state
    if not source.can_transition_to(target):
        raise WorkflowError(
            _("A project that is “%(source)s” cannot become “%(target)s”.")
            % {"source": source.label, "target": PublicationState(target).label}
        )
    locked.publication_state = target
    fields = ["publication_state", "updated_at"]
    if target == PublicationState.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    locked._last_step = _record(
        locked,
        action=action,
        acting_user=acting_user,
        from_state=source,
        to_state=target,
        comment=comment,
    )
    project.publication_state = locked.publication_state
    project.published_at = locked.published_at
    return locked


@transaction.atomic
def submit_project(*, project: Project, acting_user: User, comment: str = "") -> Project:
    """Draft (or returned draft) → in review; the project office is told."""
    if not acting_user.has_perm("projects.submit_project", project):
        raise PermissionDenied
    project = _move(
        project,
        acting_user=acting_user,
        target=PublicationState.IN_REVIEW,
        action=Action.SUBMITTED,
        comment=comment,
    )
    _notify_office(
        key=f"project-step:{project._last_step.pk}",
        template="projects/email/submitted",
        context=_mail_context(project, acting_user=acting_user, comment=comment),
        url=project.get_internal_url(),
        acting_user=acting_user,
    )
    return project


def _decide(
    project: Project, *, acting_user: User, target: str, action: str, comment: str, template: str
) -> Project:
    """The office's decision on a project; its editors are told (`template` names the mail)."""
    if not acting_user.has_perm("projects.review_project", project):
        raise PermissionDenied
    project = _move(project, acting_user=acting_user, target=target, action=action, comment=comment)
    _notify(
        project_editors(project),
        category=Category.PROJECT_REVIEWS,
        key=f"project-step:{project._last_step.pk}",
        template=template,
        context=_mail_context(project, comment=comment),
        url=project.get_internal_url(),
        acting_user=acting_user,
    )
    return project


@transaction.atomic
def publish_project(*, project: Project, acting_user: User, comment: str = "") -> Project:
    """In review → published (project office only)."""
    return _decide(
        project,
        acting_user=acting_user,
        target=PublicationState.PUBLISHED,
        action=Action.PUBLISHED,
        comment=comment,
        template="projects/email/published",
    )


@transaction.atomic
def request_changes(*, project: Project, acting_user: User, comment: str) -> Project:
    """In review → changes requested, with a comment saying what to change."""
    if not comment.strip():
        raise ValidationError(_("Please say what should be changed."), code="comment_required")
    return _decide(
        project,
        acting_user=acting_user,
        target=PublicationState.CHANGES_REQUESTED,
        action=Action.CHANGES_REQUESTED,
        comment=comment.strip(),
        template="projects/email/changes_requested",
    )


@transaction.atomic
def archive_project(*, project: Project, acting_user: User, comment: str = "") -> Project:
    """Published → archived (project office only); the public page disappears."""
    return _decide(
        project,
        acting_user=acting_user,
        target=PublicationState.ARCHIVED,
        action=Action.ARCHIVED,
        comment=comment,
        template="projects/email/archived",
    )


# --- Transfer (Nachnutzung) ---------------------------------------------------------


@transaction.atomic
def signal_interest(
    *, project: Project, partner: Partner, acting_user: User, message: str
) -> TransferInterest:
    """A partner that does not take part yet signals interest in adopting the project."""
    if not acting_user.has_perm("projects.signal_interest", project):
        raise PermissionDenied
    if partner.pk not in partner_roles(acting_user):
        raise PermissionDenied
    if project.participations.filter(partner=partner).exists():
        raise WorkflowError(_("This partner already takes part in the project."))
    if TransferInterest.objects.active().filter(project=project, partner=partner).exists():
        raise WorkflowError(_("This partner has already signalled interest in the project."))
    interest = TransferInterest(
        project=project, partner=partner, created_by=acting_user, message=message.strip()
    )
    interest.full_clean()
    interest.save()
    step = _record(
        project,
        action=Action.INTEREST_SIGNALLED,
        acting_user=acting_user,
        comment=message.strip(),
        interest=interest,
    )

    _notify(
        editor_users([project.lead_partner_id]),
        category=Category.TRANSFER_INTEREST,
        key=f"project-step:{step.pk}",
        template="projects/email/interest_signalled",
        context=_mail_context(project, acting_user=acting_user, interest=interest),
        url=project.get_internal_url(),
        acting_user=acting_user,
    )
    return interest


@transaction.atomic
def decide_interest(
    *, interest: TransferInterest, acting_user: User, status: str, comment: str = ""
) -> TransferInterest:
    """Move a transfer interest on: open → in contact → adopted / declined.

    On "adopted" the interested partner gets a prefilled draft of its own,
    linked to the original by `adopted_from`.
    """
    interest = (
        TransferInterest.objects.select_for_update(of=("self",))
        .select_related("project", "partner", "created_by")
        .get(pk=interest.pk)
    )
    if not acting_user.has_perm("projects.decide_interest", interest.project):
        raise PermissionDenied
    current = TransferInterest.Status(interest.status)
    if not current.can_transition_to(status):
        raise WorkflowError(
            _("An interest that is “%(source)s” cannot become “%(target)s”.")
            % {"source": current.label, "target": TransferInterest.Status(status).label}
        )
    interest.status = status
    action = {
        TransferInterest.Status.IN_CONTACT: Action.INTEREST_IN_CONTACT,
        TransferInterest.Status.ADOPTED: Action.INTEREST_ADOPTED,
        TransferInterest.Status.DECLINED: Action.INTEREST_DECLINED,
    }[TransferInterest.Status(status)]
    if status == TransferInterest.Status.ADOPTED:
        interest.adopted_project = _adopted_draft(interest)
    interest.save()
    step = _record(
        interest.project, action=action, acting_user=acting_user, comment=comment, interest=interest
    )
    recipients = list(editor_users([interest.partner_id]))
    if interest.created_by:
        recipients.append(interest.created_by)
    draft = interest.adopted_project
    _notify(
        recipients,
        category=Category.TRANSFER_INTEREST,
        key=f"project-step:{step.pk}",
        template="projects/email/interest_moved",
        context={
            "interest": interest,
            "comment": comment,
            "draft_url": _absolute(draft.get_internal_url()) if draft else "",
        },
        url=draft.get_internal_url() if draft else interest.project.get_absolute_url(),
        acting_user=acting_user,
    )
    return interest


def _adopted_draft(interest: TransferInterest) -> Project:
    origin = interest.project
    draft = Project(
        title=origin.title,
        summary=origin.summary,
        description=origin.description,
        description_html=origin.description_html,
        kind=Project.Kind.EXISTING,
        status=Project.Status.PLANNING,
        lead_partner=interest.partner,
        transfer_direction=origin.transfer_direction,
        adopted_from=origin,
        created_by=interest.created_by,
        slug=unique_slug(f"{origin.title} {interest.partner.display_name}"),
    )
    draft.save()
    draft.fields_of_action.set(origin.fields_of_action.all())
    Participation.objects.create(
        project=draft, partner=interest.partner, role=Participation.Role.LEAD
    )
    update_search_vectors(Project.objects.filter(pk=draft.pk))
    _record(
        draft,
        action=Action.CREATED,
        acting_user=interest.created_by,
        to_state=PublicationState.DRAFT,
        comment=f"Nachnutzung von „{origin.title}“",
    )
    return draft
