"""Who may do what with projects (django-rules), built from the partner predicates.

Editors and admins of a participating partner edit a project; every member of
a participating partner reads it internally; the project office does everything,
and only the office publishes, returns or archives. Only partners whose
participation is accepted take part: an open invitation grants nothing. Who
takes part and who leads is changed by the lead partner's editors or the
office; an invitation is answered by the invited partner's editors or admins.
"""

import rules
from django.db.models import Model

from partners.models import Membership
from partners.rules import is_office_or_superuser, is_partner_editor, partner_roles

from .models import Participation, Project, PublicationState, TransferInterest


def participant_ids(project: Project) -> set[int]:
    """Partner ids taking part (accepted) in the project, read once per project object."""
    cached = getattr(project, "_participant_ids", None)
    if cached is None:
        if "participations" in getattr(project, "_prefetched_objects_cache", {}):
            accepted = Participation.State.ACCEPTED
            cached = {p.partner_id for p in project.participations.all() if p.state == accepted}
        else:
            cached = set(project.participations.accepted().values_list("partner_id", flat=True))
        cached.add(project.lead_partner_id)
        project._participant_ids = cached
    return cached


def _project_of(obj: Model | None) -> Project | None:
    if isinstance(obj, TransferInterest):
        return obj.project
    return obj if isinstance(obj, Project) else None


@rules.predicate
def is_participant_member(user, obj) -> bool:
    project = _project_of(obj)
    if project is None:
        return False
    return bool(participant_ids(project) & set(partner_roles(user)))


@rules.predicate
def is_participant_editor(user, obj) -> bool:
    project = _project_of(obj)
    if project is None:
        return False
    editing = Membership.Role.editing_roles()
    roles = partner_roles(user)
    return any(roles.get(pk) in editing for pk in participant_ids(project))


@rules.predicate
def is_lead_editor(user, obj) -> bool:
    project = _project_of(obj)
    if project is None:
        return False
    return partner_roles(user).get(project.lead_partner_id) in Membership.Role.editing_roles()


@rules.predicate
def edits_for_some_partner(user) -> bool:
    editing = Membership.Role.editing_roles()
    return any(role in editing for role in partner_roles(user).values())


@rules.predicate
def is_editable_state(user, obj) -> bool:
    project = _project_of(obj)
    return project is not None and project.state.is_editable_by_partner


@rules.predicate
def is_published(user, obj) -> bool:
    project = _project_of(obj)
    return project is not None and project.publication_state == PublicationState.PUBLISHED


def outside_editing_partner_ids(user, project: Project) -> set[int]:
    """Partners where the user edits (editor, admin) that do not take part in the project."""
    editing = Membership.Role.editing_roles()
    ids = {pk for pk, role in partner_roles(user).items() if role in editing}
    return ids - participant_ids(project)


@rules.predicate
def edits_for_an_outside_partner(user, obj) -> bool:
    """Edits for a partner that does not take part in the project yet.

    Members read; they do not speak for their organisation (a transfer
    interest commits it), so they are left out.
    """
    project = _project_of(obj)
    if project is None:
        return False
    return bool(outside_editing_partner_ids(user, project))


@rules.predicate
def is_open_invitation(user, obj) -> bool:
    return isinstance(obj, Participation) and obj.is_open


# Internal pages and the portal's editing.
rules.add_perm("projects.view_internal", is_participant_member | is_office_or_superuser)
rules.add_perm("projects.create_project", edits_for_some_partner | is_office_or_superuser)
rules.add_perm(
    "projects.edit_project", (is_participant_editor & is_editable_state) | is_office_or_superuser
)
rules.add_perm("projects.submit_project", is_participant_editor | is_office_or_superuser)
rules.add_perm("projects.review_project", is_office_or_superuser)
rules.add_perm("projects.signal_interest", is_published & edits_for_an_outside_partner)
rules.add_perm("projects.decide_interest", is_lead_editor | is_office_or_superuser)
# Who takes part and who leads: the lead partner's editors or the office.
rules.add_perm("projects.change_lead", is_lead_editor | is_office_or_superuser)
rules.add_perm("projects.manage_participants", is_lead_editor | is_office_or_superuser)
# An invitation (a Participation that is not accepted) is seen and answered by
# the invited partner's editors and admins; the office sets participations in the admin.
rules.add_perm("projects.view_invitation", is_partner_editor)
rules.add_perm("projects.answer_invitation", is_partner_editor & is_open_invitation)

# The admin panel (the project office only).
for model in ("project", "fieldofaction", "participation", "transferinterest"):
    rules.add_perm(f"projects.view_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.add_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.change_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.delete_{model}", is_office_or_superuser)
rules.add_perm("projects.view_projecttransition", is_office_or_superuser)
