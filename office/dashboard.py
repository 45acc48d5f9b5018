"""The project office on /intern/ (core.slots): its to-dos on top, the cockpit as a panel.

What the office has to act on (projects waiting for review, failed e-mails,
open Innovationsmobil requests) is a to-do, sorted with everyone else's; the
cockpit panel below keeps the overview (accessions, recent changes, reports)
and leaves out what the to-dos and the other panels show already.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from core.slots import Todo, panels, todos
from exchange.models import WITHOUT_RESPONSE_DAYS, Need
from partners.rules import is_office_or_superuser

from .cockpit import (
    cockpit_context,
    failed_mails,
    open_stop_requests,
    review_queue,
    stop_requests_url,
)

# Failed e-mails first among the undated to-dos: somebody is waiting for a mail.
FAILED_MAIL_URGENCY = 1000
# A project waiting for review grows more urgent with every day it waits.
REVIEW_URGENCY = 100


def _waiting(age_days: int) -> str:
    if age_days == 0:
        return gettext("waiting since today")
    return ngettext("waiting for %(days)s day", "waiting for %(days)s days", age_days) % {
        "days": age_days
    }


@todos.register(order=5)
def office_todos(request) -> list[Todo] | None:
    """Each project waiting for review, failed e-mails and open stop requests, once each."""
    if not is_office_or_superuser(request.user):
        return None
    items = []
    queue = review_queue(timezone.localdate())
    if len(queue) == 1:
        entry = queue[0]
        items.append(
            Todo(
                text=gettext("Review “%(title)s” (%(partner)s), %(waiting)s.")
                % {
                    "title": entry["project"].title,
                    "partner": entry["project"].lead_partner.name,
                    "waiting": _waiting(entry["age_days"]),
                },
                url=entry["url"],
                urgency=REVIEW_URGENCY + entry["age_days"],
            )
        )
    elif queue:
        # One line for the queue (the list is a link away), as urgent as its oldest.
        oldest = queue[0]["age_days"]
        items.append(
            Todo(
                text=ngettext(
                    "%(counter)s project waits for review, the oldest %(waiting)s.",
                    "%(counter)s projects wait for review, the oldest %(waiting)s.",
                    len(queue),
                )
                % {"counter": len(queue), "waiting": _waiting(oldest)},
                url=f"{reverse('projects_intern:list')}?stand=in_review",
                urgency=REVIEW_URGENCY + oldest,
            )
        )
    mails = failed_mails()
    if mails["count"]:
        items.append(
            Todo(
                text=ngettext(
                    "%(counter)s e-mail could not be sent",
                    "%(counter)s e-mails could not be sent",
                    mails["count"],
                )
                % {"counter": mails["count"]},
                url=mails["url"],
                urgency=FAILED_MAIL_URGENCY,
            )
        )
    requests = open_stop_requests()
    if len(requests) == 1:
        entry = requests[0]
        items.append(
            Todo(
                text=gettext("Decide the Innovationsmobil request of %(partner)s for %(place)s.")
                % {"partner": entry["request"].partner.name, "place": entry["request"].place_name},
                url=entry["url"],
                due=entry["request"].preferred_from,
            )
        )
    elif requests:
        # Due when the earliest wish begins; the admin lists them all.
        earliest = requests[0]["request"].preferred_from
        items.append(
            Todo(
                text=ngettext(
                    "%(counter)s Innovationsmobil request waits for your decision, "
                    "the earliest wished from %(date)s.",
                    "%(counter)s Innovationsmobil requests wait for your decision, "
                    "the earliest wished from %(date)s.",
                    len(requests),
                )
                % {"counter": len(requests), "date": date_format(earliest, "SHORT_DATE_FORMAT")},
                url=stop_requests_url(),
                due=earliest,
            )
        )
    return items


@panels.register(order=5)
def cockpit_panel(request) -> dict | None:
    """The cockpit on /intern/, for the project office only."""
    if not is_office_or_superuser(request.user):
        return None
    return {
        "template": "office/includes/_panel_cockpit.html",
        **cockpit_context(request, dashboard=True),
    }


# Needs nobody answered are listed one by one up to this many, else counted in one line.
NEEDS_LISTED = 3
# Below a waiting project, above nothing: a gap in the network, not a deadline.
NEED_GAP_URGENCY = 50


@todos.register(order=6)
def needs_without_response(request) -> list[Todo] | None:
    """Open needs nobody has answered: where the network has a gap (the office only)."""
    if not is_office_or_superuser(request.user):
        return None
    needs = list(
        Need.objects.without_response()
        .select_related("partner")
        .order_by("opened_at", "pk")[: NEEDS_LISTED + 1]
    )
    if len(needs) > NEEDS_LISTED:
        count = Need.objects.without_response().count()
        return [
            Todo(
                text=ngettext(
                    "%(counter)s open need has had no response for %(days)s days.",
                    "%(counter)s open needs have had no response for %(days)s days.",
                    count,
                )
                % {"counter": count, "days": WITHOUT_RESPONSE_DAYS},
                url=f"{reverse('exchange_intern:list')}?stand=open",
                urgency=NEED_GAP_URGENCY,
            )
        ]
    return [
        Todo(
            text=gettext(
                "Nobody has answered the need “%(title)s” (%(partner)s), open since %(date)s."
            )
            % {
                "title": need.title,
                "partner": need.partner.name,
                "date": date_format(timezone.localtime(need.opened_at), "SHORT_DATE_FORMAT"),
            },
            url=need.get_internal_url(),
            urgency=NEED_GAP_URGENCY,
        )
        for need in needs
    ]
