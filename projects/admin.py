from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from regiohub.admin_site import RulesModelAdmin

from . import services
from .models import FieldOfAction, Participation, Project, ProjectTransition, TransferInterest


class ParticipationInline(admin.TabularInline):
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
            step(project=project, actor=request.user, **kwargs)
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


@admin.register(Project)
class ProjectAdmin(RulesModelAdmin, SimpleHistoryAdmin):
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
        "fields_of_action",
        "lead_partner",
        "transfer_direction",
        "is_flagship",
        "is_demo",
    ]
    search_fields = ["title", "summary", "slug", "lead_partner__name"]
    autocomplete_fields = ["lead_partner", "adopted_from"]
    filter_horizontal = ["fields_of_action"]
    list_select_related = ["lead_partner"]
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

    def save_model(self, request, obj, form, change):
        from .text import render_markdown

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
