"""Who may do what with projects (django-rules), built from the partner predicates.

Editors and admins of a participating partner edit a project; every member of
a participating partner reads it internally; the project office does everything,
and only the office publishes, returns or archives.
"""

import rules
from django.db.models import Model

from partners.models import Membership
from partners.rules import is_office_or_superuser, partner_roles

from .models import Project, PublicationState, TransferInterest


def participant_ids(project: Project) -> set[int]:
    """Partner ids taking part in the project, read once per project object."""
    cached = getattr(project, "_participant_ids", None)
    if cached is None:
        if "participations" in getattr(project, "_prefetched_objects_cache", {}):
            cached = {p.partner_id for p in project.participations.all()}
        else:
            cached = set(project.participations.values_list("partner_id", flat=True))
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


@rules.predicate
def belongs_to_an_outside_partner(user, obj) -> bool:
    """Has a partner that does not take part in the project yet."""
    project = _project_of(obj)
    if project is None:
        return False
    return bool(set(partner_roles(user)) - participant_ids(project))


# Internal pages and the portal's editing.
rules.add_perm("projects.view_internal", is_participant_member | is_office_or_superuser)
rules.add_perm("projects.create_project", edits_for_some_partner | is_office_or_superuser)
rules.add_perm(
    "projects.edit_project", (is_participant_editor & is_editable_state) | is_office_or_superuser
)
rules.add_perm("projects.submit_project", is_participant_editor | is_office_or_superuser)
rules.add_perm("projects.review_project", is_office_or_superuser)
rules.add_perm("projects.signal_interest", is_published & belongs_to_an_outside_partner)
rules.add_perm("projects.decide_interest", is_lead_editor | is_office_or_superuser)

# The admin panel (the project office only).
for model in ("project", "fieldofaction", "participation", "transferinterest"):
    rules.add_perm(f"projects.view_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.add_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.change_{model}", is_office_or_superuser)
    rules.add_perm(f"projects.delete_{model}", is_office_or_superuser)
rules.add_perm("projects.view_projecttransition", is_office_or_superuser)
