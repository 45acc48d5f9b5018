"""Internal project pages under /intern/projekte/: editing, review, transfer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import ratelimit
from core.permissions import objectgetter, permission_required
from core.text import render_markdown
from partners.models import Partner
from partners.rules import is_office_or_superuser, partner_roles

from .. import services
from ..forms import (
    ChangeRequestForm,
    CommentForm,
    InterestDecisionForm,
    ProjectForm,
    PublicationStateFilterForm,
    TransferInterestForm,
    participant_formset,
)
from ..models import Participation, Project, ProjectTransition, PublicationState, TransferInterest
from ..rules import participant_ids

# The project with what its internal pages and the rules read (participants), in one lookup.
project_by_pk = objectgetter(
    Project.objects.select_related("lead_partner", "adopted_from").prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("partner"))
    )
)
published_project_by_pk = objectgetter(Project.objects.published().select_related("lead_partner"))
interest_by_pk = objectgetter(TransferInterest.objects.select_related("project"))


@permission_required("core.access_intern")
@require_GET
def project_list(request):
    projects = Project.objects.select_related("lead_partner").order_by("-updated_at", "-pk")
    if not is_office_or_superuser(request.user):
        projects = (
            Project.objects.filter(
                pk__in=Participation.objects.filter(
                    partner_id__in=list(partner_roles(request.user))
                ).values("project_id")
            )
            .select_related("lead_partner")
            .order_by("-updated_at", "-pk")
        )
    state = request.GET.get("stand", "")
    if state in PublicationState.values:
        projects = projects.filter(publication_state=state)
    else:
        state = ""
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/intern/project_list.html",
        {
            "page": page,
            "projects": page.object_list,
            "state_form": PublicationStateFilterForm(initial={"stand": state}),
            "can_create": request.user.has_perm("projects.create_project"),
        },
    )


def _edit(request, project: Project | None):
    creating = project is None
    instance = project or Project()
    form = ProjectForm(
        request.POST or None, request.FILES or None, instance=instance, user=request.user
    )
    formset = participant_formset(request.POST or None, project=project)
    preview = None
    conflict = None
    if request.method == "POST":
        if request.POST.get("action") == "preview":
            preview = render_markdown(request.POST.get("description", ""))
            if request.htmx:
                return render(
                    request, "projects/intern/includes/_preview.html", {"preview": preview}
                )
        elif form.is_valid() and formset.is_valid():
            edited = form.save(commit=False)
            form.apply_image(edited)
            rows = [
                services.ParticipantRow(partner=row["partner"], role=row["role"])
                for row in (f.cleaned_data for f in formset.forms)
                if row.get("partner")
            ]
            try:
                saved = services.save_project(
                    project=edited,
                    acting_user=request.user,
                    fields_of_action=form.cleaned_data["fields_of_action"],
                    participants=rows,
                    expected_version=form.cleaned_data.get("version"),
                )
            except services.VersionConflict as exc:
                conflict = exc.current
                # Keep everything the user typed; from now on the form is based on
                # the newer version, so saving again replaces it knowingly.
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = ProjectForm(data, instance=instance, user=request.user)
                form.is_valid()
                messages.error(
                    request,
                    _(
                        "Someone else saved this project in the meantime (version %(version)s). "
                        "Nothing was overwritten. Compare the newer version below with your "
                        "input, then save again to replace it."
                    )
                    % {"version": conflict.version},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if creating:
                    messages.success(request, _("The project was created as a draft."))
                elif saved.is_published:
                    messages.success(
                        request,
                        _("Your changes are live. The project office has been informed."),
                    )
                else:
                    messages.success(request, _("Your changes were saved."))
                return redirect(saved.get_internal_url())
    return render(
        request,
        "projects/intern/project_form.html",
        {
            "form": form,
            "formset": formset,
            "project": project,
            "preview": preview,
            "conflict": conflict,
        },
    )


@permission_required("projects.create_project")
@require_http_methods(["GET", "POST"])
def project_create(request):
    return _edit(request, None)


@permission_required("projects.edit_project", fn=project_by_pk, visible="projects.view_internal")
@require_http_methods(["GET", "POST"])
def project_edit(request, project: Project, pk: int):
    return _edit(request, project)


@permission_required(fn=project_by_pk, visible="projects.view_internal")
@require_GET
def project_detail(request, project: Project, pk: int):
    transitions = ProjectTransition.objects.filter(project=project).select_related("actor")
    interests = TransferInterest.objects.filter(project=project).select_related(
        "partner", "created_by", "adopted_project"
    )
    own_interests = TransferInterest.objects.filter(adopted_project=project).select_related(
        "project"
    )
    return render(
        request,
        "projects/intern/project_detail.html",
        {
            "project": project,
            "transitions": transitions,
            # Each interest with its own decision form (ids of its own on the page).
            "interests": [
                (interest, InterestDecisionForm(auto_id=f"id_interest{interest.pk}_%s"))
                for interest in interests
            ],
            "own_interests": own_interests,
            "comment_form": CommentForm(),
            "change_request_form": ChangeRequestForm(auto_id="id_changes_%s"),
            "can_edit": request.user.has_perm("projects.edit_project", project),
            "can_submit": request.user.has_perm("projects.submit_project", project)
            and project.state.can_transition_to(PublicationState.IN_REVIEW),
            "can_review": request.user.has_perm("projects.review_project", project),
            "can_decide": request.user.has_perm("projects.decide_interest", project),
            "State": PublicationState,
        },
    )


def _workflow_view(step):
    """A step of the publication workflow; whether the user may take it, the service asks."""

    @permission_required(fn=project_by_pk, visible="projects.view_internal")
    @require_POST
    def view(request, project: Project, pk: int):
        form = CommentForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            step(project=project, acting_user=request.user, comment=comment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, DONE_MESSAGES[step.__name__])
        return redirect(project.get_internal_url())

    return view


DONE_MESSAGES = {
    "submit_project": gettext_lazy("The project was submitted. The project office will review it."),
    "publish_project": gettext_lazy("The project is published."),
    "request_changes": gettext_lazy("The project was returned with your comment."),
    "archive_project": gettext_lazy("The project is archived and no longer public."),
}

project_submit = _workflow_view(services.submit_project)
project_publish = _workflow_view(services.publish_project)
project_request_changes = _workflow_view(services.request_changes)
project_archive = _workflow_view(services.archive_project)


@permission_required("projects.signal_interest", fn=published_project_by_pk)
@require_POST
def interest_create(request, project: Project, pk: int):
    """A partner's staff signal interest in adopting a published project."""
    ids = set(partner_roles(request.user)) - participant_ids(project)
    form = TransferInterestForm(request.POST, partners=Partner.objects.filter(pk__in=ids))
    if not ratelimit.allow(request, "transfer-interest", limit=10, period=3600):
        messages.error(request, _("Too many requests. Please try again in an hour."))
    elif form.is_valid():
        try:
            services.signal_interest(
                project=project,
                partner=form.cleaned_data["partner"],
                acting_user=request.user,
                message=form.cleaned_data["message"],
            )
        except (services.WorkflowError, ValidationError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        else:
            messages.success(
                request, _("Thank you. The lead partner has been told about your interest.")
            )
    else:
        messages.error(request, _("Please choose a partner and write a short message."))
    return redirect(project.get_absolute_url())


@permission_required(fn=interest_by_pk, visible="projects.view_internal")
@require_POST
def interest_decide(request, interest: TransferInterest, pk: int):
    """The lead partner's editors (or the office) decide; the service asks the rule."""
    project = interest.project
    form = InterestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the new status."))
    else:
        try:
            interest = services.decide_interest(
                interest=interest,
                acting_user=request.user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
            )
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The transfer interest was updated."))
    return redirect(project.get_internal_url())
