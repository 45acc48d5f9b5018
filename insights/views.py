"""/karte/ (the corridor map), /zahlen/ (the public figures as SVG charts, tables and CSV)
and the DCAT-AP.de catalogue /opendata/katalog.ttl and .jsonld."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import spreadsheets
from core.pagecache import query_params
from core.permissions import public
from projects.models import FieldOfAction

from . import catalogue, figures
from .corridor import (
    ALL_LAYERS,
    FILTER_PARAMETERS,
    MapFilterForm,
    attribution_context,
    build_corridor_map,
)


@public
@query_params(*FILTER_PARAMETERS)
@require_safe
def corridor_map(request):
    # Bound only when the form was sent: other parameters (?language=en) are not a choice.
    sent = any(name in request.GET for name in FILTER_PARAMETERS)
    form = MapFilterForm(
        request.GET if sent else None,
        initial={"ebene": ALL_LAYERS},
        fields_of_action=FieldOfAction.objects.all(),
    )
    layers = form.layers() if sent else set(ALL_LAYERS)
    field_slug = form.field_slug() if sent else ""
    corridor = build_corridor_map(layers=layers, field_slug=field_slug)
    return render(
        request,
        "insights/map/corridor.html",
        {"form": form, "map": corridor, **attribution_context()},
    )


@public
@require_safe
def figures_page(request):
    return render(request, "insights/figures/figures.html", {"charts": figures.all_charts()})


@public
@require_safe
def figure_csv(request, slug: str):
    spec = figures.spec_for(slug)
    if spec is None:
        raise Http404
    chart = figures.compute(spec)
    response, writer = spreadsheets.people_csv_response(f"regiohub-{slug}.csv")
    writer.writerow([str(column) for column in spec.columns])
    writer.writerows([str(row[0]), *row[1:]] for row in chart.rows)
    return response


CATALOGUE_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}


@public
@require_safe
def catalogue_view(request, fmt: str):
    response = HttpResponse(catalogue.cached_catalogue(fmt), content_type=CATALOGUE_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="regiohub-katalog.{fmt}"'
    # Harvesters run on other sites' servers; browsers' scripts may read it too.
    response["Access-Control-Allow-Origin"] = "*"
    return response
