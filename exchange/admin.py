from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import RulesModelAdmin
from core.text import render_markdown

from .models import Need, NeedSupport


class NeedSupportInline(admin.TabularInline):
    model = NeedSupport
    extra = 0
    fields = ["partner", "user", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["partner"]


@admin.register(Need)
class NeedAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "partner", "state", "visibility", "opened_at", "is_demo"]
    list_filter = ["state", "visibility", "is_demo"]
    search_fields = ["title", "description", "partner__name"]
    autocomplete_fields = ["partner", "solved_by"]
    filter_horizontal = ["fields_of_action"]
    readonly_fields = ["state", "opened_at", "matched_at", "solved_at", "closed_at", "created_by"]
    inlines = [NeedSupportInline]
    # The steps (open, solve, close) are taken on the need's page in the portal, where
    # the service checks and records them; the admin corrects texts and links.
    fields = [
        "title",
        "slug",
        "partner",
        "description",
        "fields_of_action",
        "desired_start",
        "visibility",
        "contact_name",
        "contact_email",
        "contact_is_public",
        "solved_by",
        "closed_reason",
        "is_demo",
        *readonly_fields,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")

    def save_model(self, request, obj, form, change):
        obj.description_html = render_markdown(obj.description)
        super().save_model(request, obj, form, change)
