"""The Letter-of-Intent panel of the /intern/ dashboard (one query for partner staff)."""

import rules
from django.db.models import Count
from django.utils import timezone

from core.slots import once_per_request, panels

from .models import Accession, Agreement, CouncilPaper, Deliberation, OParlConnection
from .oparl.calendar import calendar_url
from .oparl.dates import next_dates, next_dates_of_open_accessions


def current_agreement(request) -> Agreement | None:
    """The current agreement, read once per request (the cockpit shows it too)."""
    return once_per_request(request, "loi.agreement", lambda: Agreement.objects.current().first())


def status_counts(request, agreement: Agreement) -> dict[str, int]:
    """{status: number of accessions} of the agreement, read once per request."""
    return once_per_request(
        request,
        f"loi.status_counts.{agreement.pk}",
        lambda: dict(
            Accession.objects.for_agreement(agreement)
            .order_by()
            .values_list("status")
            .annotate(count=Count("id"))
        ),
    )


@panels.register(order=22)
def loi_panel(request) -> dict | None:
    user = request.user
    # The rule itself: user.has_perm() would also ask Django's ModelBackend, two
    # queries for the user's permission rows, for a permission only the rule grants.
    is_office = rules.has_perm("loi.manage_agreements", user)
    if is_office:
        agreement = current_agreement(request)
        if agreement is None:
            return None
    else:
        # Partner staff see their own accessions of the current agreement (there
        # is at most one); the agreement comes with them, in the same query.
        own = list(
            Accession.objects.of_current_agreement()
            .for_user(user)
            # The partner's council source and the linked paper come along (the
            # council dates below), so the panel costs one query with or without them.
            .select_related("partner__oparl_connection", "agreement", "council_paper")
            .order_by("partner__name")
        )
        if not own:
            return None
        agreement = own[0].agreement
    today = timezone.localdate()
    context = {
        "template": "loi/includes/_panel_loi.html",
        "agreement": agreement,
        "days_left": max(agreement.days_left(today), 0),
        "banner": agreement.in_reminder_window(today),
        "is_office": is_office,
    }
    if is_office:
        accessions = Accession.objects.for_agreement(agreement).select_related(
            "partner", "agreement"
        )
        counts = status_counts(request, agreement)
        context["counts"] = [
            (status.label, counts.get(status.value, 0)) for status in Accession.Status
        ]
        context["missing"] = list(accessions.not_signed().order_by("partner__name"))
        return context
    context["accessions"] = own
    connection = getattr(own[0].partner, "oparl_connection", None)
    if connection is not None:
        paper = getattr(own[0], "council_paper", None)
        context["connection"] = connection
        context["council_dates"] = next_dates(connection, paper)
    return context


@panels.register(order=23)
def council_panel(request) -> dict | None:
    """For the office: every partner's council source, conflicts, the councils' next dates."""
    if not rules.has_perm("loi.view_council_calendar", request.user):
        return None
    connections = list(OParlConnection.objects.select_related("partner").order_by("partner__name"))
    if not connections:
        return None
    conflicts = [
        step
        for step in Deliberation.objects.filter(accession__agreement__is_current=True)
        .exclude(source_url="")
        .select_related("accession__partner")
        .order_by("accession__partner__name", "order")
        if step.has_conflict or step.source_result_unknown
    ]
    failed_papers = list(
        CouncilPaper.objects.filter(
            accession__agreement__is_current=True,
            state__in=[CouncilPaper.State.FAILED, CouncilPaper.State.NOT_FOUND],
        ).select_related("accession__partner")
    )
    return {
        "template": "loi/includes/_panel_council.html",
        "connections": connections,
        "conflicts": conflicts,
        "failed_papers": failed_papers,
        "council_dates": next_dates_of_open_accessions(),
        "calendar_url": calendar_url(request),
    }
