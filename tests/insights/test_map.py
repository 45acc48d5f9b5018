"""/karte/: the corridor map, rendered on the server as SVG plus lists."""

import math
import re

import pytest

from insights import maps
from insights.corridor import build_corridor_map
from partners import geo
from partners.models import Partner
from partners.realdata import load_partners
from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

MARKER_LINK = re.compile(r'<a class="rh-map__link" href="([^"]+)" aria-label="([^"]+)"><title>')


def partner_links(html: str) -> list[str]:
    return [href for href, _label in MARKER_LINK.findall(html) if href.startswith("/partner/")]


def test_every_placed_partner_has_exactly_one_marker_link_with_a_text_label(client):
    load_partners()
    html = client.get("/karte/").content.decode()
    placed = Partner.objects.active().exclude(latitude=None)
    assert placed.count() == 9
    links = partner_links(html)
    assert sorted(links) == sorted(p.get_absolute_url() for p in placed)
    for href, label in MARKER_LINK.findall(html):
        assert label.strip(), href


def test_partners_without_a_position_are_listed_beside_the_map(client):
    load_partners()
    response = client.get("/karte/")
    html = response.content.decode()
    for name in ["DigitalAgentur Brandenburg", "Berlin Partner für Wirtschaft und Technologie"]:
        partner = Partner.objects.get(name=name)
        assert partner.get_absolute_url() not in partner_links(html)
        assert html.count(f'href="{partner.get_absolute_url()}"') == 2  # table and the list


def test_every_partner_appears_once_in_the_table(client):
    load_partners()
    html = client.get("/karte/").content.decode()
    table = html.split('id="list-partners"', 1)[1].split("</table>", 1)[0]
    for partner in Partner.objects.active():
        assert table.count(f'href="{partner.get_absolute_url()}"') == 1


def test_the_map_shows_the_bkg_source_note_and_the_licence_as_links(client):
    html = client.get("/karte/").content.decode()
    assert f'<a class="kern-link" href="{geo.ATTRIBUTION_URL}">{geo.ATTRIBUTION}</a>' in html
    assert f'<a class="kern-link" href="{geo.LICENCE_URL}">{geo.LICENCE_NAME}</a>' in html
    assert "</a>," not in html.split('class="kern-body rh-map__source"', 1)[1].split("</p>")[0]


def test_partner_districts_are_hatched_and_districts_of_partner_towns_dotted(client):
    PartnerFactory(name="Landkreis Havelland", kind="landkreis", ags="12063000")
    PartnerFactory(name="Stadt Luckenwalde", kind="stadt", ags="12072232")
    html = client.get("/karte/").content.decode()
    districts = html.split('<g class="rh-map__districts"', 1)[1].split("</g>", 1)[0]
    assert districts.count('class="rh-map__district rh-map__district--partner"') == 1
    assert districts.count('class="rh-map__district rh-map__district--touched"') == 1
    assert districts.count('class="rh-map__district"') == 17
    assert "Havelland (Landkreis): " in html
    assert "Teltow-Fläming (Landkreis): " in html


def test_the_svg_has_no_style_attributes_and_no_external_references(client):
    load_partners()
    html = client.get("/karte/").content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_coordinates_are_not_localised_with_a_decimal_comma(client):
    load_partners()
    html = client.get("/karte/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert re.search(r'cx="\d+\.\d"', html)
    assert not re.search(r'c[xy]="\d+,\d', html)


def test_the_map_needs_the_same_number_of_queries_for_more_partners(client):
    PartnerFactory(name="Stadt Luckenwalde", kind="stadt", ags="12072232")
    few = count_queries(lambda: client.get("/karte/"))
    for index in range(10):
        PartnerFactory(name=f"Gemeinde Test {index}", ags="12069665")
    assert count_queries(lambda: client.get("/karte/")) == few


def test_an_unknown_layer_is_ignored_and_the_page_still_answers(client):
    assert client.get("/karte/?ebene=nonsense&ebene=partner").status_code == 200


def test_the_projection_keeps_brandenburg_upright_and_inside_the_viewbox():
    frame = maps.frame()
    potsdam = maps.project(52.4, 13.06)
    cottbus = maps.project(51.76, 14.33)
    assert cottbus.x > potsdam.x and cottbus.y > potsdam.y  # east and south
    for shape in maps.district_shapes():
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.path)]
        assert min(numbers) >= 0
        assert max(numbers[0::2]) <= frame.width and max(numbers[1::2]) <= frame.height
    assert len(maps.district_shapes()) == 19


def test_separate_moves_markers_at_one_place_apart_and_leaves_distant_ones_alone():
    center = maps.Point(100, 100)
    far = maps.Point(400, 400)
    points = maps.separate([center] * 6 + [far], 20)
    assert points[-1] == far
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= 20 - 0.2
    assert max(math.dist((p.x, p.y), (100, 100)) for p in points[:6]) < 60


def test_every_symbol_is_a_24_px_tap_target_and_no_two_targets_overlap():
    """WCAG 2.5.8 at the narrowest drawing of the map (it scrolls below that width)."""
    load_partners()
    potsdam = Partner.objects.get(slug="landeshauptstadt-potsdam")
    for _ in range(4):  # several projects at one place: their symbols must part
        PublishedProjectFactory(lead_partner=potsdam)
    corridor = build_corridor_map()
    crop = corridor.crop
    px_per_unit = maps.NARROWEST_PX / crop.width
    markers = corridor.markers
    assert len(markers) >= 13
    for marker in markers:
        assert 2 * marker.hit * px_per_unit >= 24
        assert crop.x <= marker.x <= crop.x + crop.width
        assert crop.y <= marker.y <= crop.y + crop.height
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= a.hit + b.hit, (a.label, b.label)


def test_district_names_do_not_cover_a_symbol():
    load_partners()
    corridor = build_corridor_map()
    font = corridor.font_size
    for label in corridor.labels:
        half = len(label.text) * font * 0.3
        for marker in corridor.markers:
            covers = (
                label.x - half < marker.x + marker.hit
                and marker.x - marker.hit < label.x + half
                and label.y - font < marker.y + marker.hit
                and marker.y - marker.hit < label.y + font * 0.3
            )
            assert not covers, (label.text, marker.label)


def test_the_home_page_shows_the_small_map_with_the_source_note_and_a_link(client):
    load_partners()
    html = client.get("/").content.decode()
    # In the hero, beside the heading and the search box (issue 16).
    teaser = html.split('class="rh-hero__map', 1)[1].split("</figure>", 1)[0]
    assert teaser.count('class="rh-map__marker rh-map__marker--partner"') == 9
    assert geo.ATTRIBUTION in teaser
    assert 'href="/karte/"' in teaser


def test_beyond_the_teasers_limit_the_markers_are_left_out_before_they_are_laid_out(
    client, monkeypatch, settings
):
    """At network scale the home teaser shades districts instead of parting 1,000 dots."""
    settings.PAGE_CACHE_SECONDS = 0
    load_partners()
    monkeypatch.setattr("insights.home.MAX_TEASER_MARKERS", 5)
    laid_out: list[int] = []
    original = maps.separate

    def counting_separate(points, distance):
        laid_out.append(len(points))
        return original(points, distance)

    monkeypatch.setattr(maps, "separate", counting_separate)
    html = client.get("/").content.decode()
    teaser = html.split('class="rh-hero__map', 1)[1].split("</figure>", 1)[0]
    assert 'rh-map__marker--partner"' not in teaser
    # The caption still counts the partners with a place of their own.
    assert "9 Partner" in teaser
    assert laid_out == [0]


def test_the_full_map_keeps_every_marker():
    load_partners()
    corridor = build_corridor_map()
    assert corridor.placed == len(corridor.partner_markers) == 9


def test_the_teaser_draws_the_same_partner_dots_as_the_full_map_while_the_hub_is_small():
    from insights.corridor import LAYER_PARTNERS, build_teaser_map

    load_partners()
    full = build_corridor_map(layers={LAYER_PARTNERS})
    teaser = build_teaser_map(60)
    assert [(m.x, m.y, m.label, m.url) for m in teaser.markers] == [
        (m.x, m.y, m.label, m.url) for m in full.markers
    ]
    assert [d.level for d in teaser.districts] == [d.level for d in full.districts]
    assert teaser.placed == 9


def test_the_teaser_costs_one_query_however_many_partners():
    from insights.corridor import build_teaser_map

    load_partners()
    few = count_queries(lambda: build_teaser_map(60))
    for number in range(70):
        PartnerFactory(name=f"Gemeinde {number}", latitude=52.4, longitude=13.0)
    assert count_queries(lambda: build_teaser_map(60)) == few == 1
    assert build_teaser_map(60).markers == []
