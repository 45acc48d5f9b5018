"""Dashboard panels of the partners app (registered in regiohub/dashboard.py)."""

from allauth.mfa.models import Authenticator

from .models import Invitation, Membership, Partner
from .rules import is_office_or_superuser


def organisations_panel(request) -> dict | None:
    """My organisation(s) with the colleagues and their roles; open invitations for admins."""
    user = request.user
    own = list(Membership.objects.filter(user=user).select_related("partner"))
    if not own:
        return None
    partner_ids = [membership.partner_id for membership in own]
    colleagues: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(partner_id__in=partner_ids)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    ):
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
        "order": 10,
        "organisations": organisations,
    }


def office_partners_panel(request) -> dict | None:
    """The project office manages every partner's colleagues and profile from here."""
    if not is_office_or_superuser(request.user):
        return None
    return {
        "template": "partners/includes/_panel_office_partners.html",
        "order": 90,
        "partners": Partner.objects.only("name", "slug").order_by("name"),
    }


def account_panel(request) -> dict:
    """Own account links and, without two-factor authentication, the recommendation."""
    has_mfa = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return {
        "template": "partners/includes/_panel_account.html",
        "order": 5,
        "has_mfa": has_mfa,
    }
