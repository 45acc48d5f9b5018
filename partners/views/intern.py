"""Internal pages of the partners app: a partner's pages under /intern/partner/<slug>/,
the invitation link, and one's own data under /intern/profil/.

Permissions come only from the rules: a partner the user does not belong to
is a 404 (nothing leaks that it exists), a missing right within one's own
partner is a 403.
"""

import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import once, ratelimit
from core.confirm import is_confirmed, render_confirmation
from core.permissions import objectgetter, permission_required, public

from .. import services
from ..forms import (
    AcceptInvitationForm,
    InvitationForm,
    PartnerProfileForm,
    ProfileForm,
    RoleForm,
)
from ..models import Invitation, Membership, Partner, User
from ..rules import forget_cached_roles, is_network_member

INVITE_LIMIT = 30  # invitations (and re-sends) per person and hour


partner_by_slug = objectgetter(Partner, "slug", "slug")


def _validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _members_url(partner: Partner) -> str:
    return reverse("partners_intern:members", kwargs={"slug": partner.slug})


@permission_required("partners.edit_profile", fn=partner_by_slug, visible="partners.view_internal")
def edit_profile(request, partner: Partner, slug: str):
    form = PartnerProfileForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The profile of %(partner)s is saved.") % {"partner": partner})
        return redirect("partners_intern:edit_profile", slug=partner.slug)
    context = {"partner": partner, "form": form, "site_url": settings.SITE_URL}
    return render(request, "partners/intern/edit_profile.html", context)


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
def members(request, partner: Partner, slug: str):
    return _render_members(request, partner, InvitationForm(partner=partner))


def _render_members(request, partner: Partner, invitation_form: InvitationForm, status=200):
    memberships = (
        Membership.objects.for_partner(partner).select_related("user").order_by("user__email")
    )
    context = {
        "partner": partner,
        "memberships": [
            (
                membership,
                RoleForm(
                    initial={"role": membership.role},
                    prefix=f"m{membership.pk}",
                    partner=partner,
                    person=membership.user,
                ),
            )
            for membership in memberships
        ],
        "invitations": Invitation.objects.for_partner(partner)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by", "mail"),
        "invitation_form": invitation_form,
    }
    return render(request, "partners/intern/members.html", context, status=status)


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
@require_POST
def invite(request, partner: Partner, slug: str):
    form = InvitationForm(request.POST, partner=partner)
    if not form.is_valid():
        return _render_members(request, partner, form, status=400)
    if not ratelimit.allow(request, "invite", limit=INVITE_LIMIT, period=3600):
        messages.error(request, _("Too many invitations in a short time. Try again in an hour."))
        return _render_members(request, partner, form, status=429)
    issued = []

    def send() -> str:
        issued.append(
            services.invite(
                partner=partner,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                acting_user=request.user,
            )
        )
        return _members_url(partner)

    try:
        # A double click sends one invitation (core/once.py).
        url, first = once.submit_once(
            user=request.user, form=form, name="partners.invite", perform=send
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_members(request, partner, form, status=400)
    if not first:
        messages.info(request, once.ALREADY_SENT)
        return redirect(url or _members_url(partner))
    messages.success(
        request,
        _(
            "The invitation to %(email)s is saved and its e-mail is on its way; the list of "
            "open invitations shows when it has been sent."
        )
        % {"email": issued[0].invitation.email},
    )
    return redirect(_members_url(partner))


def _get_membership(partner: Partner, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, partner=partner)


def _get_invitation(partner: Partner, pk: int) -> Invitation:
    return get_object_or_404(Invitation, pk=pk, partner=partner)


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
@require_POST
def resend_invitation(request, partner: Partner, slug: str, pk: int):
    invitation = _get_invitation(partner, pk)
    if not ratelimit.allow(request, "invite", limit=INVITE_LIMIT, period=3600):
        messages.error(request, _("Too many invitations in a short time. Try again in an hour."))
        return redirect(_members_url(partner))
    try:
        services.resend(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _validation_message(error))
    else:
        messages.success(
            request,
            _(
                "A new link to %(email)s is on its way; the earlier link no longer works. The "
                "list of open invitations shows when the e-mail has been sent."
            )
            % {"email": invitation.email},
        )
    return redirect(_members_url(partner))


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
@require_http_methods(["GET", "HEAD", "POST"])
def revoke_invitation(request, partner: Partner, slug: str, pk: int):
    """Revoking is confirmed first (core/confirm.py): the link stops working at once."""
    invitation = _get_invitation(partner, pk)
    if not is_confirmed(request):
        return render_confirmation(
            request,
            heading=_("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            consequences=[
                _("The link in the invitation stops working at once."),
                _("An invitation mail that has not left yet is not sent."),
                _("You can invite %(email)s again later.") % {"email": invitation.email},
            ],
            public=[],
            button=_("Revoke the invitation"),
            cancel_url=_members_url(partner),
            back_label=_("Back to the colleagues"),
            layout="partners/layouts/base.html",
            extra_context={"partner": partner},
        )
    try:
        services.revoke(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _validation_message(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_members_url(partner))


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
@require_POST
def change_role(request, partner: Partner, slug: str, pk: int):
    membership = _get_membership(partner, pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}", partner=partner)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect(_members_url(partner))
    try:
        services.change_role(
            membership=membership, role=form.cleaned_data["role"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, _validation_message(error))
    else:
        membership.refresh_from_db()
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect(_members_url(partner))


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
@require_http_methods(["GET", "HEAD", "POST"])
def remove_member(request, partner: Partner, slug: str, pk: int):
    """Removing is confirmed first (core/confirm.py)."""
    membership = _get_membership(partner, pk)
    if is_confirmed(request):
        try:
            services.remove_member(membership=membership, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, _validation_message(error))
        else:
            messages.success(
                request,
                _("%(person)s no longer belongs to %(partner)s.")
                % {"person": membership.user, "partner": partner},
            )
        return redirect(_members_url(partner))
    return render_confirmation(
        request,
        heading=_("Remove %(person)s from %(partner)s?")
        % {"person": membership.user, "partner": partner.name},
        consequences=[
            _(
                "%(person)s will no longer belong to %(partner)s and loses access to its "
                "internal pages at once. The account itself stays."
            )
            % {"person": membership.user, "partner": partner.name},
            _("To work together again, invite them anew."),
        ],
        public=[],
        button=_("Remove"),
        cancel_url=_members_url(partner),
        back_label=_("Back to the colleagues"),
        layout="partners/layouts/base.html",
        extra_context={"partner": partner},
    )


# --- The invitation link --------------------------------------------------

UNUSABLE_STATUS = {"unknown": 404, "expired": 410, "accepted": 410, "revoked": 410}


@public
def accept_invitation(request, token: str):
    """The link from the e-mail: set a password (new person) or join (logged in)."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable as unusable:
        return render(
            request,
            "partners/invitation/unusable.html",
            {"state": unusable.state},
            status=UNUSABLE_STATUS[unusable.state],
        )
    context = {"invitation": invitation, "partner": invitation.partner}
    user = request.user
    if user.is_authenticated:
        if not services.invitation_matches(invitation, user):
            return render(request, "partners/invitation/wrong_account.html", context, status=403)
        if request.method == "POST":
            return _accept(request, invitation, user)
        return render(request, "partners/invitation/join.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('account_login')}?next={request.path}"
        return render(request, "partners/invitation/login_first.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_as_new_user(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                # The language the browser asked for (LocaleMiddleware): the
                # invitee's, which the inviter could not know.
                language=request.LANGUAGE_CODE,
            )
        except services.InvitationUnusable as unusable:
            return render(
                request,
                "partners/invitation/unusable.html",
                {"state": unusable.state},
                status=UNUSABLE_STATUS[unusable.state],
            )
        except ValidationError as error:
            form.add_error(None, error)
            context["form"] = form
            return render(request, "partners/invitation/accept.html", context, status=400)
        login(request, user, backend="partners.backends.AuthenticationBackend")
        messages.success(
            request,
            _("Welcome! You now belong to %(partner)s.") % {"partner": invitation.partner},
        )
        return redirect(_after_joining(user))
    context["form"] = form
    return render(request, "partners/invitation/accept.html", context)


def _accept(request, invitation: Invitation, user: User):
    try:
        services.accept(invitation=invitation, acting_user=user)
    except services.InvitationUnusable as unusable:
        return render(
            request,
            "partners/invitation/unusable.html",
            {"state": unusable.state},
            status=UNUSABLE_STATUS[unusable.state],
        )
    messages.success(request, _("You now belong to %(partner)s.") % {"partner": invitation.partner})
    forget_cached_roles(user)
    return redirect(_after_joining(user))


def _after_joining(user: User) -> str:
    """Staff start on the dashboard; an expert (network member only) on their own entry."""
    if user.has_perm("core.access_intern"):
        return reverse("core:dashboard")
    if is_network_member(user):
        return reverse("community_intern:own_expert_entry")
    return reverse("core:dashboard")


# --- Own data under /intern/profil/ -------------------------------------------


@permission_required()  # any logged-in person: their own account
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("partners_intern:profile")
    return render(
        request,
        "partners/account/profile.html",
        {"form": form, "memberships": request.user.memberships.select_related("partner")},
    )


@never_cache
@permission_required()
@require_safe
def personal_data(request):
    data = services.personal_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="regiohub-personal-data.json"'
    return response


@permission_required()
# HEAD is answered like GET (allow_get lets only GET pass).
@reauthentication_required(allow_get=True, enabled=lambda request: request.method != "HEAD")
def delete_account(request):
    """GET explains (and names any partner that blocks it); POST deletes after reauthentication."""
    blocking = services.partners_blocking_deletion(request.user)
    if request.method == "POST" and not blocking:
        try:
            services.delete_account(acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("partners_intern:delete_account")
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("core:home")
    status = 409 if request.method == "POST" else 200
    return render(request, "partners/account/delete.html", {"blocking": blocking}, status=status)
