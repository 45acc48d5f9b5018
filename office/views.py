"""The project office's funder report (/intern/bericht/): a period, CSV or XLSX."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.permissions import permission_required

from . import report

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


@permission_required("core.access_admin")
@require_safe
def funder_report(request):
    """The form, and the file once the form is valid (GET: the link can be bookmarked)."""
    form = ReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["von"], form.cleaned_data["bis"]
        tables = report.build_report(start, end)
        name = f"regiohub-bericht-{start.isoformat()}-{end.isoformat()}"
        if form.cleaned_data["format"] == "csv":
            response = HttpResponse(
                report.as_csv(tables, start, end),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            response = HttpResponse(report.as_xlsx(tables, start, end), content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return render(request, "office/report.html", {"form": form})
