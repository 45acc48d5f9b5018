from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_site import RulesModelAdmin

from . import mail
from .models import DigestItem, NotificationSetting, OutgoingMail

# Confidential mails carry a link only their recipient may use (an invitation, a
# password reset): the office sees that the mail exists and how it fared, not the link.
_HIDDEN = _("(not shown: the text holds a personal link for the recipient)")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(RulesModelAdmin):
    """The office sees every e-mail the portal owes, and the ones that failed."""

    list_display = ["to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = (
        "key",
        "user",
        "to",
        "reply_to",
        "subject",
        "text",
        "html_text",
        "category",
        "confidential",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    )
    fields = readonly_fields  # the text only through text()/html_text(), which hide a link
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("text"))
    def text(self, obj: OutgoingMail) -> str:
        return str(_HIDDEN) if obj.confidential else obj.body

    @admin.display(description=_("HTML text"))
    def html_text(self, obj: OutgoingMail) -> str:
        """The HTML source as text (never rendered in the admin)."""
        if not obj.html_body:
            return "–"
        return str(_HIDDEN) if obj.confidential else obj.html_body

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
