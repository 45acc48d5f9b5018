"""The public register of the accessions (/absichtserklaerung/) and its CSV."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import spreadsheets
from core.pagecache import query_params
from core.permissions import public
from partners.models import Partner

from ..filters import (
    NO_ACCESSION,
    RegisterFilter,
    register_filter_ignoring_invalid,
    register_partners,
)
from ..models import Accession, Agreement

# Rows of the register's table per page; the CSV and the API have every row.
PAGE_SIZE = 25


def _register(agreement: Agreement | None, partners=None) -> list[dict]:
    """One row per partner (every active one by default) with its accession to `agreement`.

    Three queries: the partners, their accessions, the council deliberations.
    """
    accessions = (
        Accession.objects.for_agreement(agreement).with_register()
        if agreement
        else Accession.objects.none()
    )
    if partners is None:
        partners = Partner.objects.active().order_by("name")
    partners = partners.prefetch_related(
        Prefetch("accessions", queryset=accessions, to_attr="register_accessions")
    )
    return [
        {
            "partner": partner,
            "accession": partner.register_accessions[0] if partner.register_accessions else None,
            "is_counterpart": agreement is not None and partner.pk == agreement.counterpart_id,
        }
        for partner in partners
    ]


def _summary(agreement: Agreement) -> dict:
    """How many partners are in each state (one query at any number of partners).

    The counterpart (project sponsor) is counted on its own, as the table names it.
    """
    counts = {
        row["register_status"]: row["count"]
        for row in register_partners(agreement)
        .exclude(pk=agreement.counterpart_id)
        .order_by()
        .values("register_status")
        .annotate(count=Count("pk"))
    }
    states = [
        {"value": status.value, "label": status.label, "count": counts.get(status.value, 0)}
        for status in Accession.Status
    ]
    states.append({"value": NO_ACCESSION, "label": _("no accession"), "count": counts.get(None, 0)})
    return {
        "states": [state for state in states if state["count"]],
        "signed": counts.get(Accession.Status.SIGNED.value, 0),
        "total": sum(counts.values()),
    }


@public
@query_params(*RegisterFilter.base_filters, "page")
@require_safe
def public_register(request):
    """The agreement, the partners' states in figures, and a filtered page of the table."""
    agreement = Agreement.objects.current_with_counterpart()
    context: dict = {"agreement": agreement, "days_left": None}
    if agreement:
        # Unknown values are ignored: the rest of the register instead of an error page.
        register_filter = register_filter_ignoring_invalid(
            request.GET, register_partners(agreement)
        )
        partners = register_filter.qs
        if register_filter.form.cleaned_data.get("stand") == NO_ACCESSION:
            partners = partners.exclude(pk=agreement.counterpart_id)
        page = Paginator(partners.order_by("name", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        summary = _summary(agreement)
        context.update(
            {
                "filter": register_filter,
                "filtered": any(register_filter.form.cleaned_data.values()),
                "page": page,
                "rows": _register(agreement, page.object_list),
                "summary": summary,
                "signed_count": summary["signed"],
                "days_left": agreement.days_left(),
            }
        )
    return render(request, "loi/public_register.html", context)


def register_csv_rows(rows: list[dict]) -> list[list]:
    header = [
        _("Partner"),
        _("State"),
        _("Resolution number"),
        _("Council deliberations"),
        _("Date signed"),
    ]
    lines = [header]
    for row in rows:
        accession = row["accession"]
        if row["is_counterpart"]:
            state = _("Counterpart (project sponsor)")
        elif accession is None:
            state = _("no accession")
        else:
            state = accession.get_status_display()
        steps = (
            "; ".join(
                f"{step.body} "
                f"{step.session_date.strftime('%d.%m.%Y') if step.session_date else ''}: "
                f"{step.outcome_label}"
                for step in accession.deliberations.all()
            )
            if accession
            else ""
        )
        lines.append(
            [
                row["partner"].name,
                state,
                accession.resolution_number if accession else "",
                steps,
                accession.signed_on if accession else None,  # a date: the dialect writes it
            ]
        )
    return lines


@public
@require_safe
def public_register_csv(request):
    agreement = Agreement.objects.current_with_counterpart()
    response, writer = spreadsheets.people_csv_response("absichtserklaerung.csv")
    writer.writerows(register_csv_rows(_register(agreement)))
    return response
