"""The admin's partner filters are a text field, not a link per partner (issue 21)."""

import pytest

from tests.community.factories import EventFactory
from tests.factories import MembershipFactory, PartnerFactory, UserFactory
from tests.loi.factories import AccessionFactory, AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teltow(db):
    return {
        "district": PartnerFactory(name="Landkreis Teltow-Fläming", short_name=""),
        "town": PartnerFactory(name="Stadt Teltow", short_name=""),
        "potsdam": PartnerFactory(name="Landeshauptstadt Potsdam", short_name=""),
    }


def _listed(response) -> list[str]:
    return sorted(str(obj) for obj in response.context["cl"].result_list)


def test_memberships_are_filtered_by_a_typed_partner(client_of, office, teltow):
    for key in ("town", "potsdam"):
        MembershipFactory(partner=teltow[key], user=UserFactory(email=f"{key}@example.org"))
    client = client_of(office)
    page = client.get("/admin/partners/membership/").content.decode()
    assert 'name="partner__partner"' in page
    assert "partner__id__exact=" not in page
    response = client.get("/admin/partners/membership/", {"partner__partner": "potsdam"})
    assert [m.partner for m in response.context["cl"].result_list] == [teltow["potsdam"]]


def test_several_matches_are_offered_as_links_and_narrow_to_all_of_them(client_of, office, teltow):
    agreement = AgreementFactory()
    for key in ("district", "town", "potsdam"):
        AccessionFactory(agreement=agreement, partner=teltow[key])
    response = client_of(office).get("/admin/loi/accession/", {"partner__partner": "Teltow"})
    html = response.content.decode()
    assert len(response.context["cl"].result_list) == 2
    assert f"partner__partner={teltow['town'].slug}" in html
    assert f"partner__partner={teltow['district'].slug}" in html


def test_an_unknown_partner_lists_nothing_and_says_so(client_of, office, teltow):
    EventFactory(host_partner=teltow["potsdam"])
    response = client_of(office).get(
        "/admin/community/event/", {"host_partner__partner": "Atlantis"}
    )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 0
    assert 'value="Atlantis"' in response.content.decode()


def test_the_old_id_parameter_still_filters(client_of, office, teltow):
    EventFactory(host_partner=teltow["potsdam"], title="Potsdamer Termin")
    EventFactory(host_partner=teltow["town"], title="Teltower Termin")
    response = client_of(office).get(
        "/admin/community/event/", {"host_partner__id__exact": teltow["town"].pk}
    )
    assert [event.title for event in response.context["cl"].result_list] == ["Teltower Termin"]
