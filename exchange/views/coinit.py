"""Joint drafts under /intern/gemeinsame-entwuerfe/: co-initiation of a project (exchange/coinit/).

The draft's content is edited, and invitations answered, on the project pages
(projects_intern:edit, projects_intern:invitation); these pages add what
co-initiation needs: starting from a need, the confirmations, the thread and
the council papers.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import once
from core.confirm import is_confirmed, render_confirmation
from core.permissions import objectgetter, permission_required
from partners.models import Membership
from partners.rules import partner_roles
from projects import services as project_services
from projects.models import Participation, Project, PublicationState

from ..coinit import services
from ..coinit.council_paper import council_paper, council_paper_odt, council_paper_pdf
from ..coinit.forms import CommentForm, ConfirmForm, JointDraftForm
from ..coinit.models import DraftComment, JointDraft
from ..models import Need

draft_by_pk = objectgetter(
    JointDraft.objects.select_related("project__lead_partner", "need__partner", "created_by")
)
comment_by_pk = objectgetter(
    DraftComment.objects.select_related("draft__project", "author"), attr_name="comment_pk"
)
need_by_pk = objectgetter(Need.objects.select_related("partner"))


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@permission_required("core.access_intern")
@require_safe
def draft_list(request):
    """The joint drafts the user's partners take part in (the office: all)."""
    visible = Project.objects.visible_to(request.user)
    drafts = (
        JointDraft.objects.filter(project__in=visible)
        .select_related("project__lead_partner", "need")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "exchange/coinit/draft_list.html",
        {
            "drafts": drafts[:100],
            "invitations": Participation.objects.answerable_by(request.user)
            .filter(project__joint_draft__isnull=False)
            .select_related("project__joint_draft", "partner"),
            "can_start": request.user.has_perm("exchange.start_joint_draft"),
        },
    )


def _start(request, need: Need | None):
    form = JointDraftForm(request.POST or None, user=request.user, need=need)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def start() -> str:
            draft = services.start_joint_draft(
                acting_user=request.user,
                lead_partner=data["lead_partner"],
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                fields_of_action=data["fields_of_action"],
                co_initiators=data["co_initiators"],
                need=need,
            )
            return draft.get_absolute_url()

        try:
            # A double click on "Start" starts one draft (core/once.py).
            url, first = once.submit_once(
                user=request.user, form=form, name="exchange.joint_draft", perform=start
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            else:
                form.add_error(None, _errors(exc))
        else:
            if not first:
                messages.info(request, once.ALREADY_SENT)
            else:
                messages.success(
                    request,
                    _(
                        "The joint draft has started. The co-initiators' editors and admins "
                        "have been invited; each partner accepts or declines."
                    ),
                )
            return redirect(url or "exchange_intern:joint_drafts")
    return render(request, "exchange/coinit/draft_form.html", {"form": form, "need": need})


@permission_required("exchange.start_joint_draft")
@require_http_methods(["GET", "HEAD", "POST"])
def draft_create(request):
    return _start(request, None)


@permission_required("core.access_intern")
@permission_required("exchange.start_joint_draft", fn=need_by_pk, visible="exchange.read_need")
@require_http_methods(["GET", "HEAD", "POST"])
def draft_from_need(request, need: Need, pk: int):
    if not need.is_active:
        messages.error(
            request,
            _("The need is no longer open (“%(state)s”); a joint draft cannot start from it.")
            % {"state": need.current_state.label},
        )
        return redirect(need.get_internal_url())
    return _start(request, need)


def _detail(request, draft: JointDraft, *, comment_form=None, status: int = 200):
    user = request.user
    project = draft.project
    status_of = services.confirmation_status(draft)
    comments = list(draft.comments.select_related("author"))
    # The earlier texts of edited comments, from their history, in one query.
    earlier: dict[int, list] = {}
    edited_ids = [comment.pk for comment in comments if comment.edited_at]
    if edited_ids:
        versions = DraftComment.history.filter(id__in=edited_ids).order_by("history_date")
        for version in versions.only("id", "body", "history_date", "history_type"):
            earlier.setdefault(version.id, []).append(version)
    for comment in comments:
        comment.can_edit = comment.author_id == user.pk and comment.is_editable_now()
        comment.earlier = [v for v in earlier.get(comment.pk, []) if v.body != comment.body]
    editing = Membership.Role.editing_roles()
    roles = partner_roles(user)
    confirmable = [
        row.partner
        for row in status_of["missing"]
        if roles.get(row.partner_id) in editing and draft.is_open_for_confirmation
    ]
    can_submit = user.has_perm(
        "projects.submit_project", project
    ) and project.state.can_transition_to(PublicationState.IN_REVIEW)
    return render(
        request,
        "exchange/coinit/draft_detail.html",
        {
            "draft": draft,
            "project": project,
            "fields": project.fields_of_action.all(),
            "status": status_of,
            "confirmable": confirmable,
            "ready": can_submit and not status_of["missing"] and not status_of["waiting"],
            "can_submit": can_submit,
            "can_edit": user.has_perm("projects.edit_project", project),
            "comments": comments,
            "comment_form": comment_form or CommentForm(),
            "mentionable": services.mentionable_users(draft),
            "papers": [row for row in status_of["rows"] if row.state != row.State.DECLINED],
        },
        status=status,
    )


@permission_required("core.access_intern")
@permission_required(fn=draft_by_pk, visible="exchange.view_joint_draft")
@require_safe
def draft_detail(request, draft: JointDraft, pk: int):
    return _detail(request, draft)


@permission_required("core.access_intern")
@permission_required(
    "exchange.comment_joint_draft", fn=draft_by_pk, visible="exchange.view_joint_draft"
)
@require_POST
def comment_create(request, draft: JointDraft, pk: int):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.post_comment(
                draft=draft, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(f"{draft.get_absolute_url()}#comment-{comment.pk}")
    return _detail(request, draft, comment_form=form, status=400)


@permission_required("core.access_intern")
@permission_required(
    "exchange.edit_draft_comment", fn=comment_by_pk, visible="exchange.view_joint_draft"
)
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request, comment: DraftComment, pk: int, comment_pk: int):
    if comment.draft_id != pk:
        raise Http404
    if not comment.is_editable_now() and request.method != "POST":
        messages.error(request, services.EDIT_WINDOW_OVER)
        return redirect(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(
                comment=comment, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your comment has been changed."))
            return redirect(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "exchange/coinit/comment_form.html", {"form": form, "comment": comment})


@permission_required("core.access_intern")
@permission_required(
    "exchange.confirm_joint_draft", fn=draft_by_pk, visible="exchange.view_joint_draft"
)
@require_POST
def draft_confirm(request, draft: JointDraft, pk: int):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("partner", [])))
        return redirect(draft.get_absolute_url())
    try:
        services.confirm_draft(
            draft=draft, partner=form.cleaned_data["partner"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(partner)s has confirmed the draft as it is now.")
            % {"partner": form.cleaned_data["partner"].name},
        )
    return redirect(draft.get_absolute_url())


@permission_required("core.access_intern")
@permission_required(
    "exchange.submit_joint_draft", fn=draft_by_pk, visible="exchange.view_joint_draft"
)
@require_http_methods(["GET", "HEAD", "POST"])
def draft_submit(request, draft: JointDraft, pk: int):
    """Going to review is not undone by the partners: a page says so before it is done."""
    project = draft.project
    if is_confirmed(request):
        try:
            project_services.submit_project(project=project, acting_user=request.user)
        except project_services.WorkflowError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request, _("The joint draft was submitted. The project office will review it.")
            )
        return redirect(draft.get_absolute_url())
    return render_confirmation(
        request,
        heading=_("Submit “%(title)s” for review?") % {"title": project.title},
        consequences=[
            _(
                "The project office reviews the draft; until it returns or publishes it, "
                "nobody can change it or confirm it again."
            ),
            _("The co-initiators' confirmations are final for this review."),
        ],
        public=[_("Nothing is public yet: the project office publishes the project.")],
        button=_("Submit for review"),
        cancel_url=draft.get_absolute_url(),
        back_label=_("Back to the joint draft"),
    )


def paper_row(request, pk: int, partner_pk: int, **kwargs) -> Participation:
    """The co-initiator's row whose council paper is asked for (not one that declined)."""
    return get_object_or_404(
        Participation.objects.exclude(state=Participation.State.DECLINED).select_related(
            "partner", "project__joint_draft"
        ),
        project__joint_draft__pk=pk,
        partner_id=partner_pk,
    )


@permission_required("core.access_intern")
@permission_required(
    "exchange.download_council_paper", fn=paper_row, visible="exchange.download_council_paper"
)
@require_safe
def council_paper_download(request, row: Participation, pk: int, partner_pk: int, fmt: str):
    paper = council_paper(row.project.joint_draft, row.partner)
    if fmt == "pdf":
        content, kind = council_paper_pdf(paper), "application/pdf"
    elif fmt == "odt":
        content, kind = council_paper_odt(paper), "application/vnd.oasis.opendocument.text"
    else:  # the URL patterns allow only these two
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}.{fmt}"'
    return response
