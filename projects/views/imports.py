"""The project office's import of a partner's existing projects (/intern/projekte-import/).

Upload → preview with every row's errors and tick boxes → confirm: the ticked
rows are imported by the task worker, and the office watches the progress on
/intern/projekte-import/<id>/ (htmx refreshes it every two seconds; without
JavaScript a "Refresh" link does the same).
"""

import re

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.permissions import permission_required
from partners.models import Partner

from .. import imports as project_import
from ..models import ImportRun

# The status page lists at most this many links to the created drafts.
LISTED_DRAFTS = 50
# The upload page lists the latest imports (links to their status pages).
RECENT_RUNS = 10


class ImportUploadForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.active().order_by("name"),
        help_text=_("The imported projects become drafts of this partner (as lead partner)."),
    )
    datei = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The columns of the project export; at most 5 MB and 5,000 rows."),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _render_import(request, form, **context):
    recent = (
        ImportRun.objects.exclude(state=ImportRun.State.PREVIEW)
        .select_related("partner")
        .defer("records", "selected_lines")[:RECENT_RUNS]
    )
    return render(
        request,
        "projects/intern/import.html",
        {
            "form": form,
            "columns": project_import.EXPORT_COLUMNS,
            "recent_runs": list(recent),
            **context,
        },
    )


@permission_required("core.access_admin")
def project_import_view(request):
    """Upload → preview with every row's errors → queue the import of the ticked rows."""
    if request.method == "POST" and request.POST.get("schritt") == "importieren":
        return _confirm(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render_import(request, form)
    upload = form.cleaned_data["datei"]
    partner = form.cleaned_data["partner"]
    if upload.size > project_import.MAX_BYTES:
        form.add_error("datei", _("The file is larger than 5 MB."))
        return _render_import(request, form)
    try:
        records = project_import.read_table(upload.read())
    except project_import.ImportFileError as error:
        form.add_error("datei", str(error))
        return _render_import(request, form)
    run = project_import.start_preview(
        records=records, partner=partner, file_name=upload.name, acting_user=request.user
    )
    rows = project_import.rows_of(run)
    return _render_import(request, form, rows=rows, run=run, partner=partner)


def _confirm(request):
    run = (
        ImportRun.objects.filter(pk=_int(request.POST.get("lauf")), created_by=request.user)
        .select_related("partner")
        .first()
    )
    if run is None:
        messages.error(request, _("The preview has expired. Please upload the file again."))
        return redirect("projects_intern:import")
    selected = {number for n in request.POST.getlist("zeile") if (number := _int(n))}
    queued = project_import.confirm(run, selected)
    if queued is None:
        rows = project_import.rows_of(run)
        for row in rows:
            row.ticked = row.number in selected
        form = ImportUploadForm(initial={"partner": run.partner})
        return _render_import(
            request,
            form,
            rows=rows,
            run=run,
            partner=run.partner,
            blocked=True,
            nothing_selected=not selected,
        )
    return redirect("projects_intern:import_status", pk=queued.pk)


def _int(value) -> int | None:
    """A line or run number from the form; anything else (also "²" or 30 digits) is None."""
    return int(value) if value and re.fullmatch(r"[0-9]{1,9}", value) else None


def _queued_run(pk: int) -> ImportRun:
    """A confirmed import (the office sees every one; a preview is its uploader's alone)."""
    return get_object_or_404(
        ImportRun.objects.exclude(state=ImportRun.State.PREVIEW)
        .select_related("partner", "created_by")
        .defer("records"),
        pk=pk,
    )


@permission_required("core.access_admin")
@vary_on_headers("HX-Request")
def project_import_status(request, pk: int):
    """How far the import is; the htmx request gets only the status fragment."""
    run = _queued_run(pk)
    context = {
        "run": run,
        "drafts": list(run.created_projects.order_by("pk").only("title", "slug")[:LISTED_DRAFTS])
        if run.created_count
        else [],
        "can_retry": project_import.can_retry(run),
    }
    template = (
        "projects/intern/_import_status.html"
        if getattr(request, "htmx", False)
        else "projects/intern/import_status.html"
    )
    return render(request, template, context)


@permission_required("core.access_admin")
@require_POST
def project_import_retry(request, pk: int):
    run = _queued_run(pk)
    if project_import.retry(run):
        messages.success(request, _("The import has been queued again."))
    return redirect("projects_intern:import_status", pk=run.pk)
