"""Every multi-step write on projects: one function each, taking the acting user.

Each runs in a transaction, records a ProjectTransition (who, when, comment) and
sends its e-mail only after the commit. The portal views and the admin actions
call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import has_office_rights
from core.text import german_slugify, render_markdown
from notifications.mail import MailTemplate
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
# texts come from templates/projects/email/, written in each recipient's language.


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
    notify_users(
        users=users,
        category=category,
        key=key,
        mail=MailTemplate(template, context),
        url=url,
        append_url=False,
        exclude=acting_user,
    )


def _notify_office(*, key: str, template: str, context: dict, url: str, acting_user) -> None:
    notify_office(
        category=Category.PROJECT_REVIEWS,
        key=key,
        mail=MailTemplate(template, context),
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
    ids = set(project.participations.accepted().values_list("partner_id", flat=True))
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


LEAD_CHANGE_REFUSED = _(
    "Only the editors of the lead partner or the project office can hand over the lead."
)
PARTICIPANTS_CHANGE_REFUSED = _(
    "Only the editors of the lead partner or the project office can change who takes part."
)
NEW_LEAD_REFUSED = _("A new project can only be led by a partner you edit for.")


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

    `project.lead_partner` is the lead the editor wants. A new project is led
    by a partner the acting user edits for. Later the lead changes only by the
    lead's editors or the office (ValidationError otherwise), and only with the
    new lead's consent: at once when the acting user edits for it (or is the
    office), else as an offer its editors accept or decline. The former lead
    stays as a partner. `participants` are the other partners; who takes part
    is changed by the lead's editors or the office only, and a partner the
    acting user does not edit for is invited, not added (see
    `_sync_participations`).
    """
    creating = project.pk is None
    wanted_lead_id = project.lead_partner_id
    rows = list(participants)
    if creating:
        if not acting_user.has_perm("projects.create_project"):
            raise PermissionDenied
        if not answers_for(acting_user, wanted_lead_id):
            raise ValidationError({"lead_partner": NEW_LEAD_REFUSED})
        project.created_by = acting_user
        project.slug = unique_slug(project.title)
        project.version = 1
        former_lead_id = None
    else:
        stored = Project.objects.select_for_update().get(pk=project.pk)
        if not acting_user.has_perm("projects.edit_project", stored):
            raise PermissionDenied
        if expected_version is None or stored.version != expected_version:
            raise VersionConflict(stored)
        _check_partner_changes(stored, acting_user, wanted_lead_id, rows)
        project.version = stored.version + 1
        project.publication_state = stored.publication_state
        project.published_at = stored.published_at
        former_lead_id = stored.lead_partner_id
        # The lead changes now only with the new lead's consent; else it is offered.
        if wanted_lead_id != former_lead_id and not answers_for(acting_user, wanted_lead_id):
            project.lead_partner_id = former_lead_id
    project.description_html = render_markdown(project.description)
    project.full_clean(exclude=["slug", "fields_of_action", "partners"])
    project.save()
    project.fields_of_action.set(list(fields_of_action))
    invited = _sync_participations(
        project,
        rows=rows,
        former_lead_id=former_lead_id,
        lead_offer_to=wanted_lead_id if wanted_lead_id != project.lead_partner_id else None,
        acting_user=acting_user,
    )
    update_search_vectors(Project.objects.filter(pk=project.pk))

    if creating:
        _record(
            project,
            action=Action.CREATED,
            acting_user=acting_user,
            to_state=project.publication_state,
        )
    else:
        if project.lead_partner_id != former_lead_id:
            _record(
                project,
                action=Action.LEAD_CHANGED,
                acting_user=acting_user,
                comment=project.lead_partner.name,
            )
        if project.publication_state == PublicationState.PUBLISHED:
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
    for invitation in invited:
        _invite_notice(invitation, acting_user=acting_user)
    return project


def answers_for(user: User, partner_id: int | None) -> bool:
    """The user may give the partner's consent: one of its editors or admins, or the office."""
    if partner_id is None:
        return False
    if has_office_rights(user):
        return True
    return partner_roles(user).get(partner_id) in Membership.Role.editing_roles()


def _wanted_others(lead_id: int, rows: Iterable[ParticipantRow]) -> dict[int, str]:
    """{partner id: role} of the rows besides the lead ("lead" in a row means partner)."""
    wanted: dict[int, str] = {}
    for row in rows:
        if row.partner and row.partner.pk != lead_id:
            lead = row.role == Participation.Role.LEAD
            wanted[row.partner.pk] = Participation.Role.PARTNER if lead else row.role
    return wanted


def current_others(project: Project) -> tuple[dict[int, str], int | None]:
    """What the edit form shows: ({partner id: role} of the partners besides the lead that
    take part or are invited, the partner the lead is offered to or None)."""
    others: dict[int, str] = {}
    offer_to = None
    for row in Participation.objects.filter(project=project).exclude(
        state=Participation.State.DECLINED
    ):
        if row.partner_id == project.lead_partner_id and row.state == Participation.State.ACCEPTED:
            continue
        if row.role == Participation.Role.LEAD:
            offer_to = row.partner_id
        else:
            others[row.partner_id] = row.role
    return others, offer_to


def _check_partner_changes(
    stored: Project, acting_user: User, wanted_lead_id: int, rows: list[ParticipantRow]
) -> None:
    """Refuse a change of the lead or of who takes part by someone not entitled to it."""
    others, offer_to = current_others(stored)
    current_wanted_lead = offer_to or stored.lead_partner_id
    errors: dict[str, str] = {}
    if wanted_lead_id != current_wanted_lead and not acting_user.has_perm(
        "projects.change_lead", stored
    ):
        errors["lead_partner"] = LEAD_CHANGE_REFUSED
    wanted = _wanted_others(stored.lead_partner_id, rows)
    if wanted != others and not acting_user.has_perm("projects.manage_participants", stored):
        errors[NON_FIELD_ERRORS] = PARTICIPANTS_CHANGE_REFUSED
    if errors:
        raise ValidationError(errors)


def _accept(row: Participation, acting_user: User, role: str) -> None:
    row.role = role
    row.state = Participation.State.ACCEPTED
    row.answered_by = acting_user
    row.answered_at = timezone.now()
    if row.invited_at is None:
        row.invited_by, row.invited_at = acting_user, row.answered_at
    row.save()


def _invite(row: Participation, acting_user: User, role: str) -> Participation:
    row.role = role
    row.state = Participation.State.INVITED
    row.invited_by = acting_user
    row.invited_at = timezone.now()
    row.answered_by = None
    row.answered_at = None
    row.save()
    return row


def _sync_participations(
    project: Project,
    *,
    rows: list[ParticipantRow],
    former_lead_id: int | None,
    lead_offer_to: int | None,
    acting_user: User,
) -> list[Participation]:
    """Bring the project's participations in line with the editor's wish; returns new invitations.

    The lead's row is accepted with the role "lead" (a former lead stays as a
    partner). A partner the acting user answers for (`answers_for`) takes part
    at once; any other is invited, and an open invitation no longer wished for
    is withdrawn (deleted, its history kept). A declined invitation is kept as
    the answer and reused when the partner is invited again.
    """
    State, Role = Participation.State, Participation.Role
    lead_id = project.lead_partner_id
    existing = list(Participation.objects.select_for_update().filter(project=project))
    accepted = {row.partner_id: row for row in existing if row.state == State.ACCEPTED}
    pending = {row.partner_id: row for row in existing if row.state != State.ACCEPTED}
    wanted = _wanted_others(lead_id, rows)
    if former_lead_id is not None and former_lead_id != lead_id:
        wanted[former_lead_id] = Role.PARTNER  # a former lead keeps taking part
    if lead_offer_to is not None and lead_offer_to not in accepted:
        wanted.pop(lead_offer_to, None)  # the offer of the lead is its invitation
    invited: list[Participation] = []

    _settle_lead(project, accepted, pending, acting_user)

    # The offer of the lead: at most one open; a new wish replaces it.
    for partner_id, row in list(pending.items()):
        if row.role == Role.LEAD and row.state == State.INVITED and partner_id != lead_offer_to:
            row.delete()
            del pending[partner_id]
    if lead_offer_to is not None:
        row = pending.get(lead_offer_to)
        if row is None or row.state != State.INVITED or row.role != Role.LEAD:
            row = row or Participation(project=project, partner_id=lead_offer_to)
            invited.append(_invite(row, acting_user, Role.LEAD))
            pending[lead_offer_to] = row

    # Everybody else.
    for partner_id, row in accepted.items():
        if partner_id != lead_id and partner_id not in wanted:
            row.delete()
    for partner_id, role in wanted.items():
        current = accepted.get(partner_id)
        if current is not None:
            if current.role != role:
                current.role = role
                current.save()
            continue
        row = pending.get(partner_id)
        if answers_for(acting_user, partner_id):
            _accept(row or Participation(project=project, partner_id=partner_id), acting_user, role)
        elif row is None or row.state == State.DECLINED:
            row = row or Participation(project=project, partner_id=partner_id)
            invited.append(_invite(row, acting_user, role))
        elif row.role != role:
            row.role = role
            row.save()
    for partner_id, row in pending.items():
        if row.state == State.INVITED and row.role != Role.LEAD and partner_id not in wanted:
            row.delete()
    return invited


def _settle_lead(
    project: Project,
    accepted: dict[int, Participation],
    pending: dict[int, Participation],
    acting_user: User,
) -> None:
    """The lead partner's row is the one accepted row with the role "lead" (demote first)."""
    Role = Participation.Role
    lead_id = project.lead_partner_id
    for partner_id, row in accepted.items():
        if row.role == Role.LEAD and partner_id != lead_id:
            row.role = Role.PARTNER
            row.save()
    lead_row = accepted.get(lead_id)
    if lead_row is not None:
        if lead_row.role != Role.LEAD:
            lead_row.role = Role.LEAD
            lead_row.save()
    else:
        if lead_id in pending:
            row = pending.pop(lead_id)
        else:
            row = Participation(project=project, partner_id=lead_id)
        _accept(row, acting_user, Role.LEAD)
        accepted[lead_id] = row


@transaction.atomic
def settle_participations_by_office(*, project: Project, acting_user: User) -> None:
    """After the office saved a project in the admin: its lead takes part as lead.

    The office's word is the consent (its rows are accepted and name it); a
    former lead stays as a partner.
    """
    if not has_office_rights(acting_user):
        raise PermissionDenied
    existing = list(Participation.objects.select_for_update().filter(project=project))
    accepted = {r.partner_id: r for r in existing if r.state == Participation.State.ACCEPTED}
    pending = {r.partner_id: r for r in existing if r.state != Participation.State.ACCEPTED}
    _settle_lead(project, accepted, pending, acting_user)


def _invite_notice(invitation: Participation, *, acting_user: User) -> None:
    """Record an invitation on the project and tell the invited partner's editors."""
    project = invitation.project
    step = _record(
        project,
        action=Action.PARTNER_INVITED,
        acting_user=acting_user,
        comment=f"{invitation.partner.name} ({invitation.get_role_display()})",
    )
    _notify(
        editor_users([invitation.partner_id]),
        category=Category.PROJECT_REVIEWS,
        key=f"project-step:{step.pk}",
        template="projects/email/participation_invited",
        context=_mail_context(
            project,
            acting_user=acting_user,
            invitation=invitation,
            invitation_url=_absolute(invitation.get_invitation_url()),
        ),
        url=invitation.get_invitation_url(),
        acting_user=acting_user,
    )


# --- Answering an invitation ---------------------------------------------------------


def _open_invitation(participation: Participation, acting_user: User) -> Participation:
    row = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("project", "partner", "invited_by")
        .get(pk=participation.pk)
    )
    if not acting_user.has_perm("projects.view_invitation", row):
        raise PermissionDenied
    if not row.is_open:
        raise WorkflowError(_("This invitation has been answered already."))
    if not acting_user.has_perm("projects.answer_invitation", row):
        raise PermissionDenied
    return row


@transaction.atomic
def accept_participation(*, participation: Participation, acting_user: User) -> Participation:
    """The invited partner's editor or admin accepts: the partner takes part (or leads).

    Accepting the lead hands it over: the project's lead partner becomes the
    invited partner and the former lead stays as a partner. The project's
    version rises, so a form opened before does not overwrite it unknowingly.
    The lead's editors and whoever invited are told.
    """
    row = _open_invitation(participation, acting_user)
    project = Project.objects.select_for_update().get(pk=row.project_id)
    State, Role = Participation.State, Participation.Role
    if row.role == Role.LEAD:
        others = Participation.objects.filter(project=project, state=State.ACCEPTED)
        for other in others:
            if other.role == Role.LEAD:
                other.role = Role.PARTNER  # the former lead stays as a partner
                other.save()
            elif other.partner_id == row.partner_id:
                other.delete()  # its part so far becomes the lead
        former_lead_id = project.lead_partner_id
        project.lead_partner_id = row.partner_id
        project.version += 1
        project.save(update_fields=["lead_partner", "version", "updated_at"])
    else:
        former_lead_id = None
    _accept(row, acting_user, row.role)
    step = _record(
        project,
        action=Action.PARTNER_ACCEPTED,
        acting_user=acting_user,
        comment=f"{row.partner.name} ({row.get_role_display()})",
    )
    if former_lead_id is not None:
        _record(
            project, action=Action.LEAD_CHANGED, acting_user=acting_user, comment=row.partner.name
        )
    _answer_notice(row, project, step, acting_user=acting_user, former_lead_id=former_lead_id)
    return row


@transaction.atomic
def decline_participation(
    *, participation: Participation, acting_user: User, comment: str = ""
) -> Participation:
    """The invited partner's editor or admin declines; the answer is kept and the lead told."""
    row = _open_invitation(participation, acting_user)
    row.state = Participation.State.DECLINED
    row.answered_by = acting_user
    row.answered_at = timezone.now()
    row.save()
    note = f"{row.partner.name} ({row.get_role_display()})"
    step = _record(
        row.project,
        action=Action.PARTNER_DECLINED,
        acting_user=acting_user,
        comment=f"{note}: {comment.strip()}" if comment.strip() else note,
    )
    _answer_notice(row, row.project, step, acting_user=acting_user, comment=comment.strip())
    return row


def _answer_notice(
    row: Participation,
    project: Project,
    step: ProjectTransition,
    *,
    acting_user: User,
    former_lead_id: int | None = None,
    comment: str = "",
) -> None:
    lead_ids = {project.lead_partner_id}
    if former_lead_id is not None:
        lead_ids.add(former_lead_id)
    recipients = list(editor_users(lead_ids))
    if row.invited_by is not None:
        recipients.append(row.invited_by)
    _notify(
        recipients,
        category=Category.PROJECT_REVIEWS,
        key=f"project-step:{step.pk}",
        template="projects/email/participation_answered",
        context=_mail_context(project, acting_user=acting_user, invitation=row, comment=comment),
        url=project.get_internal_url(),
        acting_user=acting_user,
    )


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


# Conditions the apps above add before a project may go to review (the marketplace:
# every co-initiator of a joint draft has confirmed it). Each is called with the
# locked project and raises WorkflowError with the reason; projects/ names none.
SUBMIT_CHECKS: list[Callable[[Project], None]] = []


@transaction.atomic
def submit_project(*, project: Project, acting_user: User, comment: str = "") -> Project:
    """Draft (or returned draft) → in review; the project office is told."""
    if not acting_user.has_perm("projects.submit_project", project):
        raise PermissionDenied
    locked = Project.objects.select_for_update().get(pk=project.pk)
    for check in SUBMIT_CHECKS:
        check(locked)
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
    if partner_roles(acting_user).get(partner.pk) not in Membership.Role.editing_roles():
        raise PermissionDenied  # members read; they do not speak for their organisation
    if project.participations.accepted().filter(partner=partner).exists():
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
    # The interested partner's editor asked for it: its lead is accepted.
    Participation.objects.create(
        project=draft,
        partner=interest.partner,
        role=Participation.Role.LEAD,
        invited_by=interest.created_by,
        invited_at=interest.created_at,
        answered_by=interest.created_by,
        answered_at=timezone.now(),
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
