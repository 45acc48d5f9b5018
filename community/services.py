"""Writes with more than one step: publication, notifications, consent, groups."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.storage import safe_file_name
from notifications.mail import MailTemplate, Renderings
from notifications.models import Category, Frequency
from notifications.services import notify, notify_users
from partners.models import Membership, Partner, User

from .models import (
    Announcement,
    Document,
    DocumentVersion,
    Expert,
    StopRequest,
    WorkingGroup,
    WorkingGroupMember,
)
from .uploads import detect_type, extension_for

# --- Expert network --------------------------------------------------------


def new_expert_entry(user) -> Expert:
    """An unsaved entry for a network member, prefilled from the account and their partner."""
    membership = (
        Membership.objects.filter(user=user, role=Membership.Role.NETWORK_MEMBER)
        .select_related("partner")
        .first()
    )
    sector = Expert.Sector.BUSINESS
    if membership and membership.partner.kind == Partner.Kind.SCIENCE:
        sector = Expert.Sector.SCIENCE
    elif membership and membership.partner.kind == Partner.Kind.ASSOCIATION:
        sector = Expert.Sector.CIVIL_SOCIETY
    return Expert(
        name=user.get_full_name() or user.email,
        email=user.email,
        phone=getattr(user, "phone", ""),
        organisation=membership.partner.name if membership else "",
        sector=sector,
    )


# --- Announcements ----------------------------------------------------------


def audience_of(announcement: Announcement):
    """The people an announcement is e-mailed to."""
    users = User.objects.filter(is_active=True)
    if announcement.audience == Announcement.Audience.GROUP:
        # Members of the group while they are partner staff (WorkingGroupQuerySet.for_user).
        return users.filter(
            working_group_memberships__group=announcement.working_group_id,
            memberships__role__in=Membership.Role.staff_roles(),
        ).distinct()
    # Public news and news to all partners go to every partner staff member
    # (network members, the experts, are not partner staff).
    return users.filter(memberships__role__in=Membership.Role.staff_roles()).distinct()


@transaction.atomic
def publish_announcement(*, announcement: Announcement, acting_user, at: datetime | None = None):
    """Publish now (or at `at`); the audience is e-mailed from that moment on."""
    announcement.state = Announcement.State.PUBLISHED
    if at is not None:
        announcement.publish_at = at
    if announcement.author_id is None:
        announcement.author = acting_user
    announcement.full_clean()
    announcement.save()
    schedule_mailing(announcement)
    return announcement


def schedule_mailing(announcement: Announcement) -> None:
    """Enqueue the mailing for when the announcement is due (call after saving it)."""
    if announcement.state != Announcement.State.PUBLISHED or announcement.mailed_at:
        return
    run_after = announcement.publish_at if announcement.publish_at > timezone.now() else None
    mailing = mail_announcement.using(run_after=run_after) if run_after else mail_announcement
    transaction.on_commit(lambda: mailing.enqueue(announcement.pk))


@task()
def mail_announcement(announcement_id: int) -> int:
    """Tell each member of the audience once, as their settings want (a task of the worker).

    Idempotent: `mailed_at` and the per-recipient key make sure nobody gets
    the same announcement twice. Returns how many people were told.
    """
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
        if announcement is None or announcement.mailed_at or not announcement.is_visible:
            # Not yet due (rescheduled: a later task does it), unpublished or done.
            return 0
        url = announcement_url(announcement)
        count = notify_users(
            users=audience_of(announcement),
            category=Category.ANNOUNCEMENTS,
            key=f"announcement:{announcement.pk}",
            mail=MailTemplate(
                "community/email/announcement",
                {"announcement": announcement, "url": f"{settings.SITE_URL}{url}"},
            ),
            url=url,
            append_url=False,  # the body carries the link
        )
        announcement.mailed_at = timezone.now()
        announcement.recipient_count = count
        announcement.save(update_fields=["mailed_at", "recipient_count"])
        return count


def announcement_url(announcement: Announcement) -> str:
    if announcement.is_public:
        return announcement.get_absolute_url()
    return reverse("community_intern:internal_announcement_detail", kwargs={"pk": announcement.pk})


# --- Working groups ---------------------------------------------------------


@transaction.atomic
def join_group(*, group: WorkingGroup, acting_user) -> WorkingGroupMember:
    if not group.is_open:
        raise PermissionDenied
    member, _created = WorkingGroupMember.objects.get_or_create(group=group, user=acting_user)
    return member


@transaction.atomic
def request_membership(*, group: WorkingGroup, acting_user) -> int:
    """Ask the leads of a closed group to add the acting person; returns how many leads
    were told. Each lead hears of one person's request once, however often it is sent."""
    if group.is_open or group.members.filter(user=acting_user).exists():
        raise PermissionDenied
    leads = [
        member.user
        for member in group.members.filter(is_lead=True, user__is_active=True).select_related(
            "user"
        )
    ]
    if not leads:
        raise ValidationError(
            _("This group has no lead yet. Please write to the project office to join it.")
        )
    mail = Renderings(
        MailTemplate(
            "community/email/membership_request",
            {
                "group": group,
                "person": acting_user,
                "url": settings.SITE_URL + group.get_absolute_url(),
            },
        )
    )
    for lead in leads:
        # A personal request, like an invitation: sent at once, whatever the digest settings.
        notify(
            user=lead,
            category="",
            key=f"group-membership-request:{group.pk}:{acting_user.pk}:{lead.pk}",
            mail=mail,
            url=group.get_absolute_url(),
            append_url=False,
            frequency=Frequency.IMMEDIATELY,
        )
    return len(leads)


@transaction.atomic
def leave_group(*, group: WorkingGroup, acting_user) -> None:
    WorkingGroupMember.objects.filter(group=group, user=acting_user, is_lead=False).delete()


@transaction.atomic
def add_member(*, group: WorkingGroup, email: str, acting_user) -> WorkingGroupMember:
    """A lead (or the office) adds a partner staff member, also to a closed group."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    staff_roles = Membership.Role.staff_roles()
    if user is None or not Membership.objects.filter(user=user, role__in=staff_roles).exists():
        raise ValidationError(
            _("There is no partner staff member with this e-mail address in the portal.")
        )
    member, _created = WorkingGroupMember.objects.get_or_create(group=group, user=user)
    return member


@transaction.atomic
def invite_expert(*, group: WorkingGroup, expert: Expert, acting_user) -> None:
    if not Expert.objects.listed_internally().filter(pk=expert.pk).exists():
        raise ValidationError(_("This expert is not listed in the directory."))
    group.experts.add(expert)


def suggested_experts(group: WorkingGroup):
    """Listed experts of the group's fields of action, not yet invited."""
    return (
        Expert.objects.listed_internally()
        .exclude(working_groups=group)
        .filter(fields_of_action__in=group.fields_of_action.all())
        .distinct()
    )


# --- Experts ----------------------------------------------------------------


@transaction.atomic
def withdraw_consent(*, expert: Expert) -> None:
    """The expert withdraws: gone from every list at once, and from the groups."""
    expert.withdrawn_at = timezone.now()
    expert.public_consent_at = None
    expert.save(update_fields=["withdrawn_at", "public_consent_at", "updated_at"])
    expert.working_groups.clear()


@transaction.atomic
def save_own_entry(
    *, expert: Expert, acting_user, public_consent: bool, internal_text: str, public_text: str
) -> Expert:
    """The expert saves their own entry with the consents (date and wording recorded).

    Saving needs the internal consent (the form asks for it); it is recorded
    when first given or given again after a withdrawal. The public consent is
    recorded when ticked and removed when unticked. Call `save_m2m()` of the
    form afterwards for the fields of action.
    """
    now = timezone.now()
    expert.user = acting_user
    if expert.pk is None or expert.withdrawn_at or expert.internal_consent_at is None:
        expert.internal_consent_at = now
        expert.internal_consent_text = internal_text
    expert.withdrawn_at = None
    if public_consent and expert.public_consent_at is None:
        expert.public_consent_at = now
        expert.public_consent_text = public_text
    elif not public_consent:
        expert.public_consent_at = None
    expert.full_clean()
    expert.save()
    return expert


# --- Documents --------------------------------------------------------------


@transaction.atomic
def upload_document(*, acting_user: User, document: Document, file: File) -> Document:
    """Save a new document together with its first version: both, or neither.

    `document` is unsaved, with its title, description, visibility and where
    it belongs (a working group, a project, an event, or none of them: the hub
    library) set by the caller. Should the file not be stored (a refused
    version, the storage failing), the transaction leaves no document behind.
    """
    document.full_clean()
    document.save()
    add_version(document=document, file=file, acting_user=acting_user)
    return document


@transaction.atomic
def add_version(*, document: Document, file, acting_user) -> DocumentVersion:
    """Store a new file for the document; earlier versions are kept."""
    last = document.versions.order_by("-number").first()
    content_type = detect_type(file) or "application/octet-stream"
    # Stored (and later downloaded) under a short plain name with the extension
    # of the type found: a PDF uploaded as "Protokoll.hta" is "Protokoll.pdf".
    file.name = safe_file_name(file.name or "", extension=extension_for(content_type))
    version = DocumentVersion(
        document=document,
        number=(last.number + 1) if last else 1,
        file=file,
        uploaded_by=acting_user,
        content_type=content_type,
        size=file.size,
    )
    version.full_clean()
    version.save()
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    return version


# --- Innovationsmobil -------------------------------------------------------


@transaction.atomic
def decide_stop_request(*, request: StopRequest, accept: bool, acting_user) -> StopRequest:
    target = StopRequest.Status.ACCEPTED if accept else StopRequest.Status.DECLINED
    if not StopRequest.Status(request.status).can_transition_to(target):
        raise ValidationError(_("This request has already been decided."))
    request.status = target
    request.decided_by = acting_user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if request.requested_by is not None:
        notify(
            user=request.requested_by,
            category=Category.EVENTS,
            key=f"stop-request:{request.pk}:decided",
            mail=MailTemplate(
                "community/email/stop_request_decided", {"request": request, "accepted": accept}
            ),
            url="/innovationsmobil/",
        )
    return request
