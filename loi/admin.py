from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core import spreadsheets
from core.admin_site import RulesModelAdmin, SafeAutocompleteMixin
from partners.admin_filters import PartnerTextFilter

from .models import (
    Accession,
    Agreement,
    CouncilPaper,
    Deliberation,
    OParlConnection,
    ReminderLog,
)


class _RulesInline:
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"loi.view_{self.opts.model_name}")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(f"loi.add_{self.opts.model_name}")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(f"loi.change_{self.opts.model_name}")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(f"loi.delete_{self.opts.model_name}")


class AccessionInline(_RulesInline, SafeAutocompleteMixin, admin.TabularInline):
    model = Accession
    extra = 0
    fields = ["partner", "status", "resolution_number", "signed_on"]
    readonly_fields = ["status"]
    show_change_link = True
    autocomplete_fields = ["partner"]


class DeliberationInline(_RulesInline, admin.TabularInline):
    model = Deliberation
    extra = 0
    fields = ["order", "body", "session_date", "is_public", "outcome"]


@admin.register(Agreement)
class AgreementAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "counterpart", "valid_from", "valid_until", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title"]
    inlines = [AccessionInline]
    raw_id_fields = ["predecessor"]


@admin.action(description=_("Export the register as CSV"))
def export_register_csv(modeladmin, request, queryset):
    response, writer = spreadsheets.people_csv_response("beitritte.csv")
    writer.writerow(
        [
            _("Agreement"),
            _("Partner"),
            _("State"),
            _("Resolution number"),
            _("Place and date"),
            _("Council deliberations"),
            _("Signatory"),
            _("Date signed"),
            _("SHA-256 of the signed PDF"),
        ]
    )
    for accession in queryset.with_register().order_by("agreement", "partner__name"):
        steps = "; ".join(str(step) for step in accession.deliberations.all())
        signatory = ", ".join(
            part for part in (accession.signatory_name, accession.signatory_function) if part
        )
        writer.writerow(
            [
                accession.agreement.title,
                accession.partner.name,
                accession.get_status_display(),
                accession.resolution_number,
                accession.proposal_dated,
                steps,
                signatory,
                accession.signed_on,
                accession.signed_pdf_sha256,
            ]
        )
    return response


@admin.register(Accession)
class AccessionAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["partner", "agreement", "status", "resolution_number", "signed_on"]
    list_filter = ["status", "agreement", ("partner", PartnerTextFilter)]
    list_select_related = ["partner", "agreement"]
    search_fields = ["partner__name", "resolution_number", "subject"]
    inlines = [DeliberationInline]
    actions = [export_register_csv]
    autocomplete_fields = ["partner"]
    # The state changes only through the state machine (the partner's record page);
    # the signed PDF only through the checked upload there.
    readonly_fields = [
        "status",
        "signed_pdf_sha256",
        "signed_pdf_uploaded_at",
        "confirmed_by",
        "confirmed_at",
    ]
    fieldsets = [
        (None, {"fields": ["agreement", "partner", "status", "notes"]}),
        (
            _("Resolution proposal"),
            {
                "fields": [
                    "resolution_number",
                    "subject",
                    "public_session",
                    "proposal_place",
                    "proposal_date",
                    "proposal_signed_by_name",
                    "proposal_signed_by_function",
                    "resolution_proposal",
                    "financial_implications",
                    "statement_of_facts",
                    "attachments",
                ]
            },
        ),
        (
            _("Signature"),
            {
                "fields": [
                    "signatory_name",
                    "signatory_function",
                    "signed_on",
                    "signed_pdf_sha256",
                    "signed_pdf_uploaded_at",
                    "confirmed_by",
                    "confirmed_at",
                ]
            },
        ),
    ]


@admin.register(Deliberation)
class DeliberationAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["accession", "body", "session_date", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["accession__partner", "accession__agreement"]


@admin.register(ReminderLog)
class ReminderLogAdmin(RulesModelAdmin):
    list_display = ["agreement", "threshold_days", "recipient", "sent_at"]
    list_filter = ["threshold_days"]


@admin.register(OParlConnection)
class OParlConnectionAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    """Read by the office; written by the record page and the sync (loi/oparl/)."""

    list_display = ["partner", "system_url", "body_name", "state", "last_synced_at"]
    list_filter = ["state"]
    readonly_fields = ["last_error", "last_attempt_at", "last_synced_at", "modified_since"]


@admin.register(CouncilPaper)
class CouncilPaperAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    list_display = ["accession", "reference", "state", "synced_at"]
    list_filter = ["state"]
    readonly_fields = ["last_error", "synced_at", "source_modified"]
