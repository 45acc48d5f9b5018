"""Every multi-step write of co-initiation: one function each, taking the acting user.

The draft itself is a project: it is created, edited, its co-initiators invited
and their answers given through `projects.services` (invitation by consent,
versioned editing, review). What is written here runs in a transaction on the
locked project or need, like the services it builds on; mails are queued in
the same transaction (notifications) and delivered after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.text import render_markdown
from notifications.mail import MailTemplate
from notifications.models import Category
from notifications.services import notify_users
from partners.models import Membership, Partner, User
from partners.rules import partner_roles
from projects import services as project_services
from projects.models import FieldOfAction, Participation, Project

from .. import services as need_services
from ..models import Need, NeedState
from .models import Confirmation, DraftComment, JointDraft

# "@" and an e-mail address, not inside a word or an address ("a@b" is no mention).
MENTION = re.compile(r"(?<![\w.@])@([\w.%+-]+@[\w-]+(?:\.[\w-]+)+)")


EDIT_WINDOW_OVER = gettext_lazy(
    "A comment can be changed only in the first 15 minutes; write a new one instead."
)


def _names(partners: Iterable[Partner]) -> str:
    return ", ".join(sorted(partner.name for partner in partners))


# --- Starting a joint draft ----------------------------------------------------------


@transaction.atomic
def start_joint_draft(
    *,
    acting_user: User,
    lead_partner: Partner,
    title: str,
    summary: str,
    description: str = "",
    fields_of_action: Iterable[FieldOfAction] = (),
    co_initiators: Iterable[Partner] = (),
    need: Need | None = None,
) -> JointDraft:
    """Create a joint project draft led by `lead_partner` and invite the co-initiators.

    Each co-initiator is invited (a Participation the partner's editors or
    admins accept or decline, projects' invitation by consent); a partner the
    acting user edits for takes part at once. From a need, the need is locked
    first: a need closed at the same moment is refused, never half-linked.
    """
    if not acting_user.has_perm("exchange.start_joint_draft"):
        raise PermissionDenied
    if need is not None:
        need = Need.objects.select_for_update().get(pk=need.pk)
        if not acting_user.has_perm("exchange.read_need", need):
            raise PermissionDenied
        if need.state not in NeedState.active():
            raise ValidationError(
                _("The need is no longer open (“%(state)s”); a joint draft cannot start from it.")
                % {"state": NeedState(need.state).label}
            )
    partners = list(co_initiators)
    active_ids = set(
        Partner.objects.active()
        .filter(pk__in=[partner.pk for partner in partners])
        .values_list("pk", flat=True)
    )
    not_partners = [partner for partner in partners if partner.pk not in active_ids]
    if not_partners:
        raise ValidationError(
            {
                "co_initiators": _("%(names)s is no active partner of the hub.")
                % {"names": _names(not_partners)}
            }
        )
    rows = [
        project_services.ParticipantRow(partner=partner, role=Participation.Role.PARTNER)
        for partner in partners
        if partner.pk != lead_partner.pk
    ]
    project = Project(
        title=title,
        summary=summary,
        description=description,
        kind=Project.Kind.JOINT,
        status=Project.Status.IDEA,
        lead_partner=lead_partner,
    )
    project = project_services.save_project(
        project=project,
        acting_user=acting_user,
        fields_of_action=fields_of_action,
        participants=rows,
    )
    draft = JointDraft.objects.create(project=project, need=need, created_by=acting_user)
    if need is not None:
        need_services.answer_by_joint_draft(need=need, acting_user=acting_user)
    return draft


# --- Confirmations ---------------------------------------------------------------------


def accepted_partner_ids(project: Project) -> set[int]:
    ids = set(project.participations.accepted().values_list("partner_id", flat=True))
    ids.add(project.lead_partner_id)
    return ids


def confirmation_status(draft: JointDraft) -> dict:
    """Who has confirmed the current version, who has not, who has not answered yet."""
    project = draft.project
    rows = draft.co_initiators()
    valid = {
        confirmation.partner_id: confirmation
        for confirmation in draft.confirmations.select_related("confirmed_by")
    }
    State = Participation.State
    accepted = [row for row in rows if row.state == State.ACCEPTED]

    def is_confirmed(row: Participation) -> bool:
        given = valid.get(row.partner_id)
        return given is not None and given.is_valid_for(project)

    for row in rows:
        row.confirmation = valid.get(row.partner_id)  # type: ignore[attr-defined]
        row.is_confirmed = row.state == State.ACCEPTED and is_confirmed(row)  # type: ignore[attr-defined]
    return {
        "rows": rows,
        "confirmations": valid,
        "confirmed": [row for row in accepted if is_confirmed(row)],
        "missing": [row for row in accepted if not is_confirmed(row)],
        # Given for an earlier version: void since the content changed.
        "voided": [row for row in accepted if row.partner_id in valid and not is_confirmed(row)],
        "waiting": [row for row in rows if row.state == State.INVITED],
    }


@transaction.atomic
def confirm_draft(*, draft: JointDraft, partner: Partner, acting_user: User) -> Confirmation:
    """A co-initiator's editor or admin confirms the draft as it is now (its version)."""
    project = Project.objects.select_for_update().get(pk=draft.project_id)
    draft.project = project
    if partner_roles(acting_user).get(partner.pk) not in Membership.Role.editing_roles():
        raise ValidationError(
            _("You can confirm only for a partner where you are an editor or admin.")
        )
    if partner.pk not in accepted_partner_ids(project):
        raise ValidationError(
            _("%(partner)s is no co-initiator of this draft (or has not accepted yet).")
            % {"partner": partner.name}
        )
    if not draft.is_open_for_confirmation:
        raise ValidationError(
            _("The draft is “%(state)s”; there is nothing to confirm any more.")
            % {"state": project.state.label}
        )
    confirmation = Confirmation.objects.filter(draft=draft, partner=partner).first()
    if confirmation is not None and confirmation.is_valid_for(project):
        raise ValidationError(
            _("%(partner)s has confirmed this version already.") % {"partner": partner.name}
        )
    confirmation = confirmation or Confirmation(draft=draft, partner=partner)
    confirmation.version = project.version
    confirmation.confirmed_by = acting_user
    confirmation.confirmed_at = timezone.now()
    confirmation._history_user = acting_user  # type: ignore[attr-defined]
    confirmation.save()
    return confirmation


def check_all_confirmed(project: Project) -> None:
    """The condition before a joint draft goes to review (projects.services.SUBMIT_CHECKS).

    Every invitation is answered and every accepted co-initiator has confirmed
    the current version; otherwise the step is refused with who is missing.
    """
    draft = JointDraft.objects.filter(project=project).first()
    if draft is None:
        return
    draft.project = project
    status = confirmation_status(draft)
    if status["waiting"]:
        partners = [row.partner for row in status["waiting"]]
        raise project_services.WorkflowError(
            ngettext(
                "%(names)s has not answered the invitation to co-initiate yet.",
                "%(names)s have not answered the invitation to co-initiate yet.",
                len(partners),
            )
            % {"names": _names(partners)}
        )
    if status["missing"]:
        partners = [row.partner for row in status["missing"]]
        raise project_services.WorkflowError(
            ngettext(
                "The draft goes to review when every co-initiator has confirmed it; "
                "%(names)s has not confirmed the current version yet.",
                "The draft goes to review when every co-initiator has confirmed it; "
                "%(names)s have not confirmed the current version yet.",
                len(partners),
            )
            % {"names": _names(partners)}
        )


if check_all_confirmed not in project_services.SUBMIT_CHECKS:
    project_services.SUBMIT_CHECKS.append(check_all_confirmed)


# --- The discussion thread ---------------------------------------------------------------


def mentionable_users(draft: JointDraft) -> QuerySet[User]:
    """Staff of the partners that take part: who reads the thread and may be mentioned."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__partner_id__in=accepted_partner_ids(draft.project),
            memberships__role__in=Membership.Role.staff_roles(),
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _mentions(draft: JointDraft, body: str) -> list[User]:
    """The users the text mentions; a mention of anyone else is refused with a message."""
    addresses = {address.lower() for address in MENTION.findall(body)}
    if not addresses:
        return []
    found = {
        user.email.lower(): user
        for user in mentionable_users(draft)
        if user.email.lower() in addresses
    }
    unknown = sorted(addresses - set(found))
    if unknown:
        raise ValidationError(
            {
                "body": _(
                    "%(addresses)s: only staff of the partners taking part can be mentioned "
                    "(and read this discussion)."
                )
                % {"addresses": ", ".join(unknown)}
            }
        )
    return list(found.values())


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    return body


def _save_comment(comment: DraftComment, *, acting_user: User, reason: str) -> None:
    comment.body_html = render_markdown(comment.body)
    comment._history_user = acting_user
    comment._change_reason = reason
    comment.full_clean(exclude=["author"])
    comment.save()


def _notify_mentioned(comment: DraftComment, users: Iterable[User], *, acting_user: User) -> None:
    """Tell each mentioned person once per comment (the key), in their own language."""
    draft = comment.draft
    url = f"{draft.get_absolute_url()}#comment-{comment.pk}"
    notify_users(
        users=users,
        category=Category.PROJECT_REVIEWS,
        key=f"draft-mention:{comment.pk}",
        mail=MailTemplate(
            "exchange/email/mentioned",
            {
                "project_title": draft.project.title,
                "author": str(acting_user),
                "body": comment.body,
                "url": f"{settings.SITE_URL}{url}",
            },
        ),
        url=url,
        append_url=False,
        exclude=acting_user,
    )


@transaction.atomic
def post_comment(*, draft: JointDraft, acting_user: User, body: str) -> DraftComment:
    """Add a comment to the thread; the people it mentions are told."""
    if not acting_user.has_perm("exchange.comment_joint_draft", draft):
        raise PermissionDenied
    body = _clean_body(body)
    mentioned = _mentions(draft, body)
    comment = DraftComment(draft=draft, author=acting_user, body=body)
    _save_comment(comment, acting_user=acting_user, reason="written")
    comment.mentioned.set(mentioned)
    _notify_mentioned(comment, mentioned, acting_user=acting_user)
    return comment


@transaction.atomic
def edit_comment(*, comment: DraftComment, acting_user: User, body: str) -> DraftComment:
    """The author corrects the comment within 15 minutes; the former text stays in its history.

    Only people mentioned for the first time are told.
    """
    locked = (
        DraftComment.objects.select_for_update().select_related("draft__project").get(pk=comment.pk)
    )
    if locked.author_id != acting_user.pk:
        raise PermissionDenied
    if not locked.is_editable_now():
        raise ValidationError(EDIT_WINDOW_OVER)
    body = _clean_body(body)
    mentioned = _mentions(locked.draft, body)
    if body == locked.body:
        return locked
    before = set(locked.mentioned.values_list("pk", flat=True))
    locked.body = body
    locked.edited_at = timezone.now()
    _save_comment(locked, acting_user=acting_user, reason="edited")
    locked.mentioned.add(*mentioned)
    _notify_mentioned(
        locked, [user for user in mentioned if user.pk not in before], acting_user=acting_user
    )
    return locked
