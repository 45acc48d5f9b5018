"""/zahlen/: the public figures as accessible SVG charts, data tables and CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import figures


@require_GET
def figures_page(request):
    return render(request, "regiohub/figures/figures.html", {"charts": figures.all_charts()})


@require_GET
def figure_csv(request, slug: str):
    spec = figures.spec_for(slug)
    if spec is None:
        raise Http404
    chart = figures.compute(spec)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="regiohub-{slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([str(column) for column in spec.columns])
    writer.writerows([str(row[0]), *row[1:]] for row in chart.rows)
    return response
