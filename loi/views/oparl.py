"""The accession's council information system (OParl): connect, link the paper, sync.

Every page here stores a wish and queues the task that reads the source; none
of them waits for a council information system (loi/oparl/sync.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.permissions import permission_required, public, trust_private_address

from ..forms import (
    OParlBodyForm,
    OParlConnectForm,
    PaperChoiceForm,
    PaperSearchForm,
    WatchedOrganizationsForm,
)
from ..models import Accession, CouncilPaper, OParlConnection
from ..oparl import services
from ..oparl.calendar import CALENDAR_SALT, council_calendar
from ..oparl.dates import next_dates_of_open_accessions
from .intern import accession_by_slug


def _connection(accession: Accession) -> OParlConnection | None:
    return OParlConnection.objects.filter(partner=accession.partner).first()


def _paper(accession: Accession) -> CouncilPaper | None:
    return CouncilPaper.objects.filter(accession=accession).first()


def _form_page(request, accession: Accession, form, heading: str, submit: str, intro: str = ""):
    return render(
        request,
        "loi/form_page.html",
        {
            "accession": accession,
            "form": form,
            "heading": heading,
            "submit_label": submit,
            "intro": intro,
        },
    )


def _queued(request, accession: Accession, text: str):
    messages.success(request, text)
    return redirect(f"{accession.get_absolute_url()}#oparl-heading")


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_http_methods(["GET", "HEAD", "POST"])
def connect(request, accession: Accession, slug: str):
    connection = _connection(accession)
    form = OParlConnectForm(
        request.POST or None, initial={"system_url": connection.system_url if connection else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.connect(
            acting_user=request.user,
            accession=accession,
            system_url=form.cleaned_data["system_url"],
        )
        return _queued(
            request,
            accession,
            _(
                "The council information system will be read in the background; "
                "this page shows the result in a few minutes."
            ),
        )
    return _form_page(
        request,
        accession,
        form,
        _("Connect the council information system"),
        _("Connect"),
        _(
            "The portal reads the system's bodies and proposes the one with the partner's "
            "official municipality key (AGS). Only public data is read."
        ),
    )


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_http_methods(["GET", "HEAD", "POST"])
def choose_body(request, accession: Accession, slug: str):
    connection = _connection(accession)
    if connection is None or not connection.body_candidates:
        raise Http404
    form = OParlBodyForm(
        request.POST or None,
        candidates=connection.body_candidates,
        initial={"body_url": connection.body_url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_body(
                acting_user=request.user,
                accession=accession,
                body_url=form.cleaned_data["body_url"],
            )
        except ValidationError as error:
            form.add_error("body_url", error)
        else:
            return _queued(request, accession, _("The body is being read in the background."))
    return _form_page(request, accession, form, _("Choose the body"), _("Choose"))


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_http_methods(["GET", "HEAD", "POST"])
def find_paper(request, accession: Accession, slug: str):
    paper = _paper(accession)
    initial = {"query": paper.query if paper else accession.resolution_number}
    form = PaperSearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _connection(accession) is None:
            form.add_error(None, _("Connect the partner's council information system first."))
        else:
            services.find_paper(
                acting_user=request.user, accession=accession, query=form.cleaned_data["query"]
            )
            return _queued(
                request,
                accession,
                _("The paper is being searched for in the background; this page shows the result."),
            )
    return _form_page(request, accession, form, _("Link the council paper"), _("Find the paper"))


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_http_methods(["GET", "HEAD", "POST"])
def choose_paper(request, accession: Accession, slug: str):
    paper = _paper(accession)
    if paper is None or not paper.candidates:
        raise Http404
    form = PaperChoiceForm(request.POST or None, candidates=paper.candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_paper(
                acting_user=request.user,
                accession=accession,
                paper_url=form.cleaned_data["paper_url"],
            )
        except ValidationError as error:
            form.add_error("paper_url", error)
        else:
            return _queued(
                request, accession, _("The paper is linked; its council steps are being read.")
            )
    return _form_page(request, accession, form, _("Choose the paper"), _("Link this paper"))


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_http_methods(["GET", "HEAD", "POST"])
def watch(request, accession: Accession, slug: str):
    connection = _connection(accession)
    if connection is None or not connection.organizations:
        raise Http404
    form = WatchedOrganizationsForm(
        request.POST or None,
        organizations=connection.organizations,
        initial={"organizations": connection.watched_organizations},
    )
    if request.method == "POST" and form.is_valid():
        services.watch_organizations(
            acting_user=request.user,
            accession=accession,
            organization_ids=form.cleaned_data["organizations"],
        )
        messages.success(request, _("The bodies have been saved."))
        return redirect(f"{accession.get_absolute_url()}#oparl-heading")
    return _form_page(request, accession, form, _("Bodies to watch"), _("Save"))


@permission_required(fn=accession_by_slug, visible="loi.manage_oparl")
@require_POST
def sync_now(request, accession: Accession, slug: str):
    try:
        services.request_sync(acting_user=request.user, accession=accession)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(accession.get_absolute_url())
    return _queued(
        request, accession, _("The synchronisation has been queued; it runs in the background.")
    )


@public  # the signed token in the address is the key (calendar programs send no cookies)
@never_cache
@require_safe
def council_calendar_feed(request, token: str):
    """The office's private feed of the councils' next dates (iCalendar)."""
    try:
        user_id = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature:
        raise Http404 from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    # The address is handed out on an MFA-guarded page and stands in for that
    # session (the dates come from public council systems); the person still
    # needs an authenticator and the office role at every request. The private
    # event feed does not do this: it would carry internal events.
    if user is None or not trust_private_address(user).has_perm("loi.view_council_calendar"):
        raise Http404
    body = council_calendar(next_dates_of_open_accessions(per_body=5))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ratstermine.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
