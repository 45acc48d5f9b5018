"""The project office's cockpit: what needs its attention today.

Shown above the app list on the admin start page and as a panel of /intern/
for office members. Every item links to where it is handled. A fixed number of
queries (one or two per block), whatever the amount of data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from operator import attrgetter

from django.apps import apps
from django.db.models import Count, Max, Q, Window
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.models import Event, StopRequest
from exchange.gaps import gap_overview
from loi.dashboard import current_agreement, status_counts
from loi.models import Accession
from notifications.models import OutgoingMail
from projects.models import Project, ProjectTransition, PublicationState

RECENT_CHANGES = 12
UPCOMING_EVENTS = 8


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    what: str  # model name
    title: str
    kind: str  # created, changed, deleted
    who: str
    url: str


def _admin_url(name: str, *args) -> str:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:  # the model is not in the admin
        return ""


def review_queue(today: datetime.date) -> list[dict]:
    """Projects in review, oldest submission first, with their age in days."""

    projects = (
        Project.objects.filter(publication_state=PublicationState.IN_REVIEW)
        .select_related("lead_partner")
        .annotate(
            submitted_at=Max(
                "transitions__created_at",
                filter=Q(transitions__action=ProjectTransition.Action.SUBMITTED),
            )
        )
    )
    queue = []
    for project in projects:
        since = project.submitted_at or project.updated_at
        queue.append(
            {
                "project": project,
                "since": since,
                "age_days": (today - timezone.localtime(since).date()).days,
                "url": reverse("projects_intern:detail", args=[project.pk]),
            }
        )
    return sorted(queue, key=lambda item: item["since"])


def accession_overview(today: datetime.date, request=None) -> dict | None:
    """The current agreement: days left, accessions by state, those without signature.

    With the request of /intern/, the agreement and the counts are read once for
    the cockpit and the Letter-of-Intent panel together.
    """

    agreement = current_agreement(request)
    if agreement is None:
        return None
    accessions = Accession.objects.for_agreement(agreement)
    counts = status_counts(request, agreement)
    changelist = _admin_url("loi_accession_changelist")
    by_state = [
        {
            "label": status.label,
            "count": counts.get(status.value, 0),
            "url": f"{changelist}?status__exact={status.value}&agreement__id__exact={agreement.pk}"
            if changelist
            else "",
        }
        for status in Accession.Status
    ]
    missing = list(
        accessions.open().select_related("partner", "agreement").order_by("partner__name")
    )
    return {
        "agreement": agreement,
        "agreement_url": _admin_url("loi_agreement_change", agreement.pk),
        "days_left": agreement.days_left(today),
        "by_state": by_state,
        "missing_signature": missing,
    }


def open_stop_requests() -> list[dict]:
    """Innovationsmobil requests waiting for the office's answer, earliest wish first."""
    requests = (
        StopRequest.objects.filter(status=StopRequest.Status.OPEN)
        .select_related("partner")
        .order_by("preferred_from", "pk")
    )
    return [
        {"request": item, "url": _admin_url("community_stoprequest_change", item.pk)}
        for item in requests
    ]


def stop_requests_url() -> str:
    """The admin's list of the open stop requests ("" without the admin)."""
    changelist = _admin_url("community_stoprequest_changelist")
    return f"{changelist}?status__exact={StopRequest.Status.OPEN}" if changelist else ""


def upcoming_events(now: datetime.datetime) -> dict | None:
    events = list(Event.objects.upcoming(now).with_related()[:UPCOMING_EVENTS])
    return {
        "events": [
            {"event": event, "url": _admin_url("community_event_change", event.pk)}
            for event in events
        ],
        "stop_requests": open_stop_requests(),
    }


def failed_mails() -> dict | None:
    failed = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED)
    # The number of all failed mails comes with the latest five (a window count).
    latest = list(failed.annotate(total=Window(Count("pk"))).order_by("-created_at")[:5])
    changelist = _admin_url("notifications_outgoingmail_changelist")
    return {
        "count": latest[0].total if latest else 0,
        "latest": [
            {"mail": mail, "url": _admin_url("notifications_outgoingmail_change", mail.pk)}
            for mail in latest
        ],
        "url": f"{changelist}?status__exact={OutgoingMail.Status.FAILED}" if changelist else "",
    }


# The audited models, what their history rows need, and their title. The title is
# read from the history row itself: str() of the historical object would build a
# model instance and fetch its relations again, one query per row.
HISTORY_MODELS = [
    ("partners.Partner", (), lambda row: row.name),
    ("partners.Membership", ("user", "partner"), lambda row: f"{row.user} – {row.partner}"),
    ("projects.Project", (), lambda row: row.title),
    ("loi.Agreement", (), lambda row: row.title),
    (
        "loi.Accession",
        ("partner", "agreement"),
        lambda row: f"{row.partner} – {row.agreement.title}",
    ),
]


def _history_models() -> list[tuple]:
    return [(apps.get_model(label), related, title) for label, related, title in HISTORY_MODELS]


HISTORY_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def recent_changes(limit: int = RECENT_CHANGES) -> list[Change]:
    """The latest changes across the audited models (one query per model)."""
    changes = []
    for model, related, title in _history_models():
        opts = model._meta
        records = model.history.select_related("history_user", *related).order_by("-history_date")[
            :limit
        ]
        for record in records:
            user = record.history_user
            changes.append(
                Change(
                    when=record.history_date,
                    what=str(opts.verbose_name),
                    title=title(record),
                    kind=HISTORY_KINDS.get(record.history_type, "changed"),
                    who=str(user) if user else "",
                    url=_admin_url(f"{opts.app_label}_{opts.model_name}_history", record.id)
                    if record.history_type != "-"
                    else "",
                )
            )
    return sorted(changes, key=attrgetter("when"), reverse=True)[:limit]


def cockpit_context(request=None, *, dashboard: bool = False) -> dict:
    """The cockpit's blocks. On the /intern/ dashboard (`dashboard`) without what the
    dashboard shows elsewhere: the review queue, failed e-mails and stop requests are
    its to-dos (office.dashboard), the next events the community panel's; the recent
    changes stay on the admin start page (a link away), so /intern/ fits two screens."""
    now = timezone.now()
    today = timezone.localdate()
    context = {
        "dashboard": dashboard,
        "review_url": reverse("projects_intern:list"),
        "accessions": accession_overview(today, request),
        # Open needs the matching has no project for: where the network has a gap.
        "need_gaps": gap_overview(),
        "report_url": reverse("office_intern:funder_report"),
        "import_url": reverse("projects_intern:import"),
        "admin_url": _admin_url("index"),
    }
    if not dashboard:
        context.update(
            review_queue=review_queue(today),
            calendar=upcoming_events(now),
            mails=failed_mails(),
            changes=recent_changes(),
        )
    return context
