"""The official municipality and district keys (AGS) of Berlin and Brandenburg.

Reads the BKG VG5000 extract shipped in `partners/data/` (see its README for the
licence, Datenlizenz Deutschland 2.0, and the required source note). Other apps
use it to validate keys and to place partners, events and projects on the map.
"""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA_DIR / "berlin-brandenburg-municipalities.csv"
DISTRICTS_GEOJSON = DATA_DIR / "berlin-brandenburg-districts.geojson"

ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
ATTRIBUTION_URL = "http://www.bkg.bund.de"
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"

STATE_PREFIXES = {"11": "berlin", "12": "brandenburg"}


@dataclass(frozen=True)
class Area:
    """A municipality or a district with the point where the map places it."""

    ags: str
    name: str
    kind: str
    district_ags: str
    district_name: str
    latitude: Decimal
    longitude: Decimal

    @property
    def is_district(self) -> bool:
        return self.ags == self.district_ags

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}" if self.kind else self.name


@cache
def municipalities() -> dict[str, Area]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as fh:
        return {
            row["ags"]: Area(
                ags=row["ags"],
                name=row["name"],
                kind=row["kind"],
                district_ags=row["district_ags"],
                district_name=row["district_name"],
                latitude=Decimal(row["lat"]),
                longitude=Decimal(row["lon"]),
            )
            for row in csv.DictReader(fh)
        }


@cache
def district_features() -> list[dict]:
    with DISTRICTS_GEOJSON.open(encoding="utf-8") as fh:
        return json.load(fh)["features"]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _centroid(geometry: dict) -> tuple[Decimal, Decimal]:
    """Area-weighted centroid of the outer rings (good enough as a marker position)."""
    total_area = cx = cy = 0.0
    for ring in _rings(geometry):
        for (x0, y0), (x1, y1) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            total_area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    total_area /= 2
    lon, lat = cx / (6 * total_area), cy / (6 * total_area)
    return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")


@cache
def districts() -> dict[str, Area]:
    result = {}
    for feature in district_features():
        props = feature["properties"]
        latitude, longitude = _centroid(feature["geometry"])
        result[props["ags"]] = Area(
            ags=props["ags"],
            name=props["name"],
            kind=props["kind"],
            district_ags=props["ags"],
            district_name=props["name"],
            latitude=latitude,
            longitude=longitude,
        )
    return result


def lookup(ags: str) -> Area | None:
    """The municipality with this key, else the district (Landkreis) with it."""
    return municipalities().get(ags) or districts().get(ags)


def municipality_choices() -> list[tuple[str, str]]:
    """(AGS, "Name (District)") pairs, sorted by name, for select fields."""
    items = sorted(municipalities().values(), key=lambda area: area.name)
    return [
        (area.ags, area.name if area.is_district else f"{area.name} ({area.district_name})")
        for area in items
    ]
