from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import RulesModelAdmin

from .models import AccessibilityStatement, BarrierReport, LegalSection


@admin.register(LegalSection)
class LegalSectionAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["key", "page", "is_example", "has_english", "updated_at"]
    list_filter = ["is_example"]
    fields = ["key", "body_de", "body_en", "is_example"]

    @admin.display(description=_("page"))
    def page(self, obj) -> str:
        return LegalSection.Key(obj.key).page.label

    @admin.display(description=_("English text"), boolean=True)
    def has_english(self, obj) -> bool:
        return bool(obj.body_en.strip())


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["prepared_on", "reviewed_on", "conformity", "method", "is_example"]


@admin.register(BarrierReport)
class BarrierReportAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "created_at", "status", "page_url", "reply_email"]
    list_filter = ["status"]
    search_fields = ["description", "page_url", "reply_email"]
    date_hierarchy = "created_at"
    readonly_fields = ["page_url", "description", "reply_email", "language", "created_at"]
    fields = [*readonly_fields, "status", "office_notes"]
