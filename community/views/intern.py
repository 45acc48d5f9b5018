"""Pages of the internal area (/intern/…) for partner staff and the office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.permissions import objectgetter, permission_required
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
    Event,
    Expert,
    StopRequest,
    WorkingGroup,
    WorkingGroupMember,
)
from .documents import upload_from_form
from .public import PAGE_SIZE, _file_response

group_by_slug = objectgetter(WorkingGroup, "slug", "slug")
project_by_pk = objectgetter(Project)
document_by_pk = objectgetter(
    Document.objects.select_related("working_group", "project", "event__host_partner")
)


# --- Working groups ---------------------------------------------------------
# A group's pages ask the internal area first (403, before the slug is looked
# up), then whether the group is there for the user (404), then their own right (403).


@permission_required("core.access_intern")
def group_list(request):
    groups = (
        WorkingGroup.objects.annotate(member_count=Count("members"))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=WorkingGroupMember.objects.filter(is_lead=True).select_related("user"),
                to_attr="leads",
            )
        )
        .order_by("name")
    )
    mine = set(WorkingGroup.objects.for_user(request.user).values_list("pk", flat=True))
    return render(request, "community/group_list.html", {"groups": groups, "mine": mine})


@permission_required("core.access_intern")
@permission_required(fn=group_by_slug, visible="community.view_workinggroup")
def group_detail(request, group: WorkingGroup, slug: str):
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
        "may_request": request.user.has_perm("community.request_group_membership", group),
        "leads": [member for member in members if member.is_lead],
        "lead_names": ", ".join(
            member.user.get_full_name() or member.user.email for member in members if member.is_lead
        ),
        "may_manage": may_manage,
        # A closed group's internal events are for those who may see them, not its visitors.
        "events": Event.objects.visible_to(request.user)
        .filter(working_group=group)
        .upcoming()
        .with_related()[:10],
        "announcements": Announcement.objects.visible_to(request.user).filter(working_group=group)[
            :5
        ],
        "documents": group.documents.prefetch_related("versions") if may_see_documents else None,
        "experts": Expert.objects.listed_internally().filter(working_groups=group),
        "suggested_experts": services.suggested_experts(group)[:10] if may_manage else [],
        "add_member_form": AddMemberForm() if may_manage else None,
        "upload_form": DocumentUploadForm() if may_see_documents else None,
        "may_replace": may_see_documents,
    }
    return render(request, "community/group_detail.html", context)


@permission_required("core.access_intern")
@permission_required(
    "community.join_group", fn=group_by_slug, visible="community.view_workinggroup"
)
@require_POST
def group_join(request, group: WorkingGroup, slug: str):
    services.join_group(group=group, acting_user=request.user)
    messages.success(request, _("You are now a member of this working group."))
    return redirect(group)


@permission_required("core.access_intern")
@permission_required(
    "community.request_group_membership",
    fn=group_by_slug,
    visible="community.view_workinggroup",
)
@require_POST
def group_request_membership(request, group: WorkingGroup, slug: str):
    try:
        told = services.request_membership(group=group, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The lead of the group has been asked to add you.",
                "The %(counter)s leads of the group have been asked to add you.",
                told,
            )
            % {"counter": told},
        )
    return redirect(group)


@permission_required("core.access_intern")
@permission_required(fn=group_by_slug, visible="community.view_workinggroup")
@require_POST
def group_leave(request, group: WorkingGroup, slug: str):
    if group.members.filter(user=request.user, is_lead=True).exists():
        messages.error(
            request, _("Leads stay in their group; ask the project office to change the lead.")
        )
        return redirect(group)
    services.leave_group(group=group, acting_user=request.user)
    messages.success(request, _("You have left the working group."))
    return redirect(group)


@permission_required("core.access_intern")
@permission_required(
    "community.manage_group", fn=group_by_slug, visible="community.view_workinggroup"
)
@require_POST
def group_add_member(request, group: WorkingGroup, slug: str):
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


@permission_required("core.access_intern")
@permission_required(
    "community.manage_group", fn=group_by_slug, visible="community.view_workinggroup"
)
@require_POST
def group_invite_expert(request, group: WorkingGroup, slug: str, expert_id: int):
    expert = get_object_or_404(Expert.objects.listed_internally(), pk=expert_id)
    services.invite_expert(group=group, expert=expert, acting_user=request.user)
    messages.success(request, _("%(name)s has been invited to the group.") % {"name": expert.name})
    return redirect(group)


@permission_required("core.access_intern")
@permission_required(
    "community.view_group_documents", fn=group_by_slug, visible="community.view_workinggroup"
)
@require_POST
def group_upload(request, group: WorkingGroup, slug: str):
    form = DocumentUploadForm(request.POST, request.FILES, instance=Document(working_group=group))
    if upload_from_form(request, form):
        return redirect(group)
    return render(
        request,
        "community/document_form.html",
        {"form": form, "group": group, "action": request.path},
        status=400,
    )


# --- Documents --------------------------------------------------------------


@permission_required("core.access_intern")
def library(request):
    documents = (
        Document.objects.library_for(request.user).prefetch_related("versions").order_by("title")
    )
    return render(request, "community/library.html", {"documents": documents})


@permission_required("community.add_document")
@require_http_methods(["GET", "HEAD", "POST"])
def library_upload(request):
    """The project office adds a document to the hub library (internal or public)."""
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_from_form(request, form):
        return redirect("community_intern:library")
    return render(
        request,
        "community/library_upload.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("core.access_intern")
@permission_required(fn=project_by_pk, visible="projects.view_internal")
@require_http_methods(["GET", "HEAD", "POST"])
def project_documents(request, project: Project, pk: int):
    """The documents of one project, for the staff of its partners (and the office).

    Its partners' editors and admins (and the office) add documents; members read.
    """
    may_upload = request.user.has_perm("community.add_project_document", project)
    if request.method == "POST" and not may_upload:
        raise PermissionDenied
    form = None
    if may_upload:
        form = DocumentUploadForm(
            request.POST or None, request.FILES or None, instance=Document(project=project)
        )
    if request.method == "POST" and upload_from_form(request, form):
        return redirect("community_intern:project_documents", pk=project.pk)
    documents = project.documents.prefetch_related("versions").order_by("title")
    return render(
        request,
        "community/project_documents.html",
        {"project": project, "documents": documents, "form": form, "may_replace": may_upload},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(
    "community.replace_document", fn=document_by_pk, visible="community.view_document_versions"
)
@require_http_methods(["GET", "HEAD", "POST"])
def document_replace(request, document: Document, pk: int):
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


@permission_required(fn=document_by_pk, visible="community.view_document")
def document_version_download(request, document: Document, pk: int, number: int):
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    return _file_response(version)


# --- Announcements ----------------------------------------------------------


@permission_required("core.access_intern")
def internal_announcement_list(request):
    announcements = Announcement.objects.visible_to(request.user).select_related("working_group")
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "community/internal_announcement_list.html", {"page": page})


@permission_required("community.add_announcement")
@require_http_methods(["GET", "HEAD", "POST"])
def announcement_create(request):
    """The project office writes an announcement: a draft, or published at a time.

    Publishing goes through the same service as the admin, so the audience is
    e-mailed (by the task worker) from the publication time on.
    """
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


@permission_required("core.access_intern")
def internal_announcement_detail(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.visible_to(request.user), pk=pk)
    return render(request, "community/announcement_detail.html", {"announcement": announcement})


# --- Calendar feed ---------------------------------------


@permission_required("core.access_intern")
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed(request):
    """Create (or replace) and revoke the private feed; the URL is shown only once."""
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


@permission_required("community.view_expert_directory")
def expert_directory(request):
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


@permission_required("community.keep_own_expert_entry")
@require_http_methods(["GET", "HEAD", "POST"])
def own_expert_entry(request):
    """An expert (network member, or linked by the office) keeps their own entry.

    Saving needs the internal consent; withdrawing removes the entry from every
    list at once.
    """
    user = request.user
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


@permission_required("community.open_stop_requests")
@require_http_methods(["GET", "HEAD", "POST"])
def stop_request(request):
    """A partner's admin asks for an Innovationsmobil stop for one of their partners."""
    # Only these partners can be chosen: the rule `community.request_stop` for each.
    partners = Partner.objects.filter(
        memberships__user=request.user, memberships__role=Membership.Role.ADMIN
    ).order_by("name")
    form = StopRequestForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        stop = form.save(commit=False)
        stop.requested_by = request.user
        stop.save()
        messages.success(
            request, _("Your request has been sent to the project office. You will hear back.")
        )
        return redirect("community:tour")
    own = StopRequest.objects.filter(partner__in=partners).select_related("partner")
    return render(request, "community/stop_request.html", {"form": form, "requests": own})
