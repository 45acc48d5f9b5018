"""The funder report: what happened in a period, as CSV or XLSX.

Three tables, each a fixed number of queries:

- projects running in the period: started on or before its last day (a project
  without a start date counts from the day it was entered) and not ended
  before its first day;
- accessions with a step in the period: proposal dated, a council session, or
  signed within it;
- events held in the period: started within it and no later than now.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db.models import DateField, Prefetch, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Event
from core import spreadsheets
from loi.models import Accession, Deliberation
from projects.models import Participation, Project


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]


def _date(value) -> datetime.date | None:
    return value if value else None


def project_table(start: datetime.date, end: datetime.date) -> Table:
    projects = (
        Project.objects.annotate(
            began=Coalesce("start_date", Cast("created_at", output_field=DateField()))
        )
        .filter(began__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("lead_partner", "adopted_from")
        .prefetch_related(
            "fields_of_action",
            Prefetch(
                "participations",
                queryset=Participation.objects.accepted()
                .select_related("partner")
                .order_by("partner__name"),
            ),
        )
        .order_by("title", "pk")
    )
    rows = []
    for project in projects:
        others = [
            f"{p.partner.name} ({p.get_role_display()})"
            for p in project.participations.all()
            if p.partner_id != project.lead_partner_id
        ]
        rows.append(
            [
                project.title,
                project.lead_partner.name,
                "; ".join(others),
                "; ".join(field.name for field in project.fields_of_action.all()),
                project.get_kind_display(),
                project.get_status_display(),
                project.get_publication_state_display(),
                project.get_transfer_direction_display(),
                project.adopted_from.title if project.adopted_from else "",
                project.funding_programme,
                project.funding_amount,
                _date(project.start_date),
                _date(project.end_date),
                timezone.localtime(project.published_at).date() if project.published_at else None,
            ]
        )
    return Table(
        title=_("Projects"),
        columns=[
            _("Title"),
            _("Lead partner"),
            _("Other partners (role)"),
            _("Fields of action"),
            _("Kind"),
            _("Status"),
            _("Publication state"),
            _("Transfer direction"),
            _("Adopted from"),
            _("Funding programme"),
            _("Funding amount (EUR)"),
            _("Start"),
            _("End"),
            _("Published on"),
        ],
        rows=rows,
    )


def accession_table(start: datetime.date, end: datetime.date) -> Table | None:
    accessions = (
        Accession.objects.filter(
            Q(proposal_date__range=(start, end))
            | Q(signed_on__range=(start, end))
            | Q(deliberations__session_date__range=(start, end))
        )
        .distinct()
        .select_related("partner", "agreement")
        .prefetch_related(
            Prefetch("deliberations", queryset=Deliberation.objects.order_by("order", "pk"))
        )
        .order_by("partner__name", "pk")
    )
    rows = []
    for accession in accessions:
        steps = [
            f"{step.body} {step.session_date:%d.%m.%Y}: {step.get_outcome_display()}"
            if step.session_date
            else f"{step.body}: {step.get_outcome_display()}"
            for step in accession.deliberations.all()
        ]
        rows.append(
            [
                accession.partner.name,
                accession.agreement.title,
                accession.get_status_display(),
                accession.resolution_number,
                _date(accession.proposal_date),
                "; ".join(steps),
                _date(accession.signed_on),
                ", ".join(
                    part
                    for part in (accession.signatory_name, accession.signatory_function)
                    if part
                ),
            ]
        )
    return Table(
        title=_("Accessions"),
        columns=[
            _("Partner"),
            _("Agreement"),
            _("State"),
            _("Resolution number"),
            _("Date of the proposal"),
            _("Deliberations"),
            _("Signed on"),
            _("Signatory"),
        ],
        rows=rows,
    )


def event_table(start: datetime.date, end: datetime.date) -> Table | None:
    events = (
        Event.objects.filter(start__date__range=(start, end), start__lte=timezone.now())
        .select_related("host_partner", "project")
        .order_by("start", "pk")
    )
    rows = [
        [
            timezone.localtime(event.start).date(),
            event.get_kind_display(),
            event.title,
            event.location_text,
            event.host_partner.name if event.host_partner else "",
            event.project.title if event.project else "",
            _("yes") if event.is_public else _("no"),
        ]
        for event in events
    ]
    return Table(
        title=_("Events held"),
        columns=[
            _("Date"),
            _("Kind"),
            _("Title"),
            _("Place"),
            _("Host partner"),
            _("Project"),
            _("Public"),
        ],
        rows=rows,
    )


def build_report(start: datetime.date, end: datetime.date) -> list[Table]:
    tables = [project_table(start, end), accession_table(start, end), event_table(start, end)]
    return [table for table in tables if table is not None]


def as_csv(tables: list[Table], start: datetime.date, end: datetime.date) -> str:
    """One CSV file in the people dialect (core/spreadsheets.py), byte-order mark first:
    a title row per table, its header, its rows, an empty row between."""
    out = io.StringIO()
    out.write(spreadsheets.BOM)
    writer = spreadsheets.people_csv_writer(out)
    writer.writerow([_("Regio.hub report"), start, end])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return out.getvalue()


def as_xlsx(tables: list[Table], start: datetime.date, end: datetime.date) -> bytes:
    """An XLSX workbook, one sheet per table: dates as dates, amounts as numbers, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        spreadsheets.xlsx_append(sheet, table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            spreadsheets.xlsx_append(sheet, row)
        for column, header in zip(sheet.columns, table.columns, strict=False):
            for cell in column[1:]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD.MM.YYYY"
            sheet.column_dimensions[column[0].column_letter].width = max(12, len(header) + 2)
        sheet.freeze_panes = "A2"
    workbook.properties.title = f"Regio.hub {start.isoformat()} – {end.isoformat()}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
