"""Writes with more than one step: publication, notifications, consent, groups."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import Membership, Partner

from .mail import queue_mail
from .models import (
    Announcement,
    DigestItem,
    Document,
    DocumentVersion,
    Expert,
    NotificationSetting,
    OutgoingMail,
    StopRequest,
    WorkingGroup,
    WorkingGroupMember,
)
from .models.notifications import Category, Frequency
from .uploads import detect_type

User = get_user_model()


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


# --- Notifications ----------------------------------------------------------


def frequency_for(user, category: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, category=category).first()
    return setting.frequency if setting else NotificationSetting.DEFAULT


def _with_link(body: str, url: str, append_url: bool) -> str:
    """The mail body with the absolute link to `url` (a path) appended, if wanted."""
    return body + (f"\n\n{settings.SITE_URL}{url}" if url and append_url else "")


def notify(
    *,
    user,
    category: str,
    key: str,
    subject: str,
    body: str,
    url: str = "",
    append_url: bool = True,
    frequency: str | None = None,
) -> str:
    """Tell one user about something, as their setting for the category wants.

    Other apps call this (project reviews, transfer interest, accession
    reminders). `key` makes it idempotent per cause. Returns the frequency used.
    The mail is an OutgoingMail row written in the caller's transaction and
    delivered by the task worker after the commit. `url` (a path) is the
    digest's link; it is appended to the mail's body unless `append_url` is
    False (for bodies that carry their links already). `frequency`, when the
    caller has read it already, saves the lookup of the user's setting.
    """
    if frequency is None:
        frequency = frequency_for(user, category)
    if frequency == Frequency.IMMEDIATELY:
        queue_mail(
            key=key,
            to=user.email,
            subject=f"[Regio.hub] {subject}",
            body=_with_link(body, url, append_url),
            user=user,
            category=category,
        )
    elif frequency == Frequency.WEEKLY:
        DigestItem.objects.create(user=user, category=category, subject=subject, url=url)
    return frequency


def notify_users(
    *,
    users,
    category: str,
    key: str,
    subject: str,
    body: str,
    url: str = "",
    append_url: bool = True,
    exclude=None,
) -> int:
    """`notify()` each active user once (`key` + the user's id); returns how many were told.

    `exclude` (a user, e.g. the one who acted) is left out.
    """
    recipients: dict[int, object] = {}
    for user in users:
        if user.is_active and (exclude is None or user.pk != exclude.pk):
            recipients.setdefault(user.pk, user)
    # Everyone's setting for the category in one query, not one per recipient.
    frequencies = dict(
        NotificationSetting.objects.filter(user_id__in=recipients, category=category).values_list(
            "user_id", "frequency"
        )
    )
    told = 0
    for user in recipients.values():
        frequency = notify(
            user=user,
            category=category,
            key=f"{key}:user:{user.pk}",
            subject=subject,
            body=body,
            url=url,
            append_url=append_url,
            frequency=frequencies.get(user.pk, NotificationSetting.DEFAULT),
        )
        told += frequency != Frequency.OFF
    return told


def office_users():
    """The people of the project office (group "Projektbüro"), active accounts only."""
    from partners.rules import PROJECT_OFFICE_GROUP

    return User.objects.filter(groups__name=PROJECT_OFFICE_GROUP, is_active=True).distinct()


def notify_office(
    *,
    category: str,
    key: str,
    subject: str,
    body: str,
    url: str = "",
    append_url: bool = True,
    exclude=None,
) -> int:
    """Tell the project office: its shared mailbox and each office member.

    The mailbox (PROJECT_OFFICE_EMAIL) is a team inbox without settings and
    always gets the mail at once; each person of the office group gets it as
    their own setting for the category wants (one mail per address: a person
    whose address is the mailbox's is not mailed twice).
    """
    mailbox = settings.PROJECT_OFFICE_EMAIL
    told = 0
    if mailbox:
        queue_mail(
            key=f"{key}:office",
            to=mailbox,
            subject=f"[Regio.hub] {subject}",
            body=_with_link(body, url, append_url),
            category=category,
        )
        told += 1
    people = office_users().exclude(email__iexact=mailbox) if mailbox else office_users()
    return told + notify_users(
        users=people,
        category=category,
        key=key,
        subject=subject,
        body=body,
        url=url,
        append_url=append_url,
        exclude=exclude,
    )


def save_notification_settings(*, user, frequencies: dict[str, str]) -> None:
    for category, frequency in frequencies.items():
        NotificationSetting.objects.update_or_create(
            user=user, category=category, defaults={"frequency": frequency}
        )


def iso_week(moment: datetime | None = None) -> str:
    local = timezone.localtime(moment or timezone.now())
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def send_digests(*, now: datetime | None = None) -> int:
    """One digest mail per user with pending items, at most one per ISO week.

    Running it again in the same week sends nothing new; items that arrive
    after this week's digest wait for next week's.
    """
    week = iso_week(now)
    sent = 0
    user_ids = (
        DigestItem.objects.filter(digest_week="").values_list("user_id", flat=True).distinct()
    )
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True):
        key = f"digest:{week}:user:{user.pk}"
        with transaction.atomic():
            if OutgoingMail.objects.filter(key=key).exists():
                continue
            items = list(DigestItem.objects.select_for_update().filter(user=user, digest_week=""))
            if not items:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "community/email/digest.txt",
                    {"user": user, "items": items, "site_url": settings.SITE_URL, "week": week},
                )
                subject = _("[Regio.hub] Your weekly digest (%(week)s)") % {"week": week}
            queue_mail(key=key, to=user.email, subject=subject, body=body, user=user)
            DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(digest_week=week)
            sent += 1
    return sent


# --- Announcements ----------------------------------------------------------


def audience_of(announcement: Announcement):
    """The people an announcement is e-mailed to."""
    users = User.objects.filter(is_active=True)
    if announcement.audience == Announcement.Audience.GROUP:
        return users.filter(working_group_memberships__group=announcement.working_group_id)
    # Public news and news to all partners go to every partner staff member
    # (network members, the experts, are not partner staff).
    return users.filter(memberships__role__in=Membership.Role.staff_roles()).distinct()


@transaction.atomic
def publish_announcement(*, announcement: Announcement, by, at: datetime | None = None):
    """Publish now (or at `at`); the audience is e-mailed from that moment on."""
    announcement.state = Announcement.State.PUBLISHED
    if at is not None:
        announcement.publish_at = at
    if announcement.author_id is None:
        announcement.author = by
    announcement.full_clean()
    announcement.save()
    schedule_mailing(announcement)
    return announcement


def schedule_mailing(announcement: Announcement) -> None:
    """Enqueue the mailing for when the announcement is due (call after saving it)."""
    if announcement.state != Announcement.State.PUBLISHED or announcement.mailed_at:
        return
    from .tasks import mail_announcement

    run_after = announcement.publish_at if announcement.publish_at > timezone.now() else None
    task = mail_announcement.using(run_after=run_after) if run_after else mail_announcement
    transaction.on_commit(lambda: task.enqueue(announcement.pk))


def mail_announcement(announcement_id: int) -> int:
    """Queue one e-mail per member of the audience, as their settings want.

    Runs in the worker. Idempotent: `mailed_at` and the per-recipient mail key
    make sure nobody gets the same announcement twice. Returns the recipients.
    """
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
        if announcement is None or announcement.mailed_at or not announcement.is_visible:
            # Not yet due (rescheduled: a later task does it), unpublished or done.
            return 0
        recipients = list(audience_of(announcement))
        frequencies = NotificationSetting.objects.frequencies_for(
            recipients, Category.ANNOUNCEMENTS
        )
        url = announcement_url(announcement)
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "community/email/announcement.txt",
                {"announcement": announcement, "url": f"{settings.SITE_URL}{url}"},
            )
        count = 0
        for user in recipients:
            frequency = frequencies.get(user.pk, NotificationSetting.DEFAULT)
            if frequency == Frequency.OFF:
                continue
            if frequency == Frequency.WEEKLY:
                DigestItem.objects.create(
                    user=user,
                    category=Category.ANNOUNCEMENTS,
                    subject=announcement.title,
                    url=url,
                )
            else:
                queue_mail(
                    key=f"announcement:{announcement.pk}:user:{user.pk}",
                    to=user.email,
                    subject=f"[Regio.hub] {announcement.title}",
                    body=body,
                    user=user,
                    category=Category.ANNOUNCEMENTS,
                )
            count += 1
        announcement.mailed_at = timezone.now()
        announcement.recipient_count = count
        announcement.save(update_fields=["mailed_at", "recipient_count"])
        return count


def announcement_url(announcement: Announcement) -> str:
    from django.urls import reverse

    if announcement.is_public:
        return announcement.get_absolute_url()
    return reverse("community:internal_announcement_detail", kwargs={"pk": announcement.pk})


# --- Working groups ---------------------------------------------------------


@transaction.atomic
def join_group(*, group: WorkingGroup, user) -> WorkingGroupMember:
    if not group.is_open:
        raise PermissionDenied
    member, _created = WorkingGroupMember.objects.get_or_create(group=group, user=user)
    return member


@transaction.atomic
def leave_group(*, group: WorkingGroup, user) -> None:
    WorkingGroupMember.objects.filter(group=group, user=user, is_lead=False).delete()


@transaction.atomic
def add_member(*, group: WorkingGroup, email: str, by) -> WorkingGroupMember:
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
def invite_expert(*, group: WorkingGroup, expert: Expert, by) -> None:
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
    *, expert: Expert, user, public_consent: bool, internal_text: str, public_text: str
) -> Expert:
    """The expert saves their own entry with the consents (date and wording recorded).

    Saving needs the internal consent (the form asks for it); it is recorded
    when first given or given again after a withdrawal. The public consent is
    recorded when ticked and removed when unticked. Call `save_m2m()` of the
    form afterwards for the fields of action.
    """
    now = timezone.now()
    expert.user = user
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
def add_version(*, document: Document, file, by) -> DocumentVersion:
    """Store a new file for the document; earlier versions are kept."""
    last = document.versions.order_by("-number").first()
    version = DocumentVersion(
        document=document,
        number=(last.number + 1) if last else 1,
        file=file,
        uploaded_by=by,
        content_type=detect_type(file) or "application/octet-stream",
        size=file.size,
    )
    version.full_clean()
    version.save()
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    return version


# --- Innovationsmobil -------------------------------------------------------


@transaction.atomic
def decide_stop_request(*, request: StopRequest, accept: bool, by) -> StopRequest:
    target = StopRequest.Status.ACCEPTED if accept else StopRequest.Status.DECLINED
    if not StopRequest.Status(request.status).can_transition_to(target):
        raise ValidationError(_("This request has already been decided."))
    request.status = target
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if request.requested_by is not None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                _("Your Innovationsmobil request for %(place)s was accepted")
                if accept
                else _("Your Innovationsmobil request for %(place)s was declined")
            ) % {"place": request.place_name}
        notify(
            user=request.requested_by,
            category=Category.EVENTS,
            key=f"stop-request:{request.pk}:decided",
            subject=subject,
            body=subject + ".",
            url="/innovationsmobil/",
        )
    return request
