"""The project office's funder report (/intern/bericht/): a period, CSV or XLSX."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partners.models import Partner

from . import project_import, report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportForm(forms.Form):
    von = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    bis = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel workbook (XLSX)")), ("csv", _("CSV"))],
        initial="xlsx",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("von"), cleaned.get("bis")
        if start and end and end < start:
            self.add_error("bis", _("The end of the period must not be before its start."))
        return cleaned


@login_required
@require_GET
def funder_report(request):
    """The form, and the file once the form is valid (GET: the link can be bookmarked)."""
    if not request.user.has_perm("regiohub.access_admin"):
        raise PermissionDenied
    form = ReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["von"], form.cleaned_data["bis"]
        tables = report.build_report(start, end)
        name = f"regiohub-bericht-{start.isoformat()}-{end.isoformat()}"
        if form.cleaned_data["format"] == "csv":
            response = HttpResponse(
                "\ufeff" + report.as_csv(tables, start, end),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            response = HttpResponse(report.as_xlsx(tables, start, end), content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return render(request, "regiohub/cockpit/report.html", {"form": form})


# --- Import of a partner's existing projects ------------------------------------

IMPORT_CACHE_SECONDS = 60 * 60


class ImportUploadForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.active().order_by("name"),
        help_text=_("The imported projects become drafts of this partner (as lead partner)."),
    )
    datei = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The columns of the project export; at most 2 MB and 2,000 rows."),
    )


def _cache_key(user, token: str) -> str:
    return f"regiohub:project-import:{user.pk}:{token}"


def _render_import(request, form, **context):
    return render(
        request,
        "regiohub/cockpit/import.html",
        {"form": form, "columns": project_import.EXPORT_COLUMNS, **context},
    )


@login_required
def project_import_view(request):
    """Upload → preview with every row's errors → import the selected rows as drafts."""
    if not request.user.has_perm("regiohub.access_admin"):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("schritt") == "importieren":
        return _import_selected(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render_import(request, form)
    upload = form.cleaned_data["datei"]
    partner = form.cleaned_data["partner"]
    if upload.size > project_import.MAX_BYTES:
        form.add_error("datei", _("The file is larger than 2 MB."))
        return _render_import(request, form)
    try:
        records = project_import.read_table(upload.read())
    except project_import.ImportFileError as error:
        form.add_error("datei", str(error))
        return _render_import(request, form)
    token = secrets.token_urlsafe(16)
    cache.set(_cache_key(request.user, token), records, IMPORT_CACHE_SECONDS)
    rows = project_import.check_rows(records, partner)
    return _render_import(request, form, rows=rows, token=token, partner=partner)


def _import_selected(request):
    token = request.POST.get("token", "")
    records = cache.get(_cache_key(request.user, token)) if token else None
    partner = Partner.objects.active().filter(pk=request.POST.get("partner")).first()
    if records is None or partner is None:
        messages.error(request, _("The preview has expired. Please upload the file again."))
        return redirect("project_import")
    selected = {int(n) for n in request.POST.getlist("zeile") if n.isdigit()}
    rows = [row for row in project_import.check_rows(records, partner) if row.number in selected]
    if not rows or any(row.errors for row in rows):
        form = ImportUploadForm(initial={"partner": partner})
        all_rows = project_import.check_rows(records, partner)
        for row in all_rows:
            row.selected = row.number in selected
        return _render_import(
            request,
            form,
            rows=all_rows,
            token=token,
            partner=partner,
            blocked=True,
        )
    created = project_import.import_rows(rows=rows, actor=request.user)
    skipped = len(rows) - len(created)
    cache.delete(_cache_key(request.user, token))
    messages.success(
        request,
        _("%(created)s projects imported as drafts of %(partner)s; %(skipped)s already there.")
        % {"created": len(created), "partner": partner.name, "skipped": skipped},
    )
    return redirect(f"{reverse('projects_staff:list')}?stand=draft")
