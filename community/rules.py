"""Who may do what in the communication structure (django-rules)."""

import rules

from partners.models import Membership
from partners.rules import (
    is_network_member,
    is_office_or_superuser,
    is_partner_admin,
    is_partner_editor,
    is_partner_member,
    is_partner_staff,
    partner_roles,
)
from projects.rules import is_participant_editor

from .models import Expert


@rules.predicate
def is_group_member(user, group) -> bool:
    """In the group and partner staff: a membership left from an ended role grants nothing."""
    if not user.is_authenticated or group is None or not is_partner_staff(user):
        return False
    return group.members.filter(user=user).exists()


@rules.predicate
def is_group_lead(user, group) -> bool:
    if not user.is_authenticated or group is None or not is_partner_staff(user):
        return False
    return group.members.filter(user=user, is_lead=True).exists()


@rules.predicate
def is_open_group(user, group) -> bool:
    return group is not None and group.is_open


@rules.predicate
def is_public(user, obj) -> bool:
    return bool(getattr(obj, "is_public", False))


@rules.predicate
def is_event_participant(user, event) -> bool:
    """Member of the host partner or of the event's working group."""
    if event is None:
        return False
    if event.host_partner_id and is_partner_member(user, event.host_partner):
        return True
    return event.working_group_id is not None and is_group_member(user, event.working_group)


@rules.predicate
def is_host_editor(user, event) -> bool:
    """Editor or admin of the event's host partner."""
    return bool(event is not None and event.host_partner_id) and is_partner_editor(
        user, event.host_partner
    )


@rules.predicate
def may_see_document(user, document) -> bool:
    """Group: the group; project: its partners; event: who sees the event; library: all staff."""
    if document is None:
        return False
    if document.working_group_id:
        return is_group_member(user, document.working_group)
    if document.project_id:
        return user.has_perm("projects.view_internal", document.project)
    if document.event_id:
        # An internal event's documents stay with those who may see the event.
        return is_partner_staff(user) and user.has_perm("community.view_event", document.event)
    return is_partner_staff(user)


@rules.predicate
def may_see_versions(user, document) -> bool:
    """Who uploaded which version: a group's documents (even public ones) show it to the group."""
    if document is None:
        return False
    if document.working_group_id:
        return is_group_member(user, document.working_group)
    return user.has_perm("community.view_document", document)


@rules.predicate
def may_replace(user, document) -> bool:
    """Group: its members; project: its partners' editors; event: its host's editors.

    A project's members read its documents (their role is read-only) but do not
    add or replace them.
    """
    if document is None:
        return False
    if document.working_group_id:
        return is_group_member(user, document.working_group)
    if document.project_id:
        return user.has_perm("community.add_project_document", document.project)
    return bool(document.event_id) and is_host_editor(user, document.event)


@rules.predicate
def is_admin_of_a_partner(user) -> bool:
    return Membership.Role.ADMIN in partner_roles(user).values()


@rules.predicate
def has_expert_entry(user) -> bool:
    """An expert entry (kept by the office) is linked to the account."""
    return user.is_authenticated and Expert.objects.filter(user=user).exists()


staff = is_partner_staff | is_office_or_superuser

rules.add_perm("community.view_event", is_public | is_event_participant | is_office_or_superuser)
rules.add_perm("community.add_event", is_office_or_superuser)
rules.add_perm("community.change_event", is_office_or_superuser)
rules.add_perm("community.delete_event", is_office_or_superuser)
# Documents of an event (agenda, slides): the host partner's editors and the office.
rules.add_perm("community.add_event_document", is_host_editor | is_office_or_superuser)
# Documents of a project: its partners' editors and admins and the office (members read).
rules.add_perm("community.add_project_document", is_participant_editor | is_office_or_superuser)

rules.add_perm("community.view_workinggroup", staff)
rules.add_perm("community.add_workinggroup", is_office_or_superuser)
rules.add_perm("community.change_workinggroup", is_office_or_superuser)
rules.add_perm("community.delete_workinggroup", is_office_or_superuser)
rules.add_perm("community.join_group", is_partner_staff & is_open_group & ~is_group_member)
# A closed group: partner staff ask its leads to add them (the leads decide).
rules.add_perm(
    "community.request_group_membership", is_partner_staff & ~is_open_group & ~is_group_member
)
rules.add_perm("community.manage_group", is_group_lead | is_office_or_superuser)
rules.add_perm("community.view_group_documents", is_group_member | is_office_or_superuser)

rules.add_perm("community.view_workinggroupmember", is_office_or_superuser)
rules.add_perm("community.add_workinggroupmember", is_office_or_superuser)
rules.add_perm("community.change_workinggroupmember", is_office_or_superuser)
rules.add_perm("community.delete_workinggroupmember", is_office_or_superuser)

rules.add_perm("community.view_document", is_public | may_see_document | is_office_or_superuser)
# Replacing a file (a new version); the page lists the versions and who uploaded them.
rules.add_perm("community.view_document_versions", may_see_versions | is_office_or_superuser)
rules.add_perm("community.replace_document", may_replace | is_office_or_superuser)
for model in ("announcement", "document", "documentversion", "expert", "stoprequest"):
    rules.add_perm(f"community.add_{model}", is_office_or_superuser)
    rules.add_perm(f"community.change_{model}", is_office_or_superuser)
    rules.add_perm(f"community.delete_{model}", is_office_or_superuser)
for model in ("announcement", "documentversion", "expert", "stoprequest"):
    rules.add_perm(f"community.view_{model}", is_office_or_superuser)

# Network members (the experts themselves) see the directory and keep their entry.
rules.add_perm("community.view_expert_directory", staff | is_network_member)
rules.add_perm("community.keep_own_expert_entry", is_network_member | has_expert_entry)
# Innovationsmobil stops: a partner's admin asks for one for that partner.
rules.add_perm("community.open_stop_requests", is_admin_of_a_partner)
rules.add_perm("community.request_stop", is_partner_admin)

# Mail state and tokens: the office looks, nobody edits by hand.
rules.add_perm("community.view_calendarfeedtoken", is_office_or_superuser)
rules.add_perm("community.delete_calendarfeedtoken", is_office_or_superuser)
