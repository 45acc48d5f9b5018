"""Who may do what with needs (django-rules), built from the partner predicates.

A partner's editors and admins write their partner's needs; the project office
does everything. Public needs are read by everyone, network-only needs by
partner staff (not by network members), as are closed ones; drafts only by
the own partner and the office. Editors and admins of *other* partners co-sign
("Wir haben diesen Bedarf auch"): a co-signature speaks for the organisation,
so members, as with a transfer interest, do not.
"""

import rules

from partners.models import Membership
from partners.rules import (
    is_network_member,
    is_office_or_superuser,
    is_partner_editor,
    is_partner_member,
    is_partner_staff,
    partner_roles,
)
from projects.models import Participation, Project
from projects.rules import is_participant_editor, is_participant_member

from .models import DraftComment, JointDraft, Need, NeedState, SavedSearch, editing_partner_ids


@rules.predicate
def is_public_need(user, need) -> bool:
    return isinstance(need, Need) and need.is_public


@rules.predicate
def is_out_of_draft(user, need) -> bool:
    """What partner staff read of other partners' needs."""
    return isinstance(need, Need) and need.state != NeedState.DRAFT


@rules.predicate
def is_editable_need(user, need) -> bool:
    return isinstance(need, Need) and need.current_state.is_editable_by_partner


@rules.predicate
def edits_for_some_partner(user) -> bool:
    return bool(editing_partner_ids(user))


@rules.predicate
def edits_for_another_partner(user, need) -> bool:
    return isinstance(need, Need) and bool(editing_partner_ids(user) - {need.partner_id})


rules.add_perm(
    "exchange.read_need",
    is_public_need
    | (is_partner_staff & is_out_of_draft)
    | is_partner_member
    | is_office_or_superuser,
)
rules.add_perm("exchange.create_need", edits_for_some_partner | is_office_or_superuser)
rules.add_perm(
    "exchange.edit_need", (is_partner_editor & is_editable_need) | is_office_or_superuser
)
rules.add_perm("exchange.move_need", is_partner_editor | is_office_or_superuser)
# Who edits for no partner cannot co-sign at all (403); the refusals a person can
# act on (their own need, a need no longer open, twice) are the service's messages.
# `edits_for_another_partner` decides whether the page offers the button.
rules.add_perm("exchange.cosign_need", edits_for_some_partner)


# Co-initiation (exchange/coinit/): a joint draft, its thread and council papers are read
# by the staff of the partners taking part (accepted, the lead too) and the office; an
# open invitation grants nothing (the invitation page shows the invited what it is about).
def _draft_project(obj) -> Project | None:
    if isinstance(obj, DraftComment):
        obj = obj.draft
    if isinstance(obj, Participation):  # a co-initiator's row: its council paper
        return obj.project
    return obj.project if isinstance(obj, JointDraft) else None


@rules.predicate
def takes_part_in_draft(user, obj) -> bool:
    project = _draft_project(obj)
    return project is not None and is_participant_member(user, project)


@rules.predicate
def edits_for_draft(user, obj) -> bool:
    project = _draft_project(obj)
    return project is not None and is_participant_editor(user, project)


@rules.predicate
def wrote_comment(user, comment) -> bool:
    return isinstance(comment, DraftComment) and comment.author_id == user.pk


rules.add_perm("exchange.start_joint_draft", edits_for_some_partner | is_office_or_superuser)
rules.add_perm("exchange.view_joint_draft", takes_part_in_draft | is_office_or_superuser)
rules.add_perm("exchange.comment_joint_draft", takes_part_in_draft | is_office_or_superuser)
# A confirmation speaks for the organisation: its editors and admins, not the office.
rules.add_perm("exchange.confirm_joint_draft", edits_for_draft)
rules.add_perm("exchange.submit_joint_draft", edits_for_draft | is_office_or_superuser)
# The author, while still taking part; the 15 minutes are the service's (a message, the text kept).
rules.add_perm(
    "exchange.edit_draft_comment", wrote_comment & (takes_part_in_draft | is_office_or_superuser)
)


@rules.predicate
def asked_to_co_initiate(user, row) -> bool:
    """An editor or admin of a partner invited to co-initiate, for its own council paper:
    the council decides on joining before the partner accepts."""
    if not isinstance(row, Participation) or row.state != Participation.State.INVITED:
        return False
    return partner_roles(user).get(row.partner_id) in Membership.Role.editing_roles()


# The object is the co-initiator's participation row (the paper is written for it).
rules.add_perm(
    "exchange.download_council_paper",
    takes_part_in_draft | asked_to_co_initiate | is_office_or_superuser,
)

# Saved searches: partner staff, the office and network members (with consent,
# asked when they save) keep their own; nobody sees another person's searches.


@rules.predicate
def owns_search(user, search) -> bool:
    return isinstance(search, SavedSearch) and search.owner_id == user.pk


rules.add_perm(
    "exchange.save_search", is_partner_staff | is_network_member | is_office_or_superuser
)
rules.add_perm("exchange.manage_saved_search", owns_search)

# The admin panel (the project office only).
for model in ("need", "needsupport"):
    rules.add_perm(f"exchange.view_{model}", is_office_or_superuser)
    rules.add_perm(f"exchange.add_{model}", is_office_or_superuser)
    rules.add_perm(f"exchange.change_{model}", is_office_or_superuser)
    rules.add_perm(f"exchange.delete_{model}", is_office_or_superuser)
