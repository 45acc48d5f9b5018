"""Pages of the internal area (/intern/…) for partner staff and the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.models import Membership, Partner
from projects.models import Project

from .. import services
from ..filters import ExpertFilter
from ..forms import (
    INTERNAL_CONSENT_TEXT,
    PUBLIC_CONSENT_TEXT,
    AddMemberForm,
    AnnouncementForm,
    DocumentUploadForm,
    LibraryUploadForm,
    OwnExpertEntryForm,
    ReplaceFileForm,
    StopRequestForm,
)
from ..models import (
    Announcement,
    CalendarFeedToken,
    Document,
    DocumentVersion,
    Expert,
    StopRequest,
    WorkingGroup,
)
from .public import PAGE_SIZE, _file_response


def _require_intern(request) -> None:
    if not request.user.has_perm("core.access_intern"):
        raise PermissionDenied


def _get_group_for_user(request, slug: str) -> WorkingGroup:
    _require_intern(request)
    group = get_object_or_404(WorkingGroup, slug=slug)
    if not request.user.has_perm("community.view_workinggroup", group):
        raise Http404
    return group


# --- Working groups ---------------------------------------------------------


@login_required
def group_list(request):
    _require_intern(request)
    groups = WorkingGroup.objects.annotate(member_count=Count("members")).order_by("name")
    mine = set(WorkingGroup.objects.for_user(request.user).values_list("pk", flat=True))
    return render(request, "community/group_list.html", {"groups": groups, "mine": mine})


@login_required
def group_detail(request, slug: str):
    group = _get_group_for_user(request, slug)
    members = group.members.select_related("user").prefetch_related(
        Prefetch("user__memberships", to_attr="partner_memberships")
    )
    is_member = any(member.user_id == request.user.pk for member in members)
    may_manage = request.user.has_perm("community.manage_group", group)
    may_see_documents = request.user.has_perm("community.view_group_documents", group)
    context = {
        "group": group,
        "members": members,
        "is_member": is_member,
        "may_join": request.user.has_perm("community.join_group", group),
        "may_manage": may_manage,
        "events": group.events.upcoming().with_related()[:10],
        "announcements": Announcement.objects.visible_to(request.user).filter(working_group=group)[
            :5
        ],
        "documents": group.documents.prefetch_related("versions") if may_see_documents else None,
        "experts": Expert.objects.listed_internally().filter(working_groups=group),
        "suggested_experts": services.suggested_experts(group)[:10] if may_manage else [],
        "add_member_form": AddMemberForm() if may_manage else None,
        "upload_form": DocumentUploadForm() if may_see_documents else None,
    }
    return render(request, "community/group_detail.html", context)


@login_required
@require_POST
def group_join(request, slug: str):
    group = _get_group_for_user(request, slug)
    if not request.user.has_perm("community.join_group", group):
        raise PermissionDenied
    services.join_group(group=group, acting_user=request.user)
    messages.success(request, _("You are now a member of this working group."))
    return redirect(group)


@login_required
@require_POST
def group_leave(request, slug: str):
    group = _get_group_for_user(request, slug)
    if group.members.filter(user=request.user, is_lead=True).exists():
        messages.error(
            request, _("Leads stay in their group; ask the project office to change the lead.")
        )
        return redirect(group)
    services.leave_group(group=group, acting_user=request.user)
    messages.success(request, _("You have left the working group."))
    return redirect(group)


@login_required
@require_POST
def group_add_member(request, slug: str):
    group = _get_group_for_user(request, slug)
    if not request.user.has_perm("community.manage_group", group):
        raise PermissionDenied
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_member(
                group=group, email=form.cleaned_data["email"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The person has been added to the group."))
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect(group)


@login_required
@require_POST
def group_invite_expert(request, slug: str, expert_id: int):
    group = _get_group_for_user(request, slug)
    if not request.user.has_perm("community.manage_group", group):
        raise PermissionDenied
    expert = get_object_or_404(Expert.objects.listed_internally(), pk=expert_id)
    services.invite_expert(group=group, expert=expert, acting_user=request.user)
    messages.success(request, _("%(name)s has been invited to the group.") % {"name": expert.name})
    return redirect(group)


@login_required
@require_POST
def group_upload(request, slug: str):
    group = _get_group_for_user(request, slug)
    if not request.user.has_perm("community.view_group_documents", group):
        raise PermissionDenied
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.working_group = group
        document.save()
        services.add_version(
            document=document, file=form.cleaned_data["file"], acting_user=request.user
        )
        messages.success(request, _("The document has been uploaded."))
        return redirect(group)
    return render(
        request,
        "community/document_form.html",
        {"form": form, "group": group, "action": request.path},
        status=400,
    )


# --- Documents --------------------------------------------------------------


def _get_document_for_user(request, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("working_group", "project", "event__host_partner"), pk=pk
    )
    if not request.user.has_perm("community.view_document", document):
        raise Http404
    return document


@login_required
def library(request):
    _require_intern(request)
    documents = (
        Document.objects.library_for(request.user).prefetch_related("versions").order_by("title")
    )
    return render(request, "community/library.html", {"documents": documents})


@login_required
@require_http_methods(["GET", "POST"])
def library_upload(request):
    """The project office adds a document to the hub library (internal or public)."""
    if not request.user.has_perm("community.add_document"):
        raise PermissionDenied
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save()
        services.add_version(
            document=document, file=form.cleaned_data["file"], acting_user=request.user
        )
        messages.success(request, _("The document has been uploaded."))
        return redirect("community_intern:library")
    return render(
        request,
        "community/library_upload.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_documents(request, pk: int):
    """The documents of one project, for the staff of its partners (and the office)."""
    _require_intern(request)
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("projects.view_internal", project):
        raise Http404
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.project = project
        document.save()
        services.add_version(
            document=document, file=form.cleaned_data["file"], acting_user=request.user
        )
        messages.success(request, _("The document has been uploaded."))
        return redirect("community_intern:project_documents", pk=project.pk)
    documents = project.documents.prefetch_related("versions").order_by("title")
    return render(
        request,
        "community/project_documents.html",
        {"project": project, "documents": documents, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _may_replace(user, document: Document) -> bool:
    if document.working_group_id:
        return user.has_perm("community.view_group_documents", document.working_group)
    if document.project_id:
        return user.has_perm("projects.view_internal", document.project)
    if document.event_id and user.has_perm("community.add_event_document", document.event):
        return True
    return user.has_perm("community.change_document", document)


@login_required
@require_http_methods(["GET", "POST"])
def document_replace(request, pk: int):
    document = _get_document_for_user(request, pk)
    if not _may_replace(request.user, document):
        raise Http404 if document.working_group_id else PermissionDenied
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_version(
            document=document, file=form.cleaned_data["file"], acting_user=request.user
        )
        messages.success(request, _("The new version has been saved; earlier ones are kept."))
        if document.project_id:
            return redirect("community_intern:project_documents", pk=document.project_id)
        if document.event_id and not document.working_group_id:
            return redirect("community_intern:event_documents", pk=document.event_id)
        return redirect(document.working_group or reverse("community_intern:library"))
    versions = document.versions.select_related("uploaded_by")
    return render(
        request,
        "community/document_replace.html",
        {"document": document, "form": form, "versions": versions},
    )


@login_required
def document_version_download(request, pk: int, number: int):
    document = _get_document_for_user(request, pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    return _file_response(version)


# --- Announcements ----------------------------------------------------------


@login_required
def internal_announcement_list(request):
    _require_intern(request)
    announcements = Announcement.objects.visible_to(request.user).select_related("working_group")
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "community/internal_announcement_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request):
    """The project office writes an announcement: a draft, or published at a time.

    Publishing goes through the same service as the admin, so the audience is
    e-mailed (by the task worker) from the publication time on.
    """
    if not request.user.has_perm("community.add_announcement"):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement = form.save(commit=False)
        announcement.author = request.user
        if form.cleaned_data["publish"]:
            services.publish_announcement(announcement=announcement, acting_user=request.user)
            if announcement.publish_at > timezone.now():
                messages.success(
                    request,
                    _("The announcement will be published and e-mailed on %(date)s.")
                    % {
                        "date": formats.date_format(
                            timezone.localtime(announcement.publish_at), "DATETIME_FORMAT"
                        )
                    },
                )
            else:
                messages.success(
                    request, _("The announcement is published; its audience is being e-mailed.")
                )
        else:
            announcement.state = Announcement.State.DRAFT
            announcement.save()
            messages.success(
                request,
                _(
                    "The announcement is saved as a draft; the project office publishes it "
                    "in the admin."
                ),
            )
        return redirect("community_intern:internal_announcements")
    return render(
        request,
        "community/announcement_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def internal_announcement_detail(request, pk: int):
    _require_intern(request)
    announcement = get_object_or_404(Announcement.objects.visible_to(request.user), pk=pk)
    return render(request, "community/announcement_detail.html", {"announcement": announcement})


# --- Calendar feed ---------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request):
    """Create (or replace) and revoke the private feed; the URL is shown only once."""
    _require_intern(request)
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeedToken.objects.filter(user=request.user).active().update(
                revoked_at=timezone.now()
            )
            messages.success(request, _("Your private calendar link no longer works."))
            return redirect("community_intern:calendar_feed")
        token = CalendarFeedToken.issue(request.user)
        new_url = request.build_absolute_uri(
            reverse("community:private_calendar", kwargs={"token": token})
        )
    active = CalendarFeedToken.objects.filter(user=request.user).active().first()
    return render(
        request,
        "community/calendar_feed.html",
        {
            "active": active,
            "new_url": new_url,
            "public_url": request.build_absolute_uri(reverse("community:public_calendar")),
        },
    )


# --- Experts ----------------------------------------------------------------


@login_required
def expert_directory(request):
    if not request.user.has_perm("community.view_expert_directory"):
        raise PermissionDenied
    base = Expert.objects.listed_internally()
    expert_filter = ExpertFilter(request.GET, queryset=base)
    if not expert_filter.is_valid():
        expert_filter = ExpertFilter(queryset=base)
    page = Paginator(expert_filter.qs.order_by("name"), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request, "community/expert_directory.html", {"filter": expert_filter, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_expert_entry(request):
    """An expert (network member, or linked by the office) keeps their own entry.

    Saving needs the internal consent; withdrawing removes the entry from every
    list at once.
    """
    user = request.user
    if not user.has_perm("community.keep_own_expert_entry"):
        raise PermissionDenied
    expert = Expert.objects.filter(user=user).first()
    saving = request.method == "POST" and request.POST.get("action") == "save"
    if request.method == "POST" and not saving:
        if expert is None:
            raise Http404
        services.withdraw_consent(expert=expert)
        messages.success(
            request, _("Your consent is withdrawn; your entry no longer appears in any list.")
        )
        return redirect("community_intern:own_expert_entry")
    instance = expert or services.new_expert_entry(user)
    form = OwnExpertEntryForm(request.POST if saving else None, instance=instance)
    if saving and form.is_valid():
        entry = form.save(commit=False)
        services.save_own_entry(
            expert=entry,
            acting_user=user,
            public_consent=form.cleaned_data["public_consent"],
            internal_text=str(INTERNAL_CONSENT_TEXT),
            public_text=str(PUBLIC_CONSENT_TEXT),
        )
        form.save_m2m()
        messages.success(request, _("Your entry in the expert network has been saved."))
        return redirect("community_intern:own_expert_entry")
    return render(
        request,
        "community/own_expert_entry.html",
        {"expert": expert, "form": form},
        status=400 if saving else 200,
    )


# --- Innovationsmobil stop requests ----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stop_request(request):
    partners = Partner.objects.filter(
        memberships__user=request.user, memberships__role=Membership.Role.ADMIN
    ).order_by("name")
    if not partners:
        raise PermissionDenied
    form = StopRequestForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        stop = form.save(commit=False)
        if not request.user.has_perm("community.request_stop", stop.partner):
            raise PermissionDenied
        stop.requested_by = request.user
        stop.save()
        messages.success(
            request, _("Your request has been sent to the project office. You will hear back.")
        )
        return redirect("community:tour")
    own = StopRequest.objects.filter(partner__in=partners).select_related("partner")
    return render(request, "community/stop_request.html", {"form": form, "requests": own})
