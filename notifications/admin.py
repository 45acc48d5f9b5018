from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_site import RulesModelAdmin

from . import mail
from .models import DigestItem, NotificationSetting, OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(RulesModelAdmin):
    """The office sees every e-mail the portal owes, and the ones that failed."""

    list_display = ["to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "key",
        "user",
        "to",
        "subject",
        "body",
        "category",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send again now"))
    def retry_now(self, request, queryset):
        count = mail.retry(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationSetting)
class NotificationSettingAdmin(RulesModelAdmin):
    list_display = ["user", "category", "frequency"]
    list_filter = ["category", "frequency"]


@admin.register(DigestItem)
class DigestItemAdmin(RulesModelAdmin):
    list_display = ["user", "category", "subject", "created_at", "digest_week"]
    list_filter = ["category", "digest_week"]
