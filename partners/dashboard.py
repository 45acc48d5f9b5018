"""Dashboard panels of the partners app (core.slots)."""

from allauth.mfa.models import Authenticator
from django.db.models import Exists

from core.slots import once_per_request, panels

from .models import Invitation, Membership, Partner
from .rules import is_office_or_superuser


def _totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)


def _memberships_of_my_partners(request) -> list[Membership]:
    """Every membership of the partners the user belongs to, the user's own among them.

    One query for both partners panels, read once per request: partner and user
    of each row, grouped by partner in name order, colleagues by name, and
    whether the viewing user has two-factor authentication (`viewer_has_totp`).
    """
    user = request.user
    return once_per_request(
        request,
        "partners.memberships",
        lambda: list(
            Membership.objects.filter(partner__memberships__user=user)
            .select_related("user", "partner")
            .annotate(viewer_has_totp=Exists(_totp(user)))
            .order_by(
                "partner__name",
                "partner_id",
                "user__last_name",
                "user__first_name",
                "user__email",
            )
        ),
    )


@panels.register(order=10)
def organisations_panel(request) -> dict | None:
    """My organisation(s) with the colleagues and their roles; open invitations for admins."""
    user = request.user
    rows = _memberships_of_my_partners(request)
    own = [membership for membership in rows if membership.user_id == user.pk]
    if not own:
        return None
    colleagues: dict[int, list[Membership]] = {}
    for membership in rows:
        colleagues.setdefault(membership.partner_id, []).append(membership)
    admin_of = [m.partner_id for m in own if user.has_perm("partners.manage_members", m.partner)]
    invitations: dict[int, list[Invitation]] = {}
    for invitation in Invitation.objects.open().filter(partner_id__in=admin_of):
        invitations.setdefault(invitation.partner_id, []).append(invitation)
    organisations = [
        {
            "partner": membership.partner,
            "role": membership.get_role_display(),
            "colleagues": colleagues.get(membership.partner_id, []),
            "can_edit_profile": user.has_perm("partners.edit_profile", membership.partner),
            "can_manage_members": membership.partner_id in admin_of,
            "invitations": invitations.get(membership.partner_id, []),
        }
        for membership in own
    ]
    return {
        "template": "partners/includes/_panel_organisations.html",
        "organisations": organisations,
    }


# Beside the council panel (loi, 23) in the dashboard's grid.
@panels.register(order=24)
def office_partners_panel(request) -> dict | None:
    """The project office manages every partner's colleagues and profile from here."""
    if not is_office_or_superuser(request.user):
        return None
    return {
        "template": "partners/includes/_panel_office_partners.html",
        "partners": Partner.objects.only("name", "slug").order_by("name"),
    }


@panels.register(order=6)
def account_panel(request) -> dict:
    """Own account links and, without two-factor authentication, the recommendation."""
    rows = _memberships_of_my_partners(request)
    has_mfa = rows[0].viewer_has_totp if rows else _totp(request.user).exists()
    return {
        "template": "partners/includes/_panel_account.html",
        "has_mfa": has_mfa,
    }
