"""Geometry for the corridor map: projection and SVG shapes, as pure functions.

The map is drawn on the server as SVG from the shipped BKG districts
(`partners/data/`), so it needs no tile server, no JavaScript and no request
to anyone else. The projection is a plain equirectangular one, with the
longitude scaled by cos(mean latitude) so that Brandenburg keeps its shape;
at this scale (about 2° of latitude) the error is far below what VG5000's
generalisation already gives away.

The district paths never change, so they are computed once per process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from partners import geo

WIDTH = 1000  # viewBox width; the height follows from the projection
PADDING = 12


@dataclass(frozen=True)
class Frame:
    """The projection: geographic bounds and the scale onto the viewBox."""

    min_lon: float
    max_lat: float
    x_scale: float
    y_scale: float
    width: float
    height: float

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


@dataclass(frozen=True)
class DistrictShape:
    ags: str
    name: str
    kind: str
    path: str  # SVG path data
    label_x: float = 0.0  # where the name goes: a little below the centroid
    label_y: float = 0.0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # min x, min y, max x, max y


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def _all_coordinates() -> list[tuple[float, float]]:
    return [
        (lon, lat)
        for feature in geo.district_features()
        for ring in _polygon_rings(feature["geometry"])
        for lon, lat in ring
    ]


def _polygon_rings(geometry: dict) -> list[list[list[float]]]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def make_frame(
    coordinates: list[tuple[float, float]], *, width: float = WIDTH, padding: float = PADDING
) -> Frame:
    """Fit the (lon, lat) coordinates into a viewBox `width` wide, keeping proportions."""
    lons = [lon for lon, _lat in coordinates]
    lats = [lat for _lon, lat in coordinates]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    cos_lat = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (width - 2 * padding) / ((max_lon - min_lon) * cos_lat)
    height = (max_lat - min_lat) * scale + 2 * padding
    return Frame(
        min_lon=min_lon,
        max_lat=max_lat,
        x_scale=scale * cos_lat,
        y_scale=scale,
        width=width,
        height=round(height, 1),
    )


@cache
def frame() -> Frame:
    return make_frame(_all_coordinates())


def project(
    latitude: float | Decimal, longitude: float | Decimal, fr: Frame | None = None
) -> Point:
    """The position of a geographic point on the map (viewBox units, y downwards)."""
    fr = fr or frame()
    x = PADDING + (float(longitude) - fr.min_lon) * fr.x_scale
    y = PADDING + (fr.max_lat - float(latitude)) * fr.y_scale
    return Point(round(x, 1), round(y, 1))


def ring_path(ring: list[list[float]], fr: Frame) -> str:
    """SVG path data of one closed ring, in absolute coordinates."""
    points = [project(lat, lon, fr) for lon, lat in ring]
    head, *rest = points
    parts = [f"M{head.x:g} {head.y:g}"]
    parts.extend(f"L{point.x:g} {point.y:g}" for point in rest)
    parts.append("Z")
    return "".join(parts)


@cache
def district_shapes() -> tuple[DistrictShape, ...]:
    """The 19 districts of Berlin and Brandenburg as SVG paths, sorted by name."""
    fr = frame()
    centroids = geo.districts()
    shapes = []
    for feature in geo.district_features():
        ags = feature["properties"]["ags"]
        center = project(centroids[ags].latitude, centroids[ags].longitude, fr)
        shapes.append(
            DistrictShape(
                ags=ags,
                name=feature["properties"]["name"],
                kind=feature["properties"]["kind"],
                path="".join(ring_path(ring, fr) for ring in _polygon_rings(feature["geometry"])),
                label_x=center.x,
                label_y=round(center.y + 24, 1),
                box=_box(feature["geometry"], fr),
            )
        )
    return tuple(sorted(shapes, key=lambda shape: shape.name))


def _box(geometry: dict, fr: Frame) -> tuple[float, float, float, float]:
    points = [project(lat, lon, fr) for ring in _polygon_rings(geometry) for lon, lat in ring]
    xs, ys = [point.x for point in points], [point.y for point in points]
    return (min(xs), min(ys), max(xs), max(ys))


# The narrowest width the map is drawn at (its CSS min-width, static/css/map.css;
# on a narrower screen the map scrolls sideways in its own region, as a map may).
# Symbols are sized in viewBox units so that, even there, every one is a tap target
# of at least 24 × 24 CSS px (WCAG 2.5.8).
NARROWEST_PX = 600
TARGET_PX = 24


@dataclass(frozen=True)
class Crop:
    """The part of the frame the map shows, and the symbol size that goes with it."""

    x: float
    y: float
    width: float
    height: float

    @property
    def viewbox(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"

    @property
    def hit_radius(self) -> float:
        """Half a 24 px target at the narrowest drawing width, in viewBox units."""
        return round(self.width / NARROWEST_PX * TARGET_PX / 2 + 0.5, 1)

    @property
    def scale(self) -> float:
        """viewBox units per unit of the whole-state drawing (text and symbols grow with it)."""
        return self.width / WIDTH


def crop(boxes: list[tuple[float, float, float, float]], fr: Frame, *, margin: float = 30) -> Crop:
    """The smallest part of the frame that holds the boxes (with a margin), never
    narrower than half the frame, so a single partner still shows its surroundings."""
    if not boxes:
        return Crop(0, 0, fr.width, fr.height)
    x0 = max(0.0, min(box[0] for box in boxes) - margin)
    y0 = max(0.0, min(box[1] for box in boxes) - margin)
    x1 = min(fr.width, max(box[2] for box in boxes) + margin)
    y1 = min(fr.height, max(box[3] for box in boxes) + margin)
    minimum = fr.width / 2
    if x1 - x0 < minimum:
        grow = (minimum - (x1 - x0)) / 2
        x0, x1 = max(0.0, x0 - grow), min(fr.width, x1 + grow)
    if y1 - y0 < minimum:
        grow = (minimum - (y1 - y0)) / 2
        y0, y1 = max(0.0, y0 - grow), min(fr.height, y1 + grow)
    return Crop(round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))


def separate(points: list[Point], distance: float, *, rounds: int = 60) -> list[Point]:
    """The points moved apart (least movement first) until no two are closer than
    `distance`, so that tap targets of that diameter do not overlap. Deterministic:
    the same input gives the same map."""
    xs = [point.x for point in points]
    ys = [point.y for point in points]
    for _round in range(rounds):
        moved = False
        for i in range(len(xs)):
            for j in range(i + 1, len(xs)):
                dx, dy = xs[j] - xs[i], ys[j] - ys[i]
                gap = math.hypot(dx, dy)
                if gap >= distance:
                    continue
                if gap < 1e-6:  # same place: part them along a fixed direction per pair
                    angle = math.radians(-90 + 60 * ((j - i) % 6))
                    dx, dy, gap = math.cos(angle), math.sin(angle), 1.0
                push = (distance - gap) / 2 + 0.05
                xs[i] -= dx / gap * push
                ys[i] -= dy / gap * push
                xs[j] += dx / gap * push
                ys[j] += dy / gap * push
                moved = True
        if not moved:
            break
    return [Point(round(x, 1), round(y, 1)) for x, y in zip(xs, ys, strict=True)]


def arc_path(start: Point, end: Point, *, bend: float = 0.2) -> str:
    """A gently curved SVG path from start to end (curved so that lines stay apart
    when two places exchange solutions in both directions)."""
    mx, my = (start.x + end.x) / 2, (start.y + end.y) / 2
    dx, dy = end.x - start.x, end.y - start.y
    cx, cy = mx - dy * bend, my + dx * bend
    return f"M{start.x:g} {start.y:g}Q{round(cx, 1):g} {round(cy, 1):g} {end.x:g} {end.y:g}"


def triangle_points(center: Point, size: float = 9.0) -> str:
    """Points of an upward triangle around center (the Innovationsmobil stop marker)."""
    h = size * math.sqrt(3) / 2
    return (
        f"{center.x:g},{round(center.y - h, 1):g} "
        f"{round(center.x + size, 1):g},{round(center.y + h * 0.8, 1):g} "
        f"{round(center.x - size, 1):g},{round(center.y + h * 0.8, 1):g}"
    )


def diamond_points(center: Point, size: float = 8.0) -> str:
    """Points of a diamond around center (the open need marker)."""
    return (
        f"{center.x:g},{round(center.y - size, 1):g} {round(center.x + size, 1):g},{center.y:g} "
        f"{center.x:g},{round(center.y + size, 1):g} {round(center.x - size, 1):g},{center.y:g}"
    )
