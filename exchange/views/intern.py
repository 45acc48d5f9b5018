"""Internal need pages under /intern/bedarfe/: recording, steps, co-signing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import once
from core.confirm import is_confirmed, render_confirmation
from core.permissions import objectgetter, permission_required
from partners.rules import partner_roles
from projects.models import FieldOfAction, Project

from .. import services
from ..forms import CloseForm, CosignForm, NeedFilterForm, NeedForm, SolveForm
from ..models import (
    JointDraft,
    Need,
    NeedState,
    NeedSupport,
    editing_partner_ids,
    need_step_label,
)
from ..rules import edits_for_another_partner
from ..suggestions import for_need

need_by_pk = objectgetter(
    Need.objects.select_related("partner", "solved_by__lead_partner", "created_by")
)
PAGE_SIZE = 50


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@permission_required("core.access_intern")
@require_safe
def need_list(request):
    fields = list(FieldOfAction.objects.all())
    form = NeedFilterForm(request.GET or None, fields_of_action=fields, states=NeedState.values)
    visible = Need.objects.visible_to(request.user)
    needs = form.apply(visible.for_list()).order_by("-updated_at", "-pk")
    own = visible.of_partners(partner_roles(request.user)).for_list().order_by("-updated_at")
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/intern/need_list.html",
        {
            "form": form,
            "page": page,
            "needs": page.object_list,
            "own_needs": own[:20],
            "can_create": request.user.has_perm("exchange.create_need"),
        },
    )


def _edit(request, need: Need | None):
    creating = need is None
    form = NeedForm(request.POST or None, instance=need or Need(), user=request.user)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)

        def save() -> str:
            saved = services.save_need(
                need=edited,
                acting_user=request.user,
                fields_of_action=form.cleaned_data["fields_of_action"],
            )
            return saved.get_internal_url()

        try:
            if creating:
                # A double click on "Save" creates one draft (core/once.py).
                url, first = once.submit_once(
                    user=request.user, form=form, name="exchange.create", perform=save
                )
                if not first:
                    messages.info(request, once.ALREADY_SENT)
                    return redirect(url or "exchange_intern:list")
            else:
                url = save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if creating:
                messages.success(
                    request,
                    _("The need was saved as a draft. Open it when others should see it."),
                )
            else:
                messages.success(request, _("Your changes were saved."))
            return redirect(url)
    return render(request, "exchange/intern/need_form.html", {"form": form, "need": need})


@permission_required("exchange.create_need")
@require_http_methods(["GET", "HEAD", "POST"])
def need_create(request):
    return _edit(request, None)


@permission_required("core.access_intern")
@permission_required("exchange.edit_need", fn=need_by_pk, visible="exchange.read_need")
@require_http_methods(["GET", "HEAD", "POST"])
def need_edit(request, need: Need, pk: int):
    return _edit(request, need)


@permission_required("core.access_intern")
@permission_required(fn=need_by_pk, visible="exchange.read_need")
@require_safe
def need_detail(request, need: Need, pk: int):
    supports = list(
        NeedSupport.objects.filter(need=need).select_related("partner", "user").order_by("pk")
    )
    user = request.user
    cosign_form = None
    if need.is_active and edits_for_another_partner(user, need):
        form = CosignForm(user=user, need=need)
        signed = {support.partner_id for support in supports}
        if set(form.fields["partner"].queryset.values_list("pk", flat=True)) - signed:
            cosign_form = form
    history = list(need.history.select_related("history_user").order_by("-history_date")[:30])
    for record in history:
        record.step = need_step_label(record.history_change_reason)
    can_move = user.has_perm("exchange.move_need", need)
    state = need.current_state
    return render(
        request,
        "exchange/intern/need_detail.html",
        {
            "need": need,
            "fields": need.fields_of_action.all(),
            "supports": supports,
            "cosign_form": cosign_form,
            "history": history,
            "can_edit": user.has_perm("exchange.edit_need", need),
            "can_open": can_move and state.can_transition_to(NeedState.OPEN),
            "can_exchange": can_move and state.can_transition_to(NeedState.IN_EXCHANGE),
            "can_solve": can_move and state.can_transition_to(NeedState.SOLVED),
            "can_close": can_move and state.can_transition_to(NeedState.CLOSED),
            "suggestions": for_need(need, user=user) if need.is_active else None,
            # Co-initiation: the joint drafts answering the need that the user may read.
            "joint_drafts": JointDraft.objects.filter(
                need=need, project__in=Project.objects.visible_to(user)
            ).select_related("project__lead_partner"),
            "can_start_joint_draft": need.is_active and user.has_perm("exchange.start_joint_draft"),
        },
    )


def _step(request, need: Need, step, done: str):
    try:
        step(need=need, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect(need.get_internal_url())


@permission_required("core.access_intern")
@permission_required("exchange.move_need", fn=need_by_pk, visible="exchange.read_need")
@require_POST
def need_open(request, need: Need, pk: int):
    if need.visibility == Need.Visibility.PUBLIC:
        done = _("The need is open: partner staff and the public page “Wanted” show it.")
    else:
        done = _("The need is open: partner staff of the network see it.")
    return _step(request, need, services.open_need, done)


@permission_required("core.access_intern")
@permission_required("exchange.move_need", fn=need_by_pk, visible="exchange.read_need")
@require_POST
def need_start_exchange(request, need: Need, pk: int):
    return _step(
        request, need, services.start_exchange, _("The need is now marked as in exchange.")
    )


@permission_required("core.access_intern")
@permission_required("exchange.move_need", fn=need_by_pk, visible="exchange.read_need")
@require_http_methods(["GET", "HEAD", "POST"])
def need_solve(request, need: Need, pk: int):
    """Solved is final: a page says what it does before it is done."""
    if not need.current_state.can_transition_to(NeedState.SOLVED):
        messages.error(request, _("Only an open need or one in exchange can be solved."))
        return redirect(need.get_internal_url())
    form = SolveForm(request.POST if is_confirmed(request) else None, need=need)
    if is_confirmed(request) and form.is_valid():
        try:
            services.solve_need(
                need=need, acting_user=request.user, project=form.cleaned_data["project"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The need is solved. Thank you for telling the network."))
        return redirect(need.get_internal_url())
    return render_confirmation(
        request,
        heading=_("Mark “%(title)s” as solved?") % {"title": need.title},
        consequences=[
            _("The need is solved for good; it cannot be opened again."),
            _("Nobody can co-sign it any more."),
            _("It counts in the figures of the hub as solved, linked to the project."),
        ],
        public=[_("The public page of the need says that it is solved and by which project.")]
        if need.visibility == Need.Visibility.PUBLIC
        else [],
        button=_("Mark as solved"),
        cancel_url=need.get_internal_url(),
        back_label=_("Back to the need"),
        form=form,
    )


@permission_required("core.access_intern")
@permission_required("exchange.move_need", fn=need_by_pk, visible="exchange.read_need")
@require_http_methods(["GET", "HEAD", "POST"])
def need_close(request, need: Need, pk: int):
    """Closing is final: a page says what it does before it is done."""
    if not need.current_state.can_transition_to(NeedState.CLOSED):
        messages.error(request, _("A solved or closed need cannot be closed."))
        return redirect(need.get_internal_url())
    form = CloseForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and form.is_valid():
        try:
            services.close_need(
                need=need, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The need is closed."))
        return redirect(need.get_internal_url())
    return render_confirmation(
        request,
        heading=_("Close “%(title)s”?") % {"title": need.title},
        consequences=[
            _("The need is closed for good; it cannot be opened again."),
            _("Nobody can co-sign it any more; partners who co-signed keep their entry."),
        ],
        public=[_("The need disappears from the public page “Wanted”.")] if need.is_public else [],
        button=_("Close the need"),
        cancel_url=need.get_internal_url(),
        back_label=_("Back to the need"),
        form=form,
    )


@permission_required("core.access_intern")
@permission_required("exchange.cosign_need", fn=need_by_pk, visible="exchange.read_need")
@require_POST
def need_cosign(request, need: Need, pk: int):
    """ "Wir haben diesen Bedarf auch": another partner co-signs the need."""
    form = CosignForm(request.POST, user=request.user, need=need)
    if not form.is_valid():
        if (
            need.partner_id in editing_partner_ids(request.user)
            and not form.fields["partner"].queryset
        ):
            messages.error(request, _("This is your own partner's need; co-sign needs of others."))
        else:
            messages.error(request, " ".join(form.errors.get("partner", [])))
        return redirect(need.get_internal_url())
    try:
        support = services.cosign_need(
            need=need, partner=form.cleaned_data["partner"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(partner)s has co-signed the need. %(owner)s has been told.")
            % {"partner": support.partner.name, "owner": need.partner.name},
        )
    return redirect(need.get_internal_url())
