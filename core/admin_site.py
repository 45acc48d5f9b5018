from typing import TYPE_CHECKING

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminFileWidget,
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .forms import LocalizedDecimalField
from .storage import private_storage


class AdminSite(admin.AdminSite):
    """The project office's admin panel.

    Access is decided by the rule `regiohub.access_admin` (project office or
    superuser); the login goes through allauth so its rate limits and MFA apply.
    """

    site_header = _("Regio.hub – project office")
    site_title = _("Regio.hub administration")
    index_title = _("Overview")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("core.access_admin")

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)


# What the mixins below are mixed into, for the type checker (at run time: object).
if TYPE_CHECKING:
    _AutocompleteWidget = AutocompleteMixin
    _ModelAdmin = admin.options.BaseModelAdmin
else:
    _AutocompleteWidget = _ModelAdmin = object


class _WellFormedKeysOnly(_AutocompleteWidget):
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


class SafeAutocompleteMixin(_ModelAdmin):
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


class PrivateFileWidget(AdminFileWidget):
    """A private file has no URL (core.storage): the admin names it without a link.

    Django's file widget and its read-only display both ask the file for its URL,
    which the private storage refuses, so the page failed with a server error.
    Files leave only through the portal's permission-checked download views.
    """

    template_name = "admin/widgets/private_file_input.html"
    # The admin's read-only display calls render(name, value) for such widgets.
    read_only = True

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["file_name"] = _file_name(value)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        if attrs is None and renderer is None:  # the read-only display of a kept file
            return format_html("{}", _file_name(value) or "-")
        return super().render(name, value, attrs, renderer)


def _file_name(value) -> str:
    name = getattr(value, "name", None) or ""
    return name.rsplit("/", 1)[-1]


class PrivateFileMixin(_ModelAdmin):
    """For admins and inlines with FileFields in the private storage."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField) and db_field.storage is private_storage():
            kwargs["widget"] = PrivateFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RulesModelAdmin(PrivateFileMixin, SafeAutocompleteMixin, ObjectPermissionsModelAdmin):
    """ModelAdmin that asks the rules of the app for every permission.

    Numbers with decimals are read and written in the user's language, as in the
    portal's forms (core.forms.LocalizedDecimalField).
    """

    formfield_overrides = {
        models.DecimalField: {"form_class": LocalizedDecimalField},
    }

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("core.access_admin")

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")
