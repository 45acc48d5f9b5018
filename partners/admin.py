import os

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import RulesModelAdmin, SafeAutocompleteMixin

from . import services
from .admin_filters import PartnerTextFilter
from .forms import PartnerAdminForm
from .models import Invitation, Membership, Partner, PartnerIdentityProvider, User


def _role_before(membership: Membership) -> str | None:
    """The stored role of a membership about to be changed (None for a new one)."""
    if membership.pk is None:
        return None
    return Membership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()


def _end_role(request, membership: Membership, old_role: str | None, new_role: str | None):
    """The admin changes memberships through its own forms: what the old role granted
    ends as it does on the partner pages (partners.services.end_role)."""
    if old_role is not None and old_role != new_role:
        services.end_role(
            user=membership.user,
            partner=membership.partner,
            old_role=old_role,
            new_role=new_role,
            acting_user=request.user,
        )


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("partners.view_membership")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("partners.add_membership")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("partners.change_membership")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("partners.delete_membership")


@admin.register(Partner)
class PartnerAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    form = PartnerAdminForm
    list_display = ["name", "kind", "federal_state", "hub_role", "ags", "is_active"]
    list_filter = ["kind", "federal_state", "hub_role", "is_active"]
    search_fields = ["name", "short_name", "ags", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # By the object: a deleted membership has lost its key after saving.
        before = {id(inline.instance): _role_before(inline.instance) for inline in formset.forms}
        super().save_formset(request, form, formset, change)
        for membership in formset.deleted_objects:
            _end_role(request, membership, before.get(id(membership)), None)
        for membership, _fields in formset.changed_objects:
            _end_role(request, membership, before.get(id(membership)), membership.role)

    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "federal_state", "hub_role"]}),
        (
            _("Location"),
            {"fields": ["ags", "street", "postal_code", "city", "latitude", "longitude"]},
        ),
        (
            _("Profile"),
            {
                "fields": [
                    "description",
                    "website",
                    "contact_email",
                    "contact_phone",
                    "logo",
                    "logo_alt",
                    "embed_origins",
                ]
            },
        ),
        (_("Status"), {"fields": ["is_active", "joined_on"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["user", "partner", "role", "created_at"]
    list_filter = ["role", ("partner", PartnerTextFilter)]
    search_fields = ["user__email", "user__last_name", "partner__name"]
    autocomplete_fields = ["user", "partner"]
    list_select_related = ["user", "partner"]

    def save_model(self, request, obj, form, change):
        old_role = _role_before(obj) if change else None
        super().save_model(request, obj, form, change)
        _end_role(request, obj, old_role, obj.role)

    def delete_model(self, request, obj):
        old_role = obj.role
        super().delete_model(request, obj)
        _end_role(request, obj, old_role, None)

    def delete_queryset(self, request, queryset):
        removed = list(queryset.select_related("user", "partner"))
        super().delete_queryset(request, queryset)
        for membership in removed:
            _end_role(request, membership, membership.role, None)


@admin.register(User)
class UserAdmin(RulesModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_active", "is_superuser", "groups"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "function", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(RulesModelAdmin):
    """Read-only overview for the office; invitations are sent from the partner pages."""

    list_display = ["email", "partner", "role", "invited_by", "created_at", "expires_at", "state"]
    list_filter = ["role", ("partner", PartnerTextFilter)]
    search_fields = ["email", "partner__name"]
    list_select_related = ["partner", "invited_by"]
    readonly_fields = [
        "partner",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "mail",
        "mail_state",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False  # only through the partner pages, which send the e-mail

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        return obj.state.label

    @admin.display(description=_("e-mail state"))
    def mail_state(self, obj: Invitation) -> str:
        return obj.mail.get_status_display() if obj.mail else "–"


# Single sign-on: allauth's own tables for apps, tokens and linked accounts are not
# the configuration here (apps come from PartnerIdentityProvider, tokens are not
# kept), so the admin does not offer them.
for _model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(PartnerIdentityProvider)
class PartnerIdentityProviderAdmin(RulesModelAdmin):
    """A partner's OpenID Connect provider; the secret lives in the server's environment."""

    list_display = ["name", "partner", "slug", "email_domains", "is_active", "secret_is_set"]
    list_filter = ["is_active"]
    search_fields = ["name", "partner__name", "email_domains"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["redirect_url", "secret_is_set"]
    fieldsets = [
        (None, {"fields": ["partner", "name", "slug", "is_active"]}),
        (
            _("Provider"),
            {"fields": ["server_url", "client_id", "client_secret_env", "secret_is_set"]},
        ),
        (_("Who may sign in"), {"fields": ["email_domains", "role_claim", "role_mapping"]}),
        (_("For the administration"), {"fields": ["redirect_url"]}),
    ]

    @admin.display(description=_("redirect URL to register at the provider"))
    def redirect_url(self, obj: PartnerIdentityProvider) -> str:
        if not obj.slug:
            return "–"
        return settings.SITE_URL + reverse(
            "openid_connect_callback", kwargs={"provider_id": obj.slug}
        )

    @admin.display(description=_("secret set on the server"), boolean=True)
    def secret_is_set(self, obj: PartnerIdentityProvider) -> bool:
        return bool(obj.client_secret_env and os.environ.get(obj.client_secret_env))
