"""The project office on /intern/ (core.slots): its to-dos on top, the cockpit as a panel.

What the office has to act on (projects waiting for review, failed e-mails,
open Innovationsmobil requests) is a to-do, sorted with everyone else's; the
cockpit panel below keeps the overview (accessions, recent changes, reports)
and leaves out what the to-dos and the other panels show already.
"""

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.slots import Todo, panels, todos
from partners.rules import is_office_or_superuser

from .cockpit import cockpit_context, failed_mails, open_stop_requests, review_queue

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
    items = [
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
        for entry in review_queue(timezone.localdate())
    ]
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
    items += [
        Todo(
            text=gettext("Decide the Innovationsmobil request of %(partner)s for %(place)s.")
            % {"partner": entry["request"].partner.name, "place": entry["request"].place_name},
            url=entry["url"],
            due=entry["request"].preferred_from,
        )
        for entry in open_stop_requests()
    ]
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
