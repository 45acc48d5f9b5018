"""/karte/: the corridor map, rendered on the server as SVG plus lists."""

import re

import pytest

from insights import maps
from partners import geo
from partners.models import Partner
from partners.realdata import load_partners
from tests.factories import PartnerFactory
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


def test_spread_places_markers_at_one_place_apart():
    center = maps.Point(100, 100)
    points = {maps.spread(center, index) for index in range(8)}
    assert len(points) == 8
    assert maps.spread(center, 0) == center


def test_the_home_page_shows_the_small_map_with_the_source_note_and_a_link(client):
    load_partners()
    html = client.get("/").content.decode()
    # In the hero, beside the heading and the search box (issue 16).
    teaser = html.split('class="rh-hero__map', 1)[1].split("</figure>", 1)[0]
    assert teaser.count('class="rh-map__marker rh-map__marker--partner"') == 9
    assert geo.ATTRIBUTION in teaser
    assert 'href="/karte/"' in teaser
