"""The public register of the accessions (/absichtserklaerung/) and its CSV."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import spreadsheets
from core.permissions import public
from partners.models import Partner

from ..models import Accession, Agreement


def _register(agreement: Agreement | None) -> list[dict]:
    """One row per active partner with its accession to `agreement` (three queries)."""
    accessions = (
        Accession.objects.for_agreement(agreement).with_register()
        if agreement
        else Accession.objects.none()
    )
    partners = (
        Partner.objects.active()
        .order_by("name")
        .prefetch_related(
            Prefetch("accessions", queryset=accessions, to_attr="register_accessions")
        )
    )
    return [
        {
            "partner": partner,
            "accession": partner.register_accessions[0] if partner.register_accessions else None,
            "is_counterpart": agreement is not None and partner.pk == agreement.counterpart_id,
        }
        for partner in partners
    ]


@public
@require_safe
def public_register(request):
    agreement = Agreement.objects.current_with_counterpart()
    rows = _register(agreement)
    context = {
        "agreement": agreement,
        "rows": rows,
        "signed_count": sum(
            1
            for row in rows
            if row["accession"] and row["accession"].state == Accession.Status.SIGNED
        ),
        "days_left": agreement.days_left() if agreement else None,
    }
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
