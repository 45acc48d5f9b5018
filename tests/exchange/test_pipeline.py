"""The transfer pipeline shows its results: /zahlen/, the map /karte/, the office cockpit."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from exchange import directions, services
from exchange.models import Need, NeedSupport
from exchange.transfers import transfers
from insights import figures
from partners.models import Partner
from projects.models import TransferInterest
from tests.exchange.factories import NeedFactory, OpenNeedFactory, PublicNeedFactory
from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

Kind = Partner.Kind


@pytest.mark.parametrize(
    ("origin", "adopter", "expected"),
    [
        (Kind.STATE_CAPITAL, Kind.DISTRICT, directions.URBAN_TO_RURAL),
        (Kind.TOWN, Kind.MUNICIPALITY, directions.URBAN_TO_RURAL),
        (Kind.MUNICIPALITY, Kind.STATE_CAPITAL, directions.RURAL_TO_URBAN),
        (Kind.DISTRICT, Kind.TOWN, directions.RURAL_TO_URBAN),
        (Kind.TOWN, Kind.STATE_CAPITAL, None),
        (Kind.STATE_AGENCY, Kind.DISTRICT, None),
    ],
)
def test_the_direction_follows_the_partner_kinds(origin, adopter, expected):
    assert directions.direction(origin, adopter) == expected


@pytest.fixture
def places():
    return {
        "potsdam": PartnerFactory(name="Landeshauptstadt Potsdam", kind=Kind.STATE_CAPITAL),
        "teltow": PartnerFactory(name="Landkreis Teltow-Fläming", kind=Kind.DISTRICT),
        "havelland": PartnerFactory(name="Landkreis Havelland", kind=Kind.DISTRICT),
    }


def test_a_need_solved_by_another_partners_project_is_a_transfer(places, editor_a):
    origin = PublishedProjectFactory(lead_partner=places["potsdam"])
    need = OpenNeedFactory(partner=places["teltow"])
    services.solve_need(need=need, acting_user=editor_a, project=origin)
    own = OpenNeedFactory(partner=places["havelland"])
    services.solve_need(
        need=own,
        acting_user=editor_a,
        project=PublishedProjectFactory(lead_partner=places["havelland"]),
    )
    found = transfers()
    assert [(t.origin_project_id, t.direction) for t in found] == [
        (origin.pk, directions.URBAN_TO_RURAL)
    ]


def test_an_adopted_transfer_interest_is_a_transfer_counted_once(places, editor_a):
    origin = PublishedProjectFactory(lead_partner=places["teltow"])
    TransferInterest.objects.create(
        project=origin,
        partner=places["potsdam"],
        message="Auch bei uns",
        status=TransferInterest.Status.ADOPTED,
    )
    need = OpenNeedFactory(partner=places["potsdam"])
    services.solve_need(need=need, acting_user=editor_a, project=origin)
    found = transfers()
    assert len(found) == 1
    assert found[0].direction == directions.RURAL_TO_URBAN


def test_the_figures_count_needs_and_transfers_per_month(client, places, editor_a, partner_b):
    need = OpenNeedFactory(partner=places["teltow"])
    NeedSupport.objects.create(need=need, partner=places["havelland"])
    Need.objects.filter(pk=need.pk).update(matched_at=timezone.now())
    OpenNeedFactory(partner=places["havelland"])
    NeedFactory(partner=places["havelland"])  # a draft is not counted
    services.solve_need(
        need=need,
        acting_user=editor_a,
        project=PublishedProjectFactory(lead_partner=places["potsdam"]),
    )
    [(_month, opened, matched, solved)] = figures.needs_over_time()
    assert (opened, matched, solved) == (2, 1, 1)
    [(_month, urban_rural, rural_urban, total)] = figures.transfers_over_time()
    assert (urban_rural, rural_urban, total) == (1, 0, 1)
    page = client.get("/zahlen/").content.decode()
    assert "bedarfe-verlauf" in page and "transfer-richtung" in page


def test_the_figures_csv_of_needs(client, places):
    OpenNeedFactory(partner=places["teltow"])
    response = client.get("/zahlen/bedarfe-verlauf.csv")
    assert response.status_code == 200


def test_the_map_shows_open_public_needs_at_their_partner(client):
    district = PartnerFactory(
        name="Landkreis Teltow-Fläming",
        kind=Kind.DISTRICT,
        latitude=Decimal("52.0"),
        longitude=Decimal("13.2"),
    )
    PublicNeedFactory(partner=district, title="Videosprechstunde im Gesundheitsamt")
    OpenNeedFactory(partner=district, title="Nur im Netzwerk")
    page = client.get("/karte/").content.decode()
    assert "Open need: Videosprechstunde im Gesundheitsamt" in page or (
        "Offener Bedarf: Videosprechstunde im Gesundheitsamt" in page
    )
    assert "rh-map__marker--bedarfe" in page
    assert "Nur im Netzwerk" not in page
    only_needs = client.get("/karte/?ebene=bedarfe").content.decode()
    assert "Videosprechstunde im Gesundheitsamt" in only_needs


def test_without_response_lists_old_open_needs_nobody_answered(partner_a, partner_b):
    old = timezone.now() - datetime.timedelta(days=30)
    lonely = OpenNeedFactory(partner=partner_a, opened_at=old)
    answered = OpenNeedFactory(partner=partner_a, opened_at=old)
    NeedSupport.objects.create(need=answered, partner=partner_b)
    OpenNeedFactory(partner=partner_a)  # opened today
    assert list(Need.objects.without_response()) == [lonely]


def test_the_office_sees_needs_without_response_on_its_dashboard(client, office, partner_a):
    OpenNeedFactory(
        partner=partner_a,
        title="Niemand antwortet",
        opened_at=timezone.now() - datetime.timedelta(days=30),
    )
    client.force_login(office)
    page = client.get("/intern/").content.decode()
    assert "Niemand antwortet" in page


def test_partner_staff_do_not_see_the_office_panel(client, editor_a, partner_a):
    OpenNeedFactory(
        partner=partner_a,
        title="Niemand antwortet",
        opened_at=timezone.now() - datetime.timedelta(days=30),
    )
    client.force_login(editor_a)
    page = client.get("/intern/").content.decode()
    assert "panel-needs-gap-heading" not in page
    assert "panel-needs-heading" in page
