"""Import a partner's existing digitalisation projects from CSV or XLSX.

The columns are those of the open-data export (`projects.exports.COLUMNS`), so an
exported file can be edited and brought back. Every row is checked first (the
preview); only rows the office keeps selected are imported, all in one
transaction, and only when none of them has an error. A row whose project is
already there (same slug, or same title for this partner) is skipped, so
importing the same file twice creates nothing new.

Projects are created as drafts of the chosen partner through
`projects.services.save_project`, which validates, records the creation and
keeps the search index up to date.

The import itself runs outside the request on the task queue (django-tasks,
`manage.py db_worker`): the preview stores the file's rows in an `ImportRun`,
confirming queues `projects.imports.import_projects`, and `run_import` creates
the drafts in batches of `BATCH_SIZE` rows, writing its progress to the run
after every batch (in the batch's own transaction). Running it again, or a
second time at once, creates nothing twice: finished runs are left alone, an
interrupted run resumes after its last committed batch, and every batch
re-checks which projects are already there while it holds a lock on the
partner.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.permissions import vouch_for_mfa
from core.text import strip_control_characters
from partners.models import Partner

from .exports import COLUMNS
from .models import FieldOfAction, ImportRun, Participation, Project, PublicationState
from .services import ParticipantRow, save_project

log = logging.getLogger(__name__)

# The import runs in the background; the limits now only keep the preview (all
# rows checked and listed in one page) quick enough.
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
BATCH_SIZE = 25
# Previews that were never confirmed are deleted after this time.
PREVIEW_MAX_AGE = datetime.timedelta(days=1)
# A run that has not moved for this long (worker stopped) may be started again.
STALLED_AFTER = datetime.timedelta(minutes=10)
REQUIRED_COLUMNS = {"title", "summary"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, size, columns)."""


@dataclass
class Row:
    number: int  # line in the file (the header is line 1)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    existing: Project | None = None
    project: Project | None = None  # unsaved, when valid and new
    fields_of_action: list[FieldOfAction] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)
    # What the office ticked when a confirmation was refused; None before.
    ticked: bool | None = None

    @property
    def selected(self) -> bool:
        """Ticked in the preview: a row with errors is not, since importing it would fail."""
        return not self.errors if self.ticked is None else self.ticked

    @property
    def title(self) -> str:
        return self.values.get("title", "")

    @property
    def is_new(self) -> bool:
        return not self.errors and self.existing is None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_table(content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, ";" or ",") or XLSX file as {column: text}, by content."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    records = _read_xlsx(content) if content.startswith(b"PK\x03\x04") else _read_csv(content)
    if not records:
        raise ImportFileError(_("The file is empty."))
    header = [_text(cell).lower() for cell in records[0]]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise ImportFileError(
            _("The file lacks the columns %(columns)s. Use the columns of the project export.")
            % {"columns": ", ".join(sorted(missing))}
        )
    rows = []
    for record in records[1:]:
        if not any(_text(cell) for cell in record):
            continue
        rows.append({name: _text(cell) for name, cell in zip(header, record, strict=False)})
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
        )
    return rows


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The CSV file is not encoded in UTF-8.")) from error
    if "\x00" in text:
        # No text file holds NUL characters (and the database could not keep them).
        raise ImportFileError(_("The file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field longer than the csv module's limit
        raise ImportFileError(
            _("The CSV file cannot be read (%(reason)s).") % {"reason": error}
        ) from error


def _read_xlsx(content: bytes) -> list[list]:
    """The first sheet's rows; any failure of the parser on a damaged file is the form's error."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise ImportFileError(_("The workbook has no sheet."))
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # zipfile, zlib, XML errors of a damaged file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error


def _date(value: str, column: str, errors: list[str]) -> datetime.date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value[:10], pattern).date()
        except ValueError:
            continue
    errors.append(
        _("%(column)s: “%(value)s” is not a date (use 2025-03-31 or 31.03.2025).")
        % {"column": column, "value": value}
    )
    return None


def _amount(value: str, errors: list[str]) -> Decimal | None:
    if not value:
        return None
    normalised = value.replace(" ", "").replace("€", "")
    if "," in normalised:  # German notation: 12.500,00
        normalised = normalised.replace(".", "").replace(",", ".")
    try:
        return Decimal(normalised)
    except InvalidOperation:
        errors.append(_("funding_amount_eur: “%(value)s” is not an amount.") % {"value": value})
        return None


def _choice(value: str, choices, column: str, default: str, errors: list[str]) -> str:
    if not value:
        return default
    if value in choices.values:
        return value
    for choice in choices:  # the label is accepted too (a hand-written file)
        if value.lower() == str(choice.label).lower():
            return choice.value
    errors.append(
        _("%(column)s: “%(value)s” is not one of %(allowed)s.")
        % {"column": column, "value": value, "allowed": ", ".join(choices.values)}
    )
    return default


def check_rows(records: list[dict[str, str]], partner: Partner) -> list[Row]:
    """Every row checked against the model and the existing projects (a fixed number of
    queries for the lookups, whatever the number of rows)."""
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    partners = {p.slug: p for p in Partner.objects.all()}
    slugs = {record.get("slug") for record in records if record.get("slug")}
    by_slug = {p.slug: p for p in Project.objects.filter(slug__in=slugs)}
    by_title = {
        p.title.casefold(): p for p in Project.objects.filter(lead_partner=partner).only("title")
    }
    seen_titles: set[str] = set()
    rows = []
    for index, values in enumerate(records, start=2):
        row = Row(number=index, values=values)
        errors = row.errors
        existing = by_slug.get(values.get("slug", "")) or by_title.get(row.title.casefold())
        if existing is not None:
            if existing.lead_partner_id != partner.pk:
                errors.append(
                    _("The project “%(title)s” exists already and belongs to another partner.")
                    % {"title": existing.title}
                )
            row.existing = existing
            rows.append(row)
            continue
        if row.title.casefold() in seen_titles:
            errors.append(_("The title appears twice in the file."))
        seen_titles.add(row.title.casefold())
        lead = values.get("lead_partner", "")
        if lead and lead != partner.slug:
            errors.append(
                _("lead_partner: the file names “%(value)s”, but the import is for %(partner)s.")
                % {"value": lead, "partner": partner.name}
            )
        for slug in filter(None, values.get("fields_of_action", "").split("|")):
            if slug.strip() in fields:
                row.fields_of_action.append(fields[slug.strip()])
            else:
                errors.append(
                    _("fields_of_action: there is no field of action “%(value)s”.")
                    % {"value": slug}
                )
        for item in filter(None, values.get("partners", "").split("|")):
            slug, _sep, role = item.partition(":")
            other = partners.get(slug.strip())
            if other is None:
                errors.append(_("partners: there is no partner “%(value)s”.") % {"value": slug})
                continue
            role = _choice(role.strip(), Participation.Role, "partners", "partner", errors)
            if other.pk != partner.pk:
                row.participants.append(ParticipantRow(partner=other, role=role))
        project = Project(
            title=row.title,
            # One paragraph, as the project form keeps it (an exported summary
            # with line breaks imports again).
            summary=" ".join(values.get("summary", "").split()),
            description=values.get("description", ""),
            kind=_choice(values.get("kind", ""), Project.Kind, "kind", "existing", errors),
            status=_choice(values.get("status", ""), Project.Status, "status", "planning", errors),
            transfer_direction=_choice(
                values.get("transfer_direction", ""),
                Project.TransferDirection,
                "transfer_direction",
                "none",
                errors,
            ),
            start_date=_date(values.get("start_date", ""), "start_date", errors),
            end_date=_date(values.get("end_date", ""), "end_date", errors),
            funding_programme=values.get("funding_programme", ""),
            funding_amount=_amount(values.get("funding_amount_eur", ""), errors),
            website=values.get("website", ""),
            contact_name=values.get("contact_name", ""),
            contact_email=values.get("contact_email", ""),
            lead_partner=partner,
            publication_state=PublicationState.DRAFT,
        )
        try:
            # The model's two check constraints are checked below in Python: Django
            # would ask the database twice per row (save_project checks them again).
            project.full_clean(
                exclude=["slug", "fields_of_action", "partners", "lead_partner", "created_by"],
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.append(f"{name}: {message}" if name != "__all__" else message)
        if project.start_date and project.end_date and project.end_date < project.start_date:
            errors.append(_("end_date: the end lies before the start."))
        if project.funding_amount is not None and project.funding_amount < 0:
            errors.append(_("funding_amount_eur: the amount must not be negative."))
        row.project = project
        rows.append(row)
    return rows


@transaction.atomic
def import_rows(*, rows: list[Row], acting_user) -> list[Project]:
    """Create the new rows as drafts (all or nothing); rows already there are skipped."""
    if any(row.errors for row in rows):
        raise ValueError("rows with errors cannot be imported")
    created = []
    for row in rows:
        if not row.is_new:
            continue
        created.append(
            save_project(
                project=row.project,
                acting_user=acting_user,
                fields_of_action=row.fields_of_action,
                participants=row.participants,
            )
        )
    return created


EXPORT_COLUMNS = COLUMNS


# --- Import in the background ----------------------------------------------------


def start_preview(
    *, records: list[dict[str, str]], partner: Partner, file_name: str, acting_user
) -> ImportRun:
    """Keep the checked file's rows until the office confirms (or the preview expires)."""
    ImportRun.objects.filter(
        state=ImportRun.State.PREVIEW, created_at__lt=timezone.now() - PREVIEW_MAX_AGE
    ).delete()
    return ImportRun.objects.create(
        created_by=acting_user,
        partner=partner,
        file_name=strip_control_characters(file_name)[:255],
        records=records,
        selected_lines=[],
    )


def rows_of(run: ImportRun) -> list[Row]:
    """Every row of the run's file, checked now."""
    return check_rows(run.records, run.partner)


@transaction.atomic
def confirm(run: ImportRun, selected: set[int]) -> ImportRun | None:
    """Queue the import of the ticked lines; None when a ticked row has an error (or
    nothing is ticked). Confirming a run that is already queued changes nothing."""
    run = ImportRun.objects.select_for_update(of=("self",)).select_related("partner").get(pk=run.pk)
    if run.state != ImportRun.State.PREVIEW:
        return run
    rows = [row for row in rows_of(run) if row.number in selected]
    if not rows or any(row.errors for row in rows):
        return None
    run.selected_lines = sorted(row.number for row in rows)
    run.total_rows = len(rows)
    run.state = ImportRun.State.QUEUED
    run.save()
    enqueue(run)
    return run


def enqueue(run: ImportRun) -> None:
    """Hand the run to the task worker once the current transaction is committed."""
    transaction.on_commit(lambda: import_projects.enqueue(run.pk))


def can_retry(run: ImportRun) -> bool:
    if run.state == ImportRun.State.FAILED:
        return True
    stalled = run.updated_at < timezone.now() - STALLED_AFTER
    return run.state in (ImportRun.State.QUEUED, ImportRun.State.RUNNING) and stalled


@transaction.atomic
def retry(run: ImportRun) -> bool:
    """Queue a failed or stalled run again; it goes on after its last finished batch."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not can_retry(run):
        return False
    run.state = ImportRun.State.QUEUED
    run.error = ""
    run.finished_at = None
    run.save()
    enqueue(run)
    return True


def _fail(run_id: int, message: str) -> None:
    ImportRun.objects.filter(pk=run_id).exclude(state=ImportRun.State.DONE).update(
        state=ImportRun.State.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    log.warning("project import %s failed: %s", run_id, message)


def _broken(rows: list[Row]) -> str:
    return "\n".join(
        _("Line %(number)s: %(errors)s") % {"number": row.number, "errors": " ".join(row.errors)}
        for row in rows
        if row.errors
    )


def run_import(run_id: int, *, batch_size: int | None = None) -> ImportRun:
    """Import the run's ticked rows as drafts, batch by batch (the task's body).

    Safe to run again and at the same time: a finished run is left alone, each
    batch starts where the last committed one ended, and each batch re-checks
    the rows under a lock on the partner, so rows already there are skipped.
    """
    batch_size = batch_size or BATCH_SIZE
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state in (ImportRun.State.DONE, ImportRun.State.PREVIEW):
            return run
        run.state = ImportRun.State.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.save(update_fields=["state", "started_at", "updated_at"])
    acting_user, partner = run.created_by, run.partner
    selected = set(run.selected_lines)
    rows = [row for row in check_rows(run.records, partner) if row.number in selected]
    if run.rows_done == 0 and any(row.errors for row in rows):
        # Something changed since the preview: nothing is imported.
        _fail(run_id, _broken(rows))
        return ImportRun.objects.get(pk=run_id)
    if acting_user is None or not acting_user.is_active:
        _fail(run_id, _("The person who started the import can no longer import."))
        return ImportRun.objects.get(pk=run_id)
    # The run was confirmed on an office page, in a session that passed MFA; the
    # worker acts for that session. The rules still ask the person's office role
    # and authenticator (core.mfa), so a person who lost them imports nothing.
    vouch_for_mfa(acting_user)
    records = dict(enumerate(run.records, start=2))
    lines = run.selected_lines
    log.info("project import %s: %s rows for %s", run_id, len(lines), partner)
    try:
        while True:
            with transaction.atomic():
                run = (
                    ImportRun.objects.select_for_update()
                    .only("state", "rows_done", "created_count", "skipped_count")
                    .get(pk=run_id)
                )
                if run.state != ImportRun.State.RUNNING or run.rows_done >= len(lines):
                    break
                batch = lines[run.rows_done : run.rows_done + batch_size]
                Partner.objects.select_for_update().filter(pk=partner.pk).first()
                checked = check_rows([records[n] for n in batch], partner)
                for row, number in zip(checked, batch, strict=True):
                    row.number = number
                if any(row.errors for row in checked):
                    transaction.set_rollback(True)
                    broken = _broken(checked)
                else:
                    broken = ""
                    created = import_rows(rows=checked, acting_user=acting_user)
                    run.created_projects.add(*created)
                    run.created_count += len(created)
                    run.skipped_count += len(checked) - len(created)
                    run.rows_done += len(checked)
                    run.save(
                        update_fields=["rows_done", "created_count", "skipped_count", "updated_at"]
                    )
            if broken:
                _fail(run_id, broken)
                return ImportRun.objects.get(pk=run_id)
            log.info("project import %s: %s of %s rows", run_id, run.rows_done, len(lines))
    except Exception as error:
        _fail(run_id, _("The import stopped unexpectedly (%(error)s).") % {"error": error})
        raise
    # Done: the file's rows (names, e-mail addresses) are not kept any longer.
    ImportRun.objects.filter(pk=run_id, state=ImportRun.State.RUNNING).update(
        state=ImportRun.State.DONE,
        records=[],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    run = ImportRun.objects.get(pk=run_id)
    log.info(
        "project import %s %s: %s created, %s skipped",
        run_id,
        run.state,
        run.created_count,
        run.skipped_count,
    )
    return run


@task()
def import_projects(run_id: int) -> None:
    """The task worker's entry point for a confirmed import (`enqueue()` queues it)."""
    run_import(run_id)
