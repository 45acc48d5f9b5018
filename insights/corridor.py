"""What the corridor map /karte/ shows, as a server-rendered SVG map.

`build_corridor_map()` collects what the map shows (a constant number of queries), places
it with the pure geometry of `insights.maps`, and renders SVG plus the same
information as lists, so the page works without JavaScript and without any
request to a third party.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import Event
from core.forms import FilterForm, HorizontalCheckboxes
from exchange.models import Need
from partners import geo
from partners.models import Partner
from projects.models import Participation, Project

from . import maps

LAYER_PARTNERS = "partner"
LAYER_PROJECTS = "projekte"
LAYER_STOPS = "innovationsmobil"
LAYER_TRANSFERS = "transfer"
LAYER_NEEDS = "bedarfe"
LAYER_CHOICES = [
    (LAYER_PARTNERS, _("Partners")),
    (LAYER_PROJECTS, _("Projects")),
    (LAYER_STOPS, _("Innovationsmobil stops")),
    (LAYER_TRANSFERS, _("Transfers")),
    (LAYER_NEEDS, _("Open needs")),
]
ALL_LAYERS = [value for value, _label in LAYER_CHOICES]
FILTER_PARAMETERS = ("ebene", "handlungsfeld")
BERLIN_AGS = "11000000"


class MapFilterForm(FilterForm):
    """What the map shows. No layer ticked means every layer."""

    ebene = forms.MultipleChoiceField(
        label=_("Layers"),
        choices=LAYER_CHOICES,
        required=False,
        widget=HorizontalCheckboxes,
    )

    handlungsfeld = forms.ChoiceField(label=_("Field of action"), required=False)

    def __init__(self, *args, fields_of_action=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", _("All fields of action"))] + [
            (field_of_action.slug, field_of_action.display_name)
            for field_of_action in fields_of_action
        ]

    def layers(self) -> set[str]:
        self.is_valid()  # an invalid field is ignored; the valid ones still count
        return set(self.cleaned_data.get("ebene") or ALL_LAYERS)

    def field_slug(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("handlungsfeld") or ""


@dataclass
class Marker:
    layer: str
    x: float
    y: float
    label: str  # the accessible name: what and where
    url: str
    shape: str = "circle"  # circle (partner), square (project), triangle (stop), diamond (need)
    points: str = ""  # for triangles and diamonds
    size: float = 7.0  # half the symbol's width, in viewBox units
    hit: float = 12.0  # radius of the (invisible) tap target around it

    @property
    def corner_x(self) -> float:
        return round(self.x - self.size, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - self.size, 1)

    @property
    def width(self) -> float:
        return round(2 * self.size, 1)


@dataclass
class DistrictView:
    shape: maps.DistrictShape
    level: str = ""  # "partner" (a partner district) or "touched" (a partner town in it)
    partners: list[str] = field(default_factory=list)

    @property
    def labelled(self) -> bool:
        """Partner areas and Berlin, where the corridor starts, carry their name."""
        return bool(self.level) or self.shape.ags == BERLIN_AGS

    @property
    def css_class(self) -> str:
        if not self.level:
            return "rh-map__district"
        return f"rh-map__district rh-map__district--{self.level}"


@dataclass
class TransferLine:
    path: str
    direction: str  # urban_rural, rural_urban or other (the CSS dash pattern)
    label: str
    url: str
    project: Project


@dataclass
class PlacedProject:
    project: Project
    place: Partner | None  # the pilot site or the lead partner it is shown at


@dataclass
class DistrictLabel:
    x: float
    y: float
    text: str


@dataclass
class CorridorMap:
    frame: maps.Frame
    districts: list[DistrictView]
    markers: list[Marker]
    unplaced_partners: list[Partner]
    partners: list[Partner]
    layers: set[str]
    transfers: list[TransferLine] = field(default_factory=list)
    projects: list[PlacedProject] = field(default_factory=list)
    stops: list = field(default_factory=list)  # community.models.Event
    needs: list = field(default_factory=list)  # exchange.models.Need (open, public)
    crop: maps.Crop | None = None
    labels: list[DistrictLabel] = field(default_factory=list)
    font_size: float = 15.0
    # Partners with a marker, also when the markers were left out (max_markers).
    placed: int = 0

    @property
    def viewbox(self) -> str:
        return self.crop.viewbox if self.crop else self.frame.viewbox

    @property
    def unplaced_projects(self) -> list[Project]:
        return [item.project for item in self.projects if item.place is None]

    @property
    def partner_markers(self) -> list[Marker]:
        return [marker for marker in self.markers if marker.layer == LAYER_PARTNERS]

    @property
    def highlighted_districts(self) -> list[DistrictView]:
        return [district for district in self.districts if district.level]


def _districts(partners) -> list[DistrictView]:
    """Every district, marked as a partner district or as one a partner town lies in.

    `partners`: anything with a `name` and an `ags` (partners or rows of them).
    """
    views = {shape.ags: DistrictView(shape=shape) for shape in maps.district_shapes()}
    for partner in partners:
        area = geo.lookup(partner.ags) if partner.ags else None
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


def _published_projects(field_slug: str) -> list[Project]:
    projects = Project.objects.published().for_list().order_by("title")
    if field_slug:
        projects = projects.in_field(field_slug)
    return list(projects)


def _pilot_sites(projects: list[Project]) -> dict[int, Partner]:
    """{project id: its first pilot-site partner with a position}, in one query."""
    sites: dict[int, Partner] = {}
    participations = (
        Participation.objects.accepted()
        .filter(
            project__in=[project.pk for project in projects],
            role=Participation.Role.PILOT_SITE,
            partner__is_active=True,
            partner__latitude__isnull=False,
            partner__longitude__isnull=False,
        )
        .select_related("partner")
        .order_by("partner__name")
    )
    for participation in participations:
        sites.setdefault(participation.project_id, participation.partner)
    return sites


def _transfer_direction(project: Project) -> str:
    direction = project.transfer_direction
    if direction in (
        Project.TransferDirection.URBAN_TO_RURAL,
        Project.TransferDirection.RURAL_TO_URBAN,
    ):
        return direction
    return "other"


def _transfers(field_slug: str) -> list[TransferLine]:
    """Lines from the origin's lead partner to the adopter's lead partner (both published)."""
    adopted = (
        Project.objects.published()
        .filter(adopted_from__publication_state=Project.PublicationState.PUBLISHED)
        .select_related("lead_partner", "adopted_from__lead_partner")
        .order_by("title")
    )
    if field_slug:
        adopted = adopted.in_field(field_slug)
    lines = []
    for project in adopted:
        origin, adopter = project.adopted_from.lead_partner, project.lead_partner
        if not (origin.has_position and adopter.has_position) or origin.pk == adopter.pk:
            continue
        start = maps.project(origin.latitude, origin.longitude)
        end = maps.project(adopter.latitude, adopter.longitude)
        direction = _transfer_direction(project)
        lines.append(
            TransferLine(
                path=maps.arc_path(start, end),
                direction=direction,
                label=gettext("Transfer (%(direction)s): %(origin)s from %(from)s to %(to)s")
                % {
                    "direction": project.get_transfer_direction_display()
                    if direction != "other"
                    else gettext("direction not stated"),
                    "origin": project.adopted_from.title,
                    "from": origin.name,
                    "to": adopter.name,
                },
                url=project.get_absolute_url(),
                project=project,
            )
        )
    return lines


def _stops() -> list:
    """Public Innovationsmobil stops with a place (the events of the community app)."""
    return list(
        Event.objects.public()
        .tour_stops()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("start", "pk")
    )


def _open_public_needs(field_slug: str) -> list[Need]:
    """Open public needs (shown at their partner's place), the /gesucht/ page's open ones."""
    needs = Need.objects.public().active().select_related("partner").order_by("title", "pk")
    if field_slug:
        needs = needs.in_field(field_slug)
    return list(needs.defer("description", "description_html"))


def _lay_out(
    markers: list[Marker], districts: list[DistrictView], fr: maps.Frame
) -> tuple[maps.Crop, list[DistrictLabel], float]:
    """Frame the corridor, size the symbols for 24 px tap targets, part the markers so
    their targets do not overlap, and put the district names where no symbol is."""
    boxes = [district.shape.box for district in districts if district.labelled]
    boxes += [(marker.x, marker.y, marker.x, marker.y) for marker in markers]
    frame_crop = maps.crop(boxes, fr)
    hit = frame_crop.hit_radius
    points = maps.separate([maps.Point(marker.x, marker.y) for marker in markers], 2 * hit + 1)
    for marker, point in zip(markers, points, strict=True):
        marker.x, marker.y, marker.hit = point.x, point.y, hit
        marker.size = round(hit * 0.55, 1)
        if marker.shape == "triangle":
            marker.points = maps.triangle_points(point, size=round(hit * 0.7, 1))
        elif marker.shape == "diamond":
            marker.points = maps.diamond_points(point, size=round(hit * 0.7, 1))
    font_size = round(13 * max(frame_crop.scale * 1.6, 1.0), 1)
    labels = _place_labels(districts, markers, font_size)
    return frame_crop, labels, font_size


def _place_labels(
    districts: list[DistrictView], markers: list[Marker], font_size: float
) -> list[DistrictLabel]:
    """Each labelled district's name at the first spot near its centre that covers
    neither a tap target nor another name (greedy, in a fixed order)."""
    taken = [
        (marker.x - marker.hit, marker.y - marker.hit, marker.x + marker.hit, marker.y + marker.hit)
        for marker in markers
    ]
    labels = []
    step = font_size * 1.4
    offsets = [(0, 1), (0, -1), (0, 2), (0, -2), (0, 3), (0, -3), (0.4, 1), (-0.4, 1), (0, 4)]
    for district in districts:
        if not district.labelled:
            continue
        shape = district.shape
        half = len(shape.name) * font_size * 0.3  # about half the width of the name
        box = None
        for dx, dy in offsets:
            x, y = shape.label_x + dx * half, shape.label_y - 24 + dy * step
            candidate = (x - half, y - font_size, x + half, y + font_size * 0.3)
            if not any(_overlaps(candidate, other) for other in taken):
                box = candidate
                break
        if box is None:
            x, y = shape.label_x, shape.label_y
            box = (x - half, y - font_size, x + half, y + font_size * 0.3)
        taken.append(box)
        labels.append(DistrictLabel(x=round(x, 1), y=round(y, 1), text=shape.name))
    return labels


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def build_corridor_map(*, layers: set[str] | None = None, field_slug: str = "") -> CorridorMap:
    """Everything the corridor map shows, with a constant number of queries."""
    layers = set(layers or ALL_LAYERS)
    partners = list(
        Partner.objects.active().only(
            "name", "slug", "kind", "ags", "latitude", "longitude", "federal_state"
        )
    )
    markers: list[Marker] = []
    if LAYER_PARTNERS in layers:
        for partner in partners:
            if partner.has_position:
                markers.append(
                    _partner_marker(partner, maps.project(partner.latitude, partner.longitude))
                )
    placed_projects: list[PlacedProject] = []
    if LAYER_PROJECTS in layers:
        projects = _published_projects(field_slug)
        sites = _pilot_sites(projects)
        for project in projects:
            lead = project.lead_partner
            place = sites.get(project.pk) or (
                lead if lead.is_active and lead.has_position else None
            )
            placed_projects.append(PlacedProject(project=project, place=place))
            if place is None:
                continue
            point = maps.project(place.latitude, place.longitude)
            markers.append(
                Marker(
                    layer=LAYER_PROJECTS,
                    x=point.x,
                    y=point.y,
                    label=gettext("Project: %(title)s (at %(place)s)")
                    % {"title": project.title, "place": place.name},
                    url=project.get_absolute_url(),
                    shape="square",
                )
            )
    stops: list = []
    if LAYER_STOPS in layers:
        stops = _stops()
        for stop in stops:
            point = maps.project(stop.latitude, stop.longitude)
            area = stop.municipality
            markers.append(
                Marker(
                    layer=LAYER_STOPS,
                    x=point.x,
                    y=point.y,
                    label=gettext("Innovationsmobil stop: %(title)s, %(date)s, %(place)s")
                    % {
                        "title": stop.title,
                        "date": date_format(localtime(stop.start), "SHORT_DATE_FORMAT"),
                        "place": area.name if area else stop.place_name,
                    },
                    url=stop.get_absolute_url(),
                    shape="triangle",
                    points=maps.triangle_points(point),
                )
            )
    needs: list[Need] = []
    if LAYER_NEEDS in layers:
        needs = _open_public_needs(field_slug)
        for need in needs:
            partner = need.partner
            if not (partner.is_active and partner.has_position):
                continue
            point = maps.project(partner.latitude, partner.longitude)
            markers.append(
                Marker(
                    layer=LAYER_NEEDS,
                    x=point.x,
                    y=point.y,
                    label=gettext("Open need: %(title)s (%(partner)s)")
                    % {"title": need.title, "partner": partner.name},
                    url=need.get_absolute_url(),
                    shape="diamond",
                    points=maps.diamond_points(point),
                )
            )
    placed = sum(1 for marker in markers if marker.layer == LAYER_PARTNERS)
    districts = _districts(partners)
    frame_crop, labels, font_size = _lay_out(markers, districts, maps.frame())
    return CorridorMap(
        frame=maps.frame(),
        crop=frame_crop,
        labels=labels,
        font_size=font_size,
        districts=districts,
        markers=markers,
        unplaced_partners=[partner for partner in partners if not partner.has_position],
        partners=partners,
        layers=layers,
        transfers=_transfers(field_slug) if LAYER_TRANSFERS in layers else [],
        projects=placed_projects,
        stops=stops,
        needs=needs,
        placed=placed,
    )


def build_teaser_map(max_markers: int) -> CorridorMap:
    """The home page's small map: a dot per partner up to `max_markers`, else only
    the shaded districts (the whole network of Brandenburg in one glance).

    One query of plain rows, not partner objects, and no markers laid out that
    are not shown: at network scale 1,000 partner objects and parting 1,000 dots
    cost more than the rest of the page. `placed` counts the partners with a place.
    """
    # Only the partners the map can show: with a place of their own or an
    # official key (the districts' shading); a company without either is not drawn.
    on_map = Q(latitude__isnull=False, longitude__isnull=False) | ~Q(ags="")
    rows = list(
        Partner.objects.active()
        .filter(on_map)
        .values_list("name", "slug", "ags", "latitude", "longitude", named=True)
    )
    positioned = [row for row in rows if row.latitude is not None and row.longitude is not None]
    markers: list[Marker] = []
    if len(positioned) <= max_markers:
        for row in positioned:
            point = maps.project(row.latitude, row.longitude)
            markers.append(
                Marker(
                    layer=LAYER_PARTNERS,
                    x=point.x,
                    y=point.y,
                    label=gettext("Partner: %(name)s") % {"name": row.name},
                    url=reverse("partners:detail", kwargs={"slug": row.slug}),
                )
            )
    districts = _districts(rows)
    frame_crop, labels, font_size = _lay_out(markers, districts, maps.frame())
    return CorridorMap(
        frame=maps.frame(),
        crop=frame_crop,
        labels=labels,
        font_size=font_size,
        districts=districts,
        markers=markers,
        unplaced_partners=[],
        partners=[],
        layers={LAYER_PARTNERS},
        placed=len(positioned),
    )


def attribution_context() -> dict[str, str]:
    return {
        "attribution": geo.ATTRIBUTION,
        "attribution_url": geo.ATTRIBUTION_URL,
        "licence_name": geo.LICENCE_NAME,
        "licence_url": geo.LICENCE_URL,
    }
