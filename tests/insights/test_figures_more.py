"""/zahlen/: accession progress (loi) and Innovationsmobil stops per district (community)."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Event
from insights import figures
from loi.models import Accession
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def compute(slug):
    return figures.compute(figures.spec_for(slug)).rows


def sign(agreement, name, day):
    return AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name=name),
        status=Accession.Status.SIGNED,
        signed_on=day,
    )


def test_accessions_are_counted_per_month_and_cumulated_with_empty_months_between():
    agreement = AgreementFactory()
    sign(agreement, "Gemeinde A", datetime.date(2024, 5, 3))
    sign(agreement, "Gemeinde B", datetime.date(2024, 5, 28))
    sign(agreement, "Gemeinde C", datetime.date(2024, 7, 1))
    AccessionFactory(agreement=agreement, partner=PartnerFactory(name="Gemeinde D"))  # prepared
    old = AgreementFactory(is_current=False, counterpart=agreement.counterpart)
    sign(old, "Gemeinde E", datetime.date(2024, 6, 1))  # another agreement
    rows = compute("beitritte-verlauf")
    assert [(count, total) for _month, count, total in rows] == [(2, 2), (0, 2), (1, 3)]
    assert Accession.objects.filter(agreement=agreement, status="signed").count() == rows[-1][2]


def test_no_signed_accession_gives_an_empty_chart(client):
    AccessionFactory(agreement=AgreementFactory(), partner=PartnerFactory(name="Gemeinde A"))
    assert compute("beitritte-verlauf") == []
    assert client.get("/zahlen/beitritte-verlauf.csv").status_code == 200


def stop(ags, *, is_public=True, kind=Event.Kind.TOUR_STOP):
    start = timezone.now() + timedelta(days=2)
    return Event.objects.create(
        kind=kind,
        title="Halt",
        start=start,
        end=start + timedelta(hours=3),
        municipality_ags=ags,
        is_public=is_public,
    )


def test_stops_are_counted_per_district_of_their_municipality():
    stop("12069020")  # Bad Belzig, Potsdam-Mittelmark
    stop("12069665")  # Wiesenburg/Mark, Potsdam-Mittelmark
    stop("12072232")  # Luckenwalde, Teltow-Fläming
    stop("12054000")  # Potsdam
    stop("12072232", is_public=False)
    stop("12072232", kind=Event.Kind.WORKSHOP)
    assert dict(compute("innovationsmobil-kreise")) == {
        "Potsdam-Mittelmark": 2,
        "Teltow-Fläming": 1,
        "Potsdam": 1,
    }


def test_the_figures_need_the_same_number_of_queries_with_accessions_and_stops(client):
    agreement = AgreementFactory()
    sign(agreement, "Gemeinde A", datetime.date(2024, 5, 3))
    stop("12069020")
    few = count_queries(lambda: client.get("/zahlen/"))
    for index in range(8):
        sign(agreement, f"Gemeinde Mehr {index}", datetime.date(2024, 6 + index % 5, 2))
        stop(["12069020", "12072232", "12054000"][index % 3])
    assert count_queries(lambda: client.get("/zahlen/")) == few
