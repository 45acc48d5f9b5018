"""The partners' internal records of their accession (/intern/absichtserklaerung/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import ratelimit
from core.confirm import is_confirmed, render_confirmation
from core.permissions import permission_required

from .. import services
from ..forms import (
    DeliberationForm,
    FollowUpForm,
    ProposalForm,
    ReopenForm,
    SignatureForm,
    TransitionForm,
)
from ..models import (
    OFFICE_ONLY_TARGETS,
    Accession,
    Agreement,
    CouncilPaper,
    Deliberation,
    OParlConnection,
)
from ..oparl.dates import next_dates
from ..pdf import agreement_pdf_for


def accession_by_slug(request, slug: str, **_url) -> Accession:
    """The partner's accession to the current agreement (404 when it has none).

    Every page of a record asks its right as `visible`: whoever lacks it gets a
    404, also for editing one's own record, so nothing leaks that a record
    exists or what state it is in (loi/rules.py).
    """
    accession = (
        Accession.objects.of_current_agreement()
        .select_related("partner", "agreement", "agreement__counterpart", "confirmed_by")
        .filter(partner__slug=slug)
        .first()
    )
    if accession is None:
        raise Http404
    return accession


@permission_required("core.access_intern")
@require_safe
def record_index(request):
    agreement = Agreement.objects.current_with_counterpart()
    is_office = request.user.has_perm("loi.manage_agreements")
    accessions = Accession.objects.of_current_agreement().select_related("partner", "agreement")
    if not is_office:
        accessions = accessions.for_user(request.user)
    context = {
        "agreement": agreement,
        "accessions": accessions.order_by("partner__name"),
        "is_office": is_office,
        "agreements": Agreement.objects.select_related("counterpart") if is_office else [],
    }
    return render(request, "loi/record_index.html", context)


def _transition_targets(user, accession: Accession) -> list[Accession.Status]:
    """The buttons to offer: what the state machine allows and the user's role may set."""
    is_office = user.has_perm("loi.confirm_signed")
    if not user.has_perm("loi.edit_record", accession):
        return []
    targets = []
    for target in Accession.Status:
        if not accession.state.can_transition_to(target):
            continue
        if target in OFFICE_ONLY_TARGETS and not is_office:
            continue
        if target == Accession.Status.EXPIRED and not accession.agreement.has_ended():
            continue
        targets.append(target)
    return targets


def _history(accession: Accession) -> list[dict]:
    """The last changes to the accession and its council steps, newest first (office only)."""
    entries = []
    records = list(accession.history.select_related("history_user")[:30])
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [change.field for change in delta.changes]
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": _("Accession"),
                "type": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "changes": changes,
                "state": record.get_status_display(),
            }
        )
    steps = Deliberation.history.filter(accession_id=accession.pk).select_related("history_user")
    for record in steps[:30]:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": _("Council step “%(body)s”") % {"body": record.body},
                "type": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "changes": [],
                "state": record.get_outcome_display(),
            }
        )
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)[:40]


@permission_required(fn=accession_by_slug, visible="loi.view_record")
@require_safe
def record(request, accession: Accession, slug: str):
    user = request.user
    connection = OParlConnection.objects.filter(partner=accession.partner).first()
    paper = CouncilPaper.objects.filter(accession=accession).first()
    context = {
        "connection": connection,
        "paper": paper,
        "council_dates": next_dates(connection, paper) if connection else [],
        "can_manage_oparl": user.has_perm("loi.manage_oparl", accession),
        "accession": accession,
        "agreement": accession.agreement,
        "deliberations": accession.deliberations.order_by("order", "pk"),
        "can_edit": user.has_perm("loi.edit_record", accession),
        "can_see_history": user.has_perm("loi.view_history"),
        "targets": _transition_targets(user, accession),
        "can_reopen": user.has_perm("loi.reopen_accession", accession),
        "history": _history(accession) if user.has_perm("loi.view_history") else [],
    }
    return render(request, "loi/record.html", context)


@permission_required(fn=accession_by_slug, visible="loi.edit_record")
@require_http_methods(["GET", "HEAD", "POST"])
def record_transition(request, accession: Accession, slug: str):
    """Move the accession on; a final state (declined, withdrawn, expired) is confirmed first.

    GET (`?target=declined`) shows the confirmation; a POST into a final state
    acts only with the confirmation page's field.
    """
    form = TransitionForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Unknown state."))
        return redirect(accession.get_absolute_url())
    target = Accession.Status(form.cleaned_data["target"])
    if target.is_final and not is_confirmed(request):
        if target not in _transition_targets(request.user, accession):
            messages.error(request, _("This step is not possible now."))
            return redirect(accession.get_absolute_url())
        return _confirm_transition(request, accession, target)
    if request.method != "POST":
        return redirect(accession.get_absolute_url())
    try:
        services.transition(acting_user=request.user, accession=accession, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The accession is now “%(state)s”.") % {"state": target.label})
    return redirect(accession.get_absolute_url())


def _confirm_transition(request, accession: Accession, target: Accession.Status):
    partner = accession.partner.name
    what = {
        Accession.Status.DECLINED: _(
            "The accession of %(partner)s is recorded as declined by its council."
        ),
        Accession.Status.WITHDRAWN: _("The accession of %(partner)s is recorded as withdrawn."),
        Accession.Status.EXPIRED: _(
            "The accession of %(partner)s is recorded as expired with the agreement."
        ),
    }[target] % {"partner": partner}
    consequences = [what, _("The record can no longer be edited by the partner.")]
    if target.can_be_reopened:
        consequences.append(
            _("Only the project office can reopen it, and it records why in the history.")
        )
    else:
        consequences.append(
            _("The accession cannot be reopened; a follow-up agreement needs a new accession.")
        )
    return render_confirmation(
        request,
        heading=_("%(action)s for %(partner)s?")
        % {"action": target.action_label, "partner": partner},
        consequences=consequences,
        public=[
            _(
                "The public register of the Letter of Intent shows %(partner)s as "
                "“%(state)s” at once, also in its CSV download."
            )
            % {"partner": partner, "state": target.label}
        ],
        button=target.action_label,
        cancel_url=accession.get_absolute_url(),
        back_label=_("Back to the accession"),
        hidden={"target": target.value},
    )


@permission_required("loi.reopen_accession", fn=accession_by_slug, visible="loi.view_record")
@require_http_methods(["GET", "HEAD", "POST"])
def record_reopen(request, accession: Accession, slug: str):
    """The office takes back a wrong "declined" or "withdrawn", with a reason."""
    form = ReopenForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and form.is_valid():
        accession = services.reopen(
            acting_user=request.user, accession=accession, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The accession is open again: “%(state)s”.") % {"state": accession.state.label},
        )
        return redirect(accession.get_absolute_url())
    partner = accession.partner.name
    state = services.state_before_final(accession)
    return render_confirmation(
        request,
        heading=_("Reopen the accession of %(partner)s?") % {"partner": partner},
        consequences=[
            _("The accession returns from “%(current)s” to “%(state)s”.")
            % {"current": accession.state.label, "state": state.label},
            _("The partner's admins can keep the record up to date again."),
            _("Your reason is kept in the accession's history."),
        ],
        public=[
            _("The public register shows %(partner)s as “%(state)s” at once.")
            % {"partner": partner, "state": state.label}
        ],
        button=_("Reopen the accession"),
        cancel_url=accession.get_absolute_url(),
        back_label=_("Back to the accession"),
        form=form,
    )


@permission_required(fn=accession_by_slug, visible="loi.edit_record")
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit(request, accession: Accession, slug: str):
    form = ProposalForm(request.POST or None, instance=accession)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The resolution proposal has been saved."))
        return redirect(accession.get_absolute_url())
    return render(
        request,
        "loi/form_page.html",
        {
            "accession": accession,
            "form": form,
            "heading": _("Resolution proposal"),
            "submit_label": _("Save"),
        },
    )


@permission_required(fn=accession_by_slug, visible="loi.edit_record")
@require_http_methods(["GET", "HEAD", "POST"])
def deliberation_edit(request, accession: Accession, slug: str, pk: int | None = None):
    step = get_object_or_404(accession.deliberations, pk=pk) if pk else None
    if step is None:
        step = Deliberation(accession=accession, order=accession.deliberations.count() + 1)
    form = DeliberationForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The council step has been saved."))
        return redirect(accession.get_absolute_url())
    return render(
        request,
        "loi/form_page.html",
        {
            "accession": accession,
            "form": form,
            "heading": _("Edit council step") if pk else _("Add council step"),
            "submit_label": _("Save"),
            "delete_url": step.pk
            and reverse(
                "loi_intern:deliberation_delete",
                kwargs={"slug": accession.partner.slug, "pk": step.pk},
            ),
        },
    )


@permission_required(fn=accession_by_slug, visible="loi.edit_record")
@require_POST
def deliberation_delete(request, accession: Accession, slug: str, pk: int):
    step = get_object_or_404(accession.deliberations, pk=pk)
    step.delete()
    messages.success(request, _("The council step has been removed."))
    return redirect(accession.get_absolute_url())


@permission_required(fn=accession_by_slug, visible="loi.edit_record")
@require_http_methods(["GET", "HEAD", "POST"])
def signature_edit(request, accession: Accession, slug: str):
    initial = {
        "signatory_name": accession.signatory_name,
        "signatory_function": accession.signatory_function,
        "signed_on": accession.signed_on,
    }
    form = SignatureForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        require_pdf=not accession.signed_pdf,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_signature(
                acting_user=request.user,
                accession=accession,
                signatory_name=form.cleaned_data["signatory_name"],
                signatory_function=form.cleaned_data["signatory_function"],
                signed_on=form.cleaned_data["signed_on"],
                signed_pdf=form.cleaned_data.get("signed_pdf"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The signature has been recorded."))
            return redirect(accession.get_absolute_url())
    return render(
        request,
        "loi/form_page.html",
        {
            "accession": accession,
            "form": form,
            "heading": _("Signature"),
            "submit_label": _("Save"),
            "multipart": True,
        },
    )


@permission_required(fn=accession_by_slug, visible="loi.download_signed_pdf")
@require_safe
def signed_pdf(request, accession: Accession, slug: str):
    if not accession.signed_pdf:
        raise Http404
    filename = f"absichtserklaerung-{accession.partner.slug}-unterzeichnet.pdf"
    response = FileResponse(
        accession.signed_pdf.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Agreement PDFs per person and minute: a new one takes a second of CPU to build.
AGREEMENT_PDF_LIMIT = 10


@permission_required(fn=accession_by_slug, visible="loi.download_agreement_pdf")
@require_safe
def agreement_document(request, accession: Accession, slug: str):
    if not ratelimit.allow(request, "agreement-pdf", limit=AGREEMENT_PDF_LIMIT, period=60):
        return HttpResponse(
            _("Too many downloads in a short time. Please wait a minute and try again."),
            status=429,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "60"},
        )
    response = HttpResponse(
        agreement_pdf_for(accession.agreement, accession.partner), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="absichtserklaerung-{accession.partner.slug}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(visible="loi.manage_agreements")
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request):
    predecessor = Agreement.objects.current_with_counterpart()
    if predecessor is None:
        raise Http404
    form = FollowUpForm(
        request.POST or None,
        initial={"title": predecessor.title, "body": predecessor.body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.create_follow_up(
                acting_user=request.user,
                predecessor=predecessor,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The follow-up agreement is open; %(count)s partners were carried over.")
                % {"count": agreement.accessions.count()},
            )
            return redirect("loi_intern:index")
    return render(
        request,
        "loi/form_page.html",
        {
            "form": form,
            "heading": _("Open a follow-up agreement"),
            "intro": _(
                "The partners of the current agreement are carried over as new accessions in "
                "the state “prepared”; resolutions, council steps, signatures and PDFs are not "
                "copied, because they have to be decided anew."
            ),
            "submit_label": _("Open follow-up agreement"),
            "today": timezone.localdate(),
        },
    )
