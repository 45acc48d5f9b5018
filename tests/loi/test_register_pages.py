"""The public register at network scale (issue 21): a summary by state, filters by
state, kind and district, and a paged table; the CSV keeps every row."""

import csv
import io

import pytest

from loi.models import Accession
from loi.views.public import PAGE_SIZE
from partners.models import Partner
from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import AccessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _grow(agreement, count: int, start: int = 0, **partner) -> None:
    for number in range(start, start + count):
        AccessionFactory(
            agreement=agreement,
            partner=PartnerFactory(name=f"Gemeinde Mengendorf {number:04d}", **partner),
            status=Accession.Status.SIGNED if number % 2 else Accession.Status.PREPARED,
        )


def _table_names(response) -> list[str]:
    return [row["partner"].name for row in response.context["rows"]]


def test_the_table_is_paged_and_the_csv_keeps_every_row(client, agreement):
    _grow(agreement, PAGE_SIZE + 5)
    first = client.get("/absichtserklaerung/")
    second = client.get("/absichtserklaerung/", {"page": 2})
    assert len(_table_names(first)) == PAGE_SIZE
    assert len(_table_names(second)) == 6  # five more and the counterpart
    assert 'rel="next" href="?page=2"' in first.content.decode()
    body = client.get("/absichtserklaerung/export.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body), delimiter=";"))) == 1 + PAGE_SIZE + 6


def test_the_summary_counts_the_partners_of_each_state_and_links_the_filter(client, agreement):
    _grow(agreement, 5)
    html = client.get("/absichtserklaerung/").content.decode()
    summary = html.split('id="summary-heading"')[1].split("</section>")[0]
    assert 'href="?stand=signed"' in summary
    assert "<strong>2</strong>" in summary  # signed: 1 and 3
    assert "<strong>3</strong>" in summary  # prepared: 0, 2 and 4


def test_filter_by_state_kind_and_district(client, agreement):
    _grow(agreement, 4)
    PartnerFactory(name="Landkreis Teltow-Fläming", kind=Partner.Kind.DISTRICT, ags="12072000")
    AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name="Stadt Luckenwalde", kind=Partner.Kind.TOWN, ags="12072232"),
    )
    signed = client.get("/absichtserklaerung/", {"stand": "signed"})
    assert _table_names(signed) == ["Gemeinde Mengendorf 0001", "Gemeinde Mengendorf 0003"]
    towns = client.get("/absichtserklaerung/", {"art": "stadt"})
    assert _table_names(towns) == ["Stadt Luckenwalde"]
    district = client.get("/absichtserklaerung/", {"kreis": "12072000"})
    assert _table_names(district) == ["Landkreis Teltow-Fläming", "Stadt Luckenwalde"]
    without = client.get("/absichtserklaerung/", {"stand": "keine"})
    assert _table_names(without) == ["Landkreis Teltow-Fläming"]


def test_unknown_filter_values_show_the_whole_register(client, agreement):
    _grow(agreement, 2)
    response = client.get("/absichtserklaerung/", {"stand": "erfunden", "page": "x"})
    assert response.status_code == 200
    assert len(_table_names(response)) == 3


def test_the_register_queries_stay_the_same_when_partners_grow(client, agreement):
    _grow(agreement, 3)
    client.get("/absichtserklaerung/")
    small = count_queries(lambda: client.get("/absichtserklaerung/?art=gemeinde"))
    _grow(agreement, 60, start=100)
    response = client.get("/absichtserklaerung/?art=gemeinde")
    assert count_queries(lambda: client.get("/absichtserklaerung/?art=gemeinde")) == small
    assert len(response.content) < 60_000
