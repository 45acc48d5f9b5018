from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import RulesModelAdmin, SafeAutocompleteMixin
from core.text import render_markdown
from partners.admin_filters import PartnerTextFilter

from . import services
from .forms import ProjectAdminForm
from .models import FieldOfAction, Participation, Project, ProjectTransition, TransferInterest
from .pagination import COUNT_CAP, CappedPaginator


class ParticipationFormSet(BaseInlineFormSet):
    """The office's participations: only the lead partner has the role "lead"."""

    def clean(self):
        super().clean()
        lead_id = self.instance.lead_partner_id
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("role") != Participation.Role.LEAD:
                continue
            if data.get("partner") is not None and data["partner"].pk != lead_id:
                raise ValidationError(
                    _(
                        "Only the lead partner has the role “Lead partner”; to change the "
                        "lead, choose another lead partner above."
                    )
                )


class ParticipationInline(SafeAutocompleteMixin, admin.TabularInline):
    """Participations the office sets are accepted, with the office as who answered."""

    model = Participation
    formset = ParticipationFormSet
    extra = 1
    autocomplete_fields = ["partner"]
    fields = ["partner", "role", "state", "invited_by", "answered_by", "answered_at"]
    readonly_fields = ["state", "invited_by", "answered_by", "answered_at"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("projects.view_participation")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("projects.add_participation")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("projects.change_participation")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("projects.delete_participation")


class TransitionInline(admin.TabularInline):
    model = ProjectTransition
    fk_name = "project"
    extra = 0
    fields = ["created_at", "action", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("projects.view_projecttransition")


def _run_step(modeladmin, request, queryset, step, **kwargs):
    done = 0
    for project in queryset:
        try:
            step(project=project, acting_user=request.user, **kwargs)
        except (services.WorkflowError, ValidationError, PermissionDenied) as exc:
            message = getattr(exc, "messages", None) or [str(exc) or _("Not allowed.")]
            modeladmin.message_user(
                request, f"{project}: {' '.join(map(str, message))}", messages.WARNING
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, _("%(count)d project(s) updated.") % {"count": done}, messages.SUCCESS
        )


def _filter_choices(request) -> dict[str, list[tuple[int, str]]]:
    """(pk, label) of every field of action, one query per request.

    RelatedFieldListFilter reads the related table whole, one model instance
    per choice; the project list reads only what the filter shows. (The
    partners are a text filter, partners.admin_filters: no list of every partner.)
    """
    cached = getattr(request, "_project_filter_choices", None)
    if cached is not None:
        return cached
    english = (get_language() or "de").startswith("en")
    label = Coalesce(NullIf("name_en", Value("")), "name") if english else F("name")
    rows = FieldOfAction.objects.annotate(label=label).order_by("position", "name", "pk")
    cached = {"fields_of_action": list(rows.values_list("pk", "label"))}
    request._project_filter_choices = cached
    return cached


class SharedChoicesFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices come from `_filter_choices` (one query)."""

    def field_choices(self, field, request, model_admin):
        return _filter_choices(request)[field.name]


@admin.register(Project)
class ProjectAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "title",
        "lead_partner",
        "status",
        "publication_state",
        "published_at",
        "is_flagship",
        "is_demo",
    ]
    list_filter = [
        "publication_state",
        "status",
        "kind",
        ("fields_of_action", SharedChoicesFilter),
        ("lead_partner", PartnerTextFilter),
        "transfer_direction",
        "is_flagship",
        "is_demo",
    ]
    search_fields = ["title", "summary", "slug", "lead_partner__name"]
    autocomplete_fields = ["lead_partner", "adopted_from"]
    filter_horizontal = ["fields_of_action"]
    list_select_related = ["lead_partner"]
    # "12 of 10,000 selected" needs no second COUNT over every project.
    show_full_result_count = False
    # Rendering a row costs more than reading it: 25 a page keep the list under
    # 30 ms and 60 KB (Django's 100 made it 85 ms and 106 KB); search and filters
    # find a project faster than paging.
    list_per_page = 25
    # Counted up to 1,000 (and a page beyond the one shown): "more than 1,000
    # projects" instead of a COUNT over every project on each page
    # (templates/admin/projects/project/pagination.html, actions.html).
    count_cap = COUNT_CAP

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedPaginator(
            queryset,
            per_page,
            number=request.GET.get("p"),
            cap=self.count_cap,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    readonly_fields = ["publication_state", "published_at", "version", "created_at", "updated_at"]
    inlines = [ParticipationInline, TransitionInline]
    actions = ["publish", "request_changes", "archive"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "description", "kind", "status", "maturity"]},
        ),
        (
            _("Partners and fields"),
            {"fields": ["lead_partner", "fields_of_action", "transfer_direction", "adopted_from"]},
        ),
        (
            _("Time and funding"),
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "funding_programme",
                    "funding_amount",
                    "website",
                ]
            },
        ),
        (
            _("Solution profile for re-users"),
            {
                "fields": [
                    "prerequisites",
                    "operating_model",
                    "cost_min",
                    "cost_max",
                    "data_needed",
                    "licence",
                    "source_repository",
                    "reuse_contact",
                ]
            },
        ),
        (
            _("Contact and image"),
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    "contact_is_public",
                    "image",
                    "image_alt",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "publication_state",
                    "published_at",
                    "is_flagship",
                    "is_demo",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if request.method == "GET" and match and match.url_name == "projects_project_changelist":
            # The list shows none of the long texts: 100 rows without them.
            queryset = queryset.defer("description", "description_html", "search_vector")
        return queryset

    def save_model(self, request, obj, form, change):
        obj.description_html = render_markdown(obj.description)
        if change:
            obj.version = (obj.version or 0) + 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Participation:
            return super().save_formset(request, form, formset, change)
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            row.delete()
        now = timezone.now()
        for row in rows:
            # The office acting is the consent: accepted, recorded as its act.
            row.state = Participation.State.ACCEPTED
            row.answered_by, row.answered_at = request.user, now
            if row.invited_at is None:
                row.invited_by, row.invited_at = request.user, now
            row.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.settle_participations_by_office(project=form.instance, acting_user=request.user)
        services.update_search_vectors(Project.objects.filter(pk=form.instance.pk))

    @admin.action(description=_("Publish (projects in review)"), permissions=["review"])
    def publish(self, request, queryset):
        _run_step(self, request, queryset, services.publish_project)

    @admin.action(description=_("Request changes (projects in review)"), permissions=["review"])
    def request_changes(self, request, queryset):
        _run_step(
            self,
            request,
            queryset,
            services.request_changes,
            comment=str(_("Please revise the project; the project office will contact you.")),
        )

    @admin.action(description=_("Archive (published projects)"), permissions=["review"])
    def archive(self, request, queryset):
        _run_step(self, request, queryset, services.archive_project)

    def has_review_permission(self, request):
        return request.user.has_perm("projects.review_project")


@admin.register(FieldOfAction)
class FieldOfActionAdmin(RulesModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TransferInterest)
class TransferInterestAdmin(RulesModelAdmin):
    list_display = ["project", "partner", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["project__title", "partner__name", "message"]
    autocomplete_fields = ["project", "partner", "adopted_project"]
    list_select_related = ["project", "partner"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


class ParticipationAdminForm(forms.ModelForm):
    """What the office saves here is accepted: refuse what an accepted row may not be."""

    class Meta:
        model = Participation
        fields = ["project", "partner", "role"]

    def clean(self):
        data = super().clean()
        project, partner = data.get("project"), data.get("partner")
        if project is None or partner is None:
            return data
        if data.get("role") == Participation.Role.LEAD and partner.pk != project.lead_partner_id:
            self.add_error(
                "role",
                _("Only the lead partner has this role; change the lead on the project."),
            )
        taking_part = Participation.objects.accepted().filter(project=project, partner=partner)
        if taking_part.exclude(pk=self.instance.pk).exists():
            self.add_error("partner", _("This partner takes part in the project already."))
        return data


@admin.register(Participation)
class ParticipationAdmin(RulesModelAdmin, SimpleHistoryAdmin):
    """Every participation and invitation with its answer; the history shows each change."""

    form = ParticipationAdminForm

    list_display = ["project", "partner", "role", "state", "invited_at", "answered_at"]
    list_filter = ["state", "role"]
    search_fields = ["project__title", "partner__name"]
    autocomplete_fields = ["project", "partner"]
    list_select_related = ["project", "partner"]
    readonly_fields = ["state", "invited_by", "invited_at", "answered_by", "answered_at"]

    def save_model(self, request, obj, form, change):
        # The office acting is the consent: accepted, recorded as its act.
        now = timezone.now()
        obj.state = Participation.State.ACCEPTED
        obj.answered_by, obj.answered_at = request.user, now
        if obj.invited_at is None:
            obj.invited_by, obj.invited_at = request.user, now
        super().save_model(request, obj, form, change)
