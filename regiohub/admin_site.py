from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
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


class _WellFormedKeysOnly:
    """Django's autocomplete widgets look the submitted values up when a rejected
    form is shown again; a value that is no key of the related model ("abc",
    "1.5", 400 digits) made that query fail with a server error. Only well-formed
    keys are looked up; the form still reports the field's error.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        well_formed = []
        for item in value:
            try:
                target.run_validators(target.to_python(item))
            except (ValidationError, TypeError, ValueError):
                continue
            if "\x00" not in str(item):
                well_formed.append(item)
        return super().optgroups(name, well_formed, attr)


class SafeAutocompleteSelect(_WellFormedKeysOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_WellFormedKeysOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For admins and inlines with autocomplete_fields: see _WellFormedKeysOnly."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RulesModelAdmin(SafeAutocompleteMixin, ObjectPermissionsModelAdmin):
    """ModelAdmin that asks the rules of the app for every permission."""

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("regiohub.access_admin")

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")
