from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, IntegerField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_site import RulesModelAdmin, SafeAutocompleteMixin
from core.text import render_markdown
from partners.models import Partner

from . import services
from .forms import ProjectAdminForm
from .models import FieldOfAction, Participation, Project, ProjectTransition, TransferInterest


class ParticipationInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["partner"]

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
    """(pk, label) of every field of action and every partner, one query per request.

    RelatedFieldListFilter reads each related table on its own, whole rows and
    one model instance per choice; the two filters of the project list take
    their choices from this one UNION query instead (same order, same labels:
    a field of action's display name, a partner's name).
    """
    cached = getattr(request, "_project_filter_choices", None)
    if cached is not None:
        return cached
    english = (get_language() or "de").startswith("en")
    label = Coalesce(NullIf("name_en", Value("")), "name") if english else F("name")
    columns = ("source", "pk", "label", "rank", "sort_name")
    fields = FieldOfAction.objects.order_by().annotate(
        source=Value(0, IntegerField()), label=label, rank=F("position"), sort_name=F("name")
    )
    partners = Partner.objects.order_by().annotate(
        source=Value(1, IntegerField()),
        label=F("name"),
        rank=Value(0, IntegerField()),
        sort_name=F("name"),
    )
    rows = (
        fields.values_list(*columns)
        .union(partners.values_list(*columns), all=True)
        .order_by("source", "rank", "sort_name", "pk")
    )
    cached = {"fields_of_action": [], "lead_partner": []}
    for source, pk, text, _rank, _sort_name in rows:
        cached["lead_partner" if source else "fields_of_action"].append((pk, text))
    request._project_filter_choices = cached
    return cached


class SharedChoicesFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices come from `_filter_choices` (one query for both)."""

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
        ("lead_partner", SharedChoicesFilter),
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
    readonly_fields = ["publication_state", "published_at", "version", "created_at", "updated_at"]
    inlines = [ParticipationInline, TransitionInline]
    actions = ["publish", "request_changes", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "kind", "status"]}),
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
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
