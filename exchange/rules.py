"""Who may do what with needs (django-rules), built from the partner predicates.

A partner's editors and admins write their partner's needs; the project office
does everything. Public needs are read by everyone, network-only needs by
partner staff (not by network members), as are closed ones; drafts only by
the own partner and the office. Editors and admins of *other* partners co-sign
("Wir haben diesen Bedarf auch"): a co-signature speaks for the organisation,
so members, as with a transfer interest, do not.
"""

import rules

from partners.rules import (
    is_network_member,
    is_office_or_superuser,
    is_partner_editor,
    is_partner_member,
    is_partner_staff,
)

from .models import Need, NeedState, SavedSearch, editing_partner_ids


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
