"""Who may do what with partners: the one permission layer (django-rules).

Views, templates (`{% has_perm %}`) and the admin all ask these rules. Other
apps build their own rules from the predicates defined here.
"""

import rules
from django.contrib.auth.models import Group
from django.db.models import CharField, IntegerField, Value

from core.permissions import PROJECT_OFFICE_GROUP, has_verified_mfa, is_verified_superuser

from .models import Membership, Partner


def _load_access(user) -> None:
    """Read the user's memberships and office membership in one query (once per request).

    Nearly every logged-in request asks both (the MFA middleware asks for the
    office, the rules for the roles), so one UNION answers both: membership
    rows carry their partner, the office row carries none.
    """
    # No ORDER BY in the parts of a UNION (SQLite refuses it; Membership has a default order).
    office_row = (
        Group.objects.filter(user=user, name=PROJECT_OFFICE_GROUP)
        .order_by()
        .values_list(Value(None, output_field=IntegerField()), Value("", output_field=CharField()))
    )
    memberships = Membership.objects.filter(user=user).order_by().values_list("partner_id", "role")
    rows = list(memberships.union(office_row))
    user._all_partner_roles = {partner_id: role for partner_id, role in rows if partner_id}
    user._is_project_office = any(partner_id is None for partner_id, _role in rows)


def all_partner_roles(user) -> dict[int, str]:
    """{partner_id: role} of every membership, read once per user object (i.e. per request)."""
    if not user.is_authenticated:
        return {}
    if getattr(user, "_all_partner_roles", None) is None:
        _load_access(user)
    return user._all_partner_roles


def partner_roles(user) -> dict[int, str]:
    """{partner_id: role} where the user is partner staff (admin, editor, member).

    Network members (experts) are left out on purpose: every staff rule here
    and in the other apps is built on this, so a network member never edits or
    reads projects, the Letter of Intent or internal content as staff.
    """
    cached = getattr(user, "_partner_roles", None)
    if cached is None:
        staff = Membership.Role.staff_roles()
        cached = {pk: role for pk, role in all_partner_roles(user).items() if role in staff}
        if user.is_authenticated:
            user._partner_roles = cached
    return cached


def forget_cached_roles(user) -> None:
    """Call after changing a user's memberships within the same request."""
    for attribute in ("_all_partner_roles", "_partner_roles", "_is_project_office"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _partner_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Partner):
        return obj.pk
    return getattr(obj, "partner_id", None)


def _role_in(user, partner) -> str | None:
    """The user's staff role in the partner (the object may be a Partner or have `partner_id`)."""
    partner_id = _partner_id(partner)
    return None if partner_id is None else partner_roles(user).get(partner_id)


@rules.predicate
def is_project_office(user) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "_is_project_office", None) is None:
        _load_access(user)
    return user._is_project_office


@rules.predicate
def is_superuser_account(user) -> bool:
    """The account is marked superuser; its rights wait for MFA (`is_superuser`)."""
    return user.is_authenticated and user.is_superuser


# The superuser's right: only after MFA (core.permissions.has_verified_mfa).
is_superuser = is_verified_superuser


@rules.predicate
def is_partner_staff(user) -> bool:
    """Belongs to at least one partner."""
    return bool(partner_roles(user))


@rules.predicate
def is_network_member(user) -> bool:
    """An expert who belongs to a partner (research, company, association) as network member."""
    return Membership.Role.NETWORK_MEMBER in all_partner_roles(user).values()


@rules.predicate
def is_partner_member(user, partner) -> bool:
    """Any role in the partner (the object may be a Partner or have `partner_id`)."""
    return _partner_id(partner) in partner_roles(user)


@rules.predicate
def is_partner_editor(user, partner) -> bool:
    return _role_in(user, partner) in Membership.Role.editing_roles()


@rules.predicate
def is_partner_admin(user, partner) -> bool:
    return _role_in(user, partner) == Membership.Role.ADMIN


# Who must work with MFA (RequireMFAForOfficeMiddleware, the MFA adapter): the role alone.
holds_office_role = is_project_office | is_superuser_account
# The office's right, asked by every rule, view, queryset and the admin: the role
# and a session that passed MFA. Without MFA the person has the rights of an
# account without a partner (plus their partner roles, if any).
is_office_or_superuser = holds_office_role & has_verified_mfa

# The admin panel and every office view.
rules.add_perm("core.access_admin", is_office_or_superuser)
rules.add_perm("core.access_intern", is_partner_staff | is_office_or_superuser)

# Partners: the office manages all of them; a partner admin edits the profile of
# their own organisation (name, kind, AGS and role stay with the office).
rules.add_perm("partners.view_partner", is_office_or_superuser)
rules.add_perm("partners.add_partner", is_office_or_superuser)
rules.add_perm("partners.change_partner", is_office_or_superuser)
rules.add_perm("partners.delete_partner", is_superuser)
rules.add_perm("partners.edit_profile", is_partner_admin | is_office_or_superuser)
rules.add_perm("partners.view_internal", is_partner_member | is_office_or_superuser)

rules.add_perm("partners.view_membership", is_office_or_superuser)
rules.add_perm("partners.add_membership", is_office_or_superuser)
rules.add_perm("partners.change_membership", is_office_or_superuser)
rules.add_perm("partners.delete_membership", is_office_or_superuser)
rules.add_perm("partners.manage_members", is_partner_admin | is_office_or_superuser)
# Inviting with the role "network member": the partner's admin or the office,
# and only into research institutions, companies and associations.


@rules.predicate
def has_network_members(user, partner) -> bool:
    return isinstance(partner, Partner) and Partner.Kind(partner.kind).has_network_members


rules.add_perm(
    "partners.invite_network_member",
    has_network_members & (is_partner_admin | is_office_or_superuser),
)

# Invitations are written only through partners.services (from the partner pages);
# the admin shows them to the office.
rules.add_perm("partners.view_invitation", is_office_or_superuser)
rules.add_perm("partners.add_invitation", rules.always_deny)
rules.add_perm("partners.change_invitation", rules.always_deny)
rules.add_perm("partners.delete_invitation", is_office_or_superuser)

# The partners' identity providers (single sign-on) are configured by the office.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"partners.{_action}_partneridentityprovider", is_office_or_superuser)

rules.add_perm("partners.view_user", is_office_or_superuser)
rules.add_perm("partners.change_user", is_superuser)
rules.add_perm("partners.add_user", is_superuser)
rules.add_perm("partners.delete_user", is_superuser)


def ensure_project_office_group() -> Group:
    group, _created = Group.objects.get_or_create(name=PROJECT_OFFICE_GROUP)
    return group
