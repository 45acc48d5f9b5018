from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin_site import PrivateFileMixin, RulesModelAdmin, SafeAutocompleteMixin
from partners.admin_filters import PartnerTextFilter

from . import services
from .models import (
    Announcement,
    CalendarFeedToken,
    Document,
    DocumentVersion,
    Event,
    Expert,
    StopRequest,
    WorkingGroup,
    WorkingGroupMember,
)


class WorkingGroupMemberInline(SafeAutocompleteMixin, admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(RulesModelAdmin):
    list_display = ["name", "is_open", "is_demo"]
    list_filter = ["is_open", "is_demo", "fields_of_action"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["fields_of_action", "experts"]
    inlines = [WorkingGroupMemberInline]


@admin.register(Event)
class EventAdmin(RulesModelAdmin):
    list_display = ["title", "kind", "start", "host_partner", "is_public", "is_demo"]
    list_filter = ["kind", "is_public", "is_demo", ("host_partner", PartnerTextFilter)]
    search_fields = ["title", "place_name", "address"]
    date_hierarchy = "start"
    autocomplete_fields = ["host_partner", "working_group"]
    raw_id_fields = ["project"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "start", "end", "is_public", "is_demo"]}),
        (_("Place"), {"fields": ["place_name", "address", "municipality_ags"]}),
        (_("Context"), {"fields": ["host_partner", "project", "working_group"]}),
        (_("Agenda and minutes"), {"fields": ["agenda", "minutes"]}),
    ]


@admin.register(Announcement)
class AnnouncementAdmin(RulesModelAdmin):
    list_display = ["title", "audience", "state", "publish_at", "mailed_at", "recipient_count"]
    list_filter = ["state", "audience", "is_demo"]
    search_fields = ["title", "body"]
    readonly_fields = ["mailed_at", "recipient_count", "author"]
    autocomplete_fields = ["working_group"]
    fields = [
        "title",
        "body",
        "audience",
        "working_group",
        "state",
        "publish_at",
        "is_demo",
        "author",
        "mailed_at",
        "recipient_count",
    ]
    actions = ["publish_now"]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        # The audience is e-mailed by the worker when the announcement is due.
        services.schedule_mailing(obj)

    @admin.action(description=_("Publish now and e-mail the audience"))
    def publish_now(self, request, queryset):
        for announcement in queryset:
            services.publish_announcement(announcement=announcement, acting_user=request.user)
        self.message_user(request, _("Published."), messages.SUCCESS)


class DocumentVersionInline(PrivateFileMixin, admin.TabularInline):
    model = DocumentVersion
    extra = 1
    fields = ["number", "file", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["number", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Versions are kept as uploaded; a replacement is a new version.
        return False


@admin.register(Document)
class DocumentAdmin(RulesModelAdmin):
    list_display = ["title", "working_group", "project", "event", "is_public", "updated_at"]
    list_filter = ["is_public", "is_demo"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["working_group", "event"]
    raw_id_fields = ["project"]
    inlines = [DocumentVersionInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new document is saved in save_formset, together with its first file.

    def save_formset(self, request, form, formset, change):
        if formset.model is not DocumentVersion:
            return super().save_formset(request, form, formset, change)
        # A new file becomes the next version; numbering, type and size come
        # from the services, and existing versions are never changed. A new
        # document and its first file are saved together (services.upload_document).
        document = form.instance
        formset.new_objects = []
        for version in formset.save(commit=False):
            if version.pk is not None:
                continue
            if document.pk is None:
                services.upload_document(
                    acting_user=request.user, document=document, file=version.file
                )
                formset.new_objects.append(document.current_version)
            else:
                formset.new_objects.append(
                    services.add_version(
                        document=document, file=version.file, acting_user=request.user
                    )
                )
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.pk is None:
            # A new document without a file: saved on its own, as the admin does.
            super().save_model(request, form.instance, form, change)


@admin.register(Expert)
class ExpertAdmin(RulesModelAdmin):
    list_display = ["name", "sector", "organisation", "listed_internally", "listed_publicly"]
    list_filter = ["sector", "is_demo", "fields_of_action"]
    search_fields = ["name", "organisation", "expertise"]
    filter_horizontal = ["fields_of_action"]
    autocomplete_fields = ["user"]
    readonly_fields = ["withdrawn_at"]
    actions = ["withdraw"]

    @admin.display(boolean=True, description=_("internal directory"))
    def listed_internally(self, obj) -> bool:
        return obj.internal_consent_at is not None and obj.withdrawn_at is None

    @admin.display(boolean=True, description=_("public list"))
    def listed_publicly(self, obj) -> bool:
        return self.listed_internally(obj) and obj.public_consent_at is not None

    @admin.action(description=_("Record the withdrawal of consent (removes from every list)"))
    def withdraw(self, request, queryset):
        for expert in queryset:
            services.withdraw_consent(expert=expert)
        self.message_user(request, _("Consent withdrawn."), messages.SUCCESS)


@admin.register(StopRequest)
class StopRequestAdmin(RulesModelAdmin):
    list_display = ["partner", "place_name", "preferred_from", "preferred_until", "status"]
    list_filter = ["status"]
    readonly_fields = ["requested_by", "decided_by", "decided_at", "status"]
    actions = ["accept", "decline"]

    def _decide(self, request, queryset, accept: bool):
        for stop in queryset:
            try:
                services.decide_stop_request(request=stop, accept=accept, acting_user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{stop}: {' '.join(error.messages)}", messages.ERROR)

    @admin.action(description=_("Accept the request"))
    def accept(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Decline the request"))
    def decline(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(RulesModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "token_hash", "created_at", "revoked_at"]
