"""The Letter-of-Intent panel of the /intern/ dashboard (one query for partner staff)."""

import rules
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from core.slots import Todo, once_per_request, panels, todos
from partners.rules import is_office_or_superuser

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


def own_accessions(request) -> list[Accession]:
    """The user's partners' accessions of the current agreement, read once per request.

    The agreement comes with them, in the same query, and so do the partner's
    council source and the linked paper (the council dates of the panel).
    """
    return once_per_request(
        request,
        "loi.own_accessions",
        lambda: list(
            Accession.objects.of_current_agreement()
            .for_user(request.user)
            .select_related("partner__oparl_connection", "agreement", "council_paper")
            .order_by("partner__name")
        ),
    )


def _ends_in(agreement: Agreement, today) -> str:
    days = max(agreement.days_left(today), 0)
    return ngettext(
        "The Letter of Intent ends in %(days)s day, on %(date)s.",
        "The Letter of Intent ends in %(days)s days, on %(date)s.",
        days,
    ) % {"days": days, "date": date_format(agreement.valid_until, "SHORT_DATE_FORMAT")}


# States in which the partner has the next step (the others wait for the office or are final).
PARTNER_STEPS = (
    Accession.Status.PREPARED,
    Accession.Status.IN_DELIBERATION,
    Accession.Status.RESOLVED,
)


@todos.register(order=22)
def loi_todos(request) -> list[Todo] | None:
    """The agreement's end once it is near (a deadline), and each own accession's next step."""
    user = request.user
    today = timezone.localdate()
    if is_office_or_superuser(user):
        agreement = current_agreement(request)
        if agreement is None or not agreement.in_reminder_window(today):
            return None
        return [
            Todo(
                text=_ends_in(agreement, today),
                url=reverse("loi_intern:index"),
                link=gettext("Accessions and follow-up agreement"),
                due=agreement.valid_until,
            )
        ]
    own = own_accessions(request)
    if not own:
        return None
    items = []
    agreement = own[0].agreement
    if agreement.in_reminder_window(today):
        items.append(
            Todo(
                text=_ends_in(agreement, today),
                url=own[0].get_absolute_url(),
                link=gettext("Your accession"),
                due=agreement.valid_until,
            )
        )
    items += [
        Todo(
            text=f"{accession.partner.name}: {accession.state.next_step}",
            url=accession.get_absolute_url(),
            link=gettext("To the accession"),
            urgency=10,
        )
        for accession in own
        if accession.status in PARTNER_STEPS
    ]
    return items


@panels.register(order=22)
def loi_panel(request) -> dict | None:
    """Partner staff: their accessions and the council's next dates.

    The office sees the accessions in its cockpit (office app), the deadline and
    the next steps are on top of the dashboard (`loi_todos`): each thing once.
    """
    if is_office_or_superuser(request.user):
        return None
    own = own_accessions(request)
    if not own:
        return None
    context = {
        "template": "loi/includes/_panel_loi.html",
        "agreement": own[0].agreement,
        "accessions": own,
    }
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
