"""Internal project pages under /intern/projekte/: editing, review, transfer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import once, ratelimit
from core.confirm import is_confirmed, render_confirmation
from core.permissions import objectgetter, permission_required
from core.text import render_markdown
from partners.models import Partner
from partners.rules import is_office_or_superuser, partner_roles

from .. import review, services
from ..forms import (
    ChangeRequestForm,
    CommentForm,
    DeclineInvitationForm,
    InterestDecisionForm,
    ProjectForm,
    PublicationStateFilterForm,
    TransferInterestForm,
    participant_formset,
)
from ..models import Participation, Project, ProjectTransition, PublicationState, TransferInterest
from ..rules import outside_editing_partner_ids

# The project with what its internal pages and the rules read (participants), in one lookup.
project_by_pk = objectgetter(
    Project.objects.select_related("lead_partner", "adopted_from").prefetch_related(
        Prefetch(
            "participations", queryset=Participation.objects.accepted().select_related("partner")
        ),
        "fields_of_action",
    )
)
published_project_by_pk = objectgetter(Project.objects.published().select_related("lead_partner"))
interest_by_pk = objectgetter(TransferInterest.objects.select_related("project"))


@permission_required("core.access_intern")
@require_safe
def project_list(request):
    projects = Project.objects.select_related("lead_partner").order_by("-updated_at", "-pk")
    if not is_office_or_superuser(request.user):
        projects = (
            Project.objects.filter(
                pk__in=Participation.objects.accepted()
                .filter(partner_id__in=list(partner_roles(request.user)))
                .values("project_id")
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
    formset = participant_formset(request.POST or None, project=project, user=request.user)
    preview = None
    conflict = None
    comparison = None
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
            wanted_lead = edited.lead_partner

            def save() -> str:
                saved = services.save_project(
                    project=edited,
                    acting_user=request.user,
                    fields_of_action=form.cleaned_data["fields_of_action"],
                    participants=formset.rows(),
                    expected_version=form.cleaned_data.get("version"),
                )
                return saved.get_internal_url()

            try:
                if creating:
                    # A double click on "Save" creates one draft (core/once.py).
                    url, first = once.submit_once(
                        user=request.user, form=form, name="projects.create", perform=save
                    )
                    if not first:
                        messages.info(request, once.ALREADY_SENT)
                        return redirect(url or "projects_intern:list")
                else:
                    url = save()
            except services.VersionConflict as exc:
                conflict = exc.current
                # What the other person changed, field by field, beside the user's input.
                comparison = review.conflict(
                    base_version=form.cleaned_data.get("version"),
                    current=conflict,
                    mine=review.input_version(
                        edited,
                        fields_of_action=form.cleaned_data["fields_of_action"],
                        participants=formset.rows(),
                    ),
                )
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
                elif edited.lead_partner_id != wanted_lead.pk:
                    messages.success(
                        request,
                        _(
                            "Your changes were saved. %(partner)s has been offered the lead; "
                            "it takes over when one of its editors accepts."
                        )
                        % {"partner": wanted_lead.name},
                    )
                elif edited.is_published:
                    messages.success(
                        request,
                        _("Your changes are live. The project office has been informed."),
                    )
                else:
                    messages.success(request, _("Your changes were saved."))
                return redirect(url)
    return render(
        request,
        "projects/intern/project_form.html",
        {
            "form": form,
            "formset": formset,
            "project": project,
            "preview": preview,
            "conflict": conflict,
            "comparison": comparison,
        },
    )


@permission_required("projects.create_project")
@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request):
    return _edit(request, None)


@permission_required("projects.edit_project", fn=project_by_pk, visible="projects.view_internal")
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request, project: Project, pk: int):
    return _edit(request, project)


@permission_required(fn=project_by_pk, visible="projects.view_internal")
@require_safe
def project_detail(request, project: Project, pk: int):
    transitions = ProjectTransition.objects.filter(project=project).select_related("actor")
    interests = TransferInterest.objects.filter(project=project).select_related(
        "partner", "created_by", "adopted_project"
    )
    own_interests = TransferInterest.objects.filter(adopted_project=project).select_related(
        "project"
    )
    # The check-answers list: every field the public page shows, and what changed
    # since the office last published or returned the project (projects/review.py).
    current = review.current_version(project)
    comparison, decision = review.changes_since_decision(project, current)
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
            # Who is invited or has declined (to take part or to lead); project members only.
            "invitations": Participation.objects.filter(project=project)
            .exclude(state=Participation.State.ACCEPTED)
            .select_related("partner", "invited_by", "answered_by")
            .order_by("-invited_at", "-pk"),
            "comment_form": CommentForm(),
            "change_request_form": ChangeRequestForm(auto_id="id_changes_%s"),
            "can_edit": request.user.has_perm("projects.edit_project", project),
            "can_submit": request.user.has_perm("projects.submit_project", project)
            and project.state.can_transition_to(PublicationState.IN_REVIEW),
            "can_review": request.user.has_perm("projects.review_project", project),
            "can_decide": request.user.has_perm("projects.decide_interest", project),
            "State": PublicationState,
            "answers": review.answers(current, comparison.names),
            "comparison": comparison,
            "since_published": decision == ProjectTransition.Action.PUBLISHED,
            "adopted_from": project.adopted_from,
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


@permission_required("projects.review_project", fn=project_by_pk, visible="projects.view_internal")
@require_http_methods(["GET", "HEAD", "POST"])
def project_publish(request, project: Project, pk: int):
    """Publishing makes the project public: a page names what becomes public first."""
    if not project.state.can_transition_to(PublicationState.PUBLISHED):
        messages.error(request, _("Only a project in review can be published."))
        return redirect(project.get_internal_url())
    form = CommentForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and form.is_valid():
        try:
            services.publish_project(
                project=project, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        except (ValidationError, services.WorkflowError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, DONE_MESSAGES["publish_project"])
        return redirect(project.get_internal_url())
    return render_confirmation(
        request,
        heading=_("Publish “%(title)s”?") % {"title": project.title},
        consequences=[
            _("The project becomes public at once; its editors are told by e-mail."),
            _("Later edits by its editors go live when they save; you are informed of each."),
        ],
        public=review.what_becomes_public(
            project,
            review.current_version(project),
            public_url=request.build_absolute_uri(project.get_absolute_url()),
        ),
        button=_("Publish the project"),
        cancel_url=project.get_internal_url(),
        back_label=_("Back to the review"),
        form=form,
    )


project_request_changes = _workflow_view(services.request_changes)


@permission_required("projects.review_project", fn=project_by_pk, visible="projects.view_internal")
@require_http_methods(["GET", "HEAD", "POST"])
def project_archive(request, project: Project, pk: int):
    """Archiving cannot be undone: a page says what it does before the office does it."""
    if not project.state.can_transition_to(PublicationState.ARCHIVED):
        messages.error(request, _("Only a published project can be archived."))
        return redirect(project.get_internal_url())
    form = CommentForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and form.is_valid():
        try:
            services.archive_project(
                project=project, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        except (ValidationError, services.WorkflowError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, DONE_MESSAGES["archive_project"])
        return redirect(project.get_internal_url())
    return render_confirmation(
        request,
        heading=_("Archive “%(title)s”?") % {"title": project.title},
        consequences=[
            _("The project is archived; an archived project cannot be published again."),
            _("Its editors are told by e-mail, with your comment."),
        ],
        public=[
            _(
                "The public project page disappears at once, and with it the project's entry "
                "in the showcase, on the map, in the feeds and in the open data."
            )
        ],
        button=_("Archive the project"),
        cancel_url=project.get_internal_url(),
        back_label=_("Back to the project"),
        form=form,
    )


@permission_required("projects.signal_interest", fn=published_project_by_pk)
@require_POST
def interest_create(request, project: Project, pk: int):
    """A partner's staff signal interest in adopting a published project."""
    ids = outside_editing_partner_ids(request.user, project)
    form = TransferInterestForm(request.POST, partners=Partner.objects.filter(pk__in=ids))
    if not ratelimit.allow(request, "transfer-interest", limit=10, period=3600):
        messages.error(request, _("Too many requests. Please try again in an hour."))
    elif form.is_valid():

        def signal() -> str:
            services.signal_interest(
                project=project,
                partner=form.cleaned_data["partner"],
                acting_user=request.user,
                message=form.cleaned_data["message"],
            )
            return project.get_absolute_url()

        try:
            # A double click signals once (core/once.py).
            url, first = once.submit_once(
                user=request.user, form=form, name="projects.interest", perform=signal
            )
        except (services.WorkflowError, ValidationError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        else:
            if first:
                messages.success(
                    request, _("Thank you. The lead partner has been told about your interest.")
                )
            else:
                messages.info(request, once.ALREADY_SENT)
                return redirect(url or project.get_absolute_url())
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


# --- Invitations to take part (participation by consent) ------------------------------

invitation_by_pk = objectgetter(
    Participation.objects.select_related(
        "project__lead_partner", "partner", "invited_by", "answered_by"
    )
)


@permission_required("core.access_intern")
@require_safe
def invitation_list(request):
    """Open invitations to the partners where the user is an editor or admin."""
    invitations = (
        Participation.objects.answerable_by(request.user)
        .select_related("project__lead_partner", "partner", "invited_by")
        .order_by("-invited_at", "-pk")
    )
    return render(
        request, "projects/intern/invitation_list.html", {"invitations": list(invitations)}
    )


@permission_required(fn=invitation_by_pk, visible="projects.view_invitation")
@require_safe
def invitation_detail(request, invitation: Participation, pk: int):
    return render(
        request,
        "projects/intern/invitation_detail.html",
        {
            "invitation": invitation,
            "project": invitation.project,
            "can_answer": request.user.has_perm("projects.answer_invitation", invitation),
        },
    )


@permission_required(fn=invitation_by_pk, visible="projects.view_invitation")
@require_POST
def invitation_accept(request, invitation: Participation, pk: int):
    """Accept: the partner takes part (or leads); the service asks the rule."""
    try:
        invitation = services.accept_participation(
            participation=invitation, acting_user=request.user
        )
    except services.WorkflowError as exc:
        messages.info(request, str(exc))
        return redirect(invitation.get_invitation_url())
    if invitation.role == Participation.Role.LEAD:
        done = _("%(partner)s now leads “%(title)s”.")
    else:
        done = _("%(partner)s now takes part in “%(title)s”.")
    messages.success(
        request, done % {"partner": invitation.partner.name, "title": invitation.project.title}
    )
    return redirect(invitation.project.get_internal_url())


@permission_required(fn=invitation_by_pk, visible="projects.view_invitation")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_decline(request, invitation: Participation, pk: int):
    """Decline, after a page that asks (with an optional reason for the lead partner)."""
    form = DeclineInvitationForm(request.POST if is_confirmed(request) else None)
    if not invitation.is_open:
        messages.info(request, _("This invitation has been answered already."))
        return redirect(invitation.get_invitation_url())
    if is_confirmed(request) and form.is_valid():
        try:
            services.decline_participation(
                participation=invitation,
                acting_user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except services.WorkflowError as exc:
            messages.info(request, str(exc))
            return redirect(invitation.get_invitation_url())
        messages.success(
            request,
            _("You declined the invitation to “%(title)s”. The lead partner has been told.")
            % {"title": invitation.project.title},
        )
        return redirect("projects_intern:invitations")
    project = invitation.project
    partner = invitation.partner.name
    return render_confirmation(
        request,
        heading=_("Decline the invitation to %(title)s") % {"title": project.title},
        consequences=[
            _(
                "%(partner)s will not take part. %(lead)s is told; to take part later, it "
                "has to invite %(partner)s again."
            )
            % {"partner": partner, "lead": project.lead_partner.name}
        ],
        public=[],
        button=_("Decline the invitation"),
        cancel_url=invitation.get_invitation_url(),
        back_label=_("Back to the invitation"),
        form=form,
        extra_context={"invitation": invitation, "project": project},
        status=400 if form.is_bound else 200,
    )
