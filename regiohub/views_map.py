"""/karte/: the innovation corridor as a server-rendered SVG map.

The view collects what the map shows (a constant number of queries), places
it with the pure geometry of `regiohub.maps`, and renders SVG plus the same
information as lists, so the page works without JavaScript and without any
request to a third party.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partners import geo
from partners.models import Partner

from . import maps

LAYER_PARTNERS = "partner"
LAYER_CHOICES = [
    (LAYER_PARTNERS, _("Partners")),
]
ALL_LAYERS = [value for value, _label in LAYER_CHOICES]
FILTER_PARAMETERS = ("ebene", "handlungsfeld")


class MapFilterForm(forms.Form):
    """What the map shows. No layer ticked means every layer."""

    ebene = forms.MultipleChoiceField(
        label=_("Layers"),
        choices=LAYER_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def layers(self) -> set[str]:
        chosen = self.cleaned_data.get("ebene") if self.is_valid() else None
        return set(chosen or ALL_LAYERS)


@dataclass
class Marker:
    layer: str
    x: float
    y: float
    label: str  # the accessible name: what and where
    url: str
    shape: str = "circle"  # circle (partner), square (project), triangle (stop)
    points: str = ""  # for triangles

    @property
    def corner_x(self) -> float:
        return round(self.x - 6, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass
class DistrictView:
    shape: maps.DistrictShape
    level: str = ""  # "partner" (a partner district) or "touched" (a partner town in it)
    partners: list[str] = field(default_factory=list)

    @property
    def css_class(self) -> str:
        if not self.level:
            return "rh-map__district"
        return f"rh-map__district rh-map__district--{self.level}"


@dataclass
class CorridorMap:
    frame: maps.Frame
    districts: list[DistrictView]
    markers: list[Marker]
    unplaced_partners: list[Partner]
    partners: list[Partner]
    layers: set[str]
    transfers: list = field(default_factory=list)

    @property
    def partner_markers(self) -> list[Marker]:
        return [marker for marker in self.markers if marker.layer == LAYER_PARTNERS]

    @property
    def highlighted_districts(self) -> list[DistrictView]:
        return [district for district in self.districts if district.level]


def _districts(partners: list[Partner]) -> list[DistrictView]:
    """Every district, marked as a partner district or as one a partner town lies in."""
    views = {shape.ags: DistrictView(shape=shape) for shape in maps.district_shapes()}
    for partner in partners:
        area = partner.area
        if area is None or area.district_ags not in views:
            continue
        district = views[area.district_ags]
        district.partners.append(partner.name)
        if area.is_district:
            district.level = "partner"
        elif not district.level:
            district.level = "touched"
    return list(views.values())


def _partner_marker(partner: Partner, point: maps.Point) -> Marker:
    return Marker(
        layer=LAYER_PARTNERS,
        x=point.x,
        y=point.y,
        label=gettext("Partner: %(name)s") % {"name": partner.name},
        url=partner.get_absolute_url(),
    )


def build_corridor_map(*, layers: set[str] | None = None) -> CorridorMap:
    """Everything the corridor map shows, with a constant number of queries."""
    layers = set(layers or ALL_LAYERS)
    partners = list(
        Partner.objects.active().only(
            "name", "slug", "kind", "ags", "latitude", "longitude", "federal_state"
        )
    )
    markers: list[Marker] = []
    unplaced = [partner for partner in partners if not partner.has_position]
    if LAYER_PARTNERS in layers:
        # Partners at the same place (rare) are spread around it so each stays clickable.
        seen: dict[maps.Point, int] = {}
        for partner in partners:
            if not partner.has_position:
                continue
            center = maps.project(partner.latitude, partner.longitude)
            index = seen.get(center, 0)
            seen[center] = index + 1
            markers.append(_partner_marker(partner, maps.spread(center, index)))
    return CorridorMap(
        frame=maps.frame(),
        districts=_districts(partners),
        markers=markers,
        unplaced_partners=unplaced,
        partners=partners,
        layers=layers,
    )


def attribution_context() -> dict[str, str]:
    return {
        "attribution": geo.ATTRIBUTION,
        "attribution_url": geo.ATTRIBUTION_URL,
        "licence_name": geo.LICENCE_NAME,
        "licence_url": geo.LICENCE_URL,
    }


@require_GET
def corridor_map(request):
    # Bound only when the form was sent: other parameters (?language=en) are not a choice.
    sent = any(name in request.GET for name in FILTER_PARAMETERS)
    form = MapFilterForm(request.GET if sent else None, initial={"ebene": ALL_LAYERS})
    layers = form.layers() if sent else set(ALL_LAYERS)
    corridor = build_corridor_map(layers=layers)
    return render(
        request,
        "regiohub/map/corridor.html",
        {"form": form, "map": corridor, **attribution_context()},
    )
