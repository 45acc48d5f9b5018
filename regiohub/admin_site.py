from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin


class RegiohubAdminSite(admin.AdminSite):
    """The project office's admin panel.

    Access is decided by the rule `regiohub.access_admin` (project office or
    superuser); the login goes through allauth so its rate limits and MFA apply.
    """

    site_header = _("Regio.hub – project office")
    site_title = _("Regio.hub administration")
    index_title = _("Overview")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("regiohub.access_admin")

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)


class RulesModelAdmin(ObjectPermissionsModelAdmin):
    """ModelAdmin that asks the rules of the app for every permission."""

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("regiohub.access_admin")

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")
