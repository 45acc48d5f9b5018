"""Public event pages and the Innovationsmobil tour."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.models import Event, StopRequest
from tests.utils import count_queries

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_come_first_and_past_ones_in_the_archive(client):
    now = timezone.now()
    EventFactory(
        title="Later", start=now + timedelta(days=20), end=now + timedelta(days=20, hours=1)
    )
    EventFactory(
        title="Sooner", start=now + timedelta(days=2), end=now + timedelta(days=2, hours=1)
    )
    EventFactory(title="Over", start=now - timedelta(days=5), end=now - timedelta(days=5, hours=-1))
    response = client.get("/termine/")
    assert [event.title for event in response.context["upcoming"]] == ["Sooner", "Later"]
    assert [event.title for event in response.context["archive"]] == ["Over"]


def test_filter_by_kind_and_host_partner(client, partner_a, partner_b):
    EventFactory(title="Stop A", kind=Event.Kind.TOUR_STOP, host_partner=partner_a)
    EventFactory(title="Workshop A", kind=Event.Kind.WORKSHOP, host_partner=partner_a)
    EventFactory(title="Stop B", kind=Event.Kind.TOUR_STOP, host_partner=partner_b)
    response = client.get("/termine/", {"art": "innovationsmobil", "partner": partner_a.slug})
    assert [event.title for event in response.context["upcoming"]] == ["Stop A"]


def test_unknown_filter_values_show_everything_instead_of_an_error(client):
    EventFactory()
    response = client.get("/termine/", {"art": "nonsense", "partner": "nobody"})
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 1


def test_internal_event_is_404_for_the_public_and_other_partners(
    client, client_of, partner_a, admin_b
):
    event = EventFactory(is_public=False, host_partner=partner_a, title="Geheim")
    assert client.get(f"/termine/{event.pk}/").status_code == 404
    assert "Geheim" not in client.get("/termine/").content.decode()
    assert client_of(admin_b).get(f"/termine/{event.pk}/").status_code == 404


def test_internal_event_is_shown_to_staff_of_the_host_partner(client_of, member_a, partner_a):
    event = EventFactory(is_public=False, host_partner=partner_a)
    assert client_of(member_a).get(f"/termine/{event.pk}/").status_code == 200


def test_event_list_query_count_is_constant(client):
    EventFactory.create_batch(2)
    EventFactory(start=timezone.now() - timedelta(days=3), end=timezone.now() - timedelta(days=2))
    few = count_queries(lambda: client.get("/termine/"))
    EventFactory.create_batch(10)
    for days in range(3, 10):
        EventFactory(
            start=timezone.now() - timedelta(days=days), end=timezone.now() - timedelta(days=2)
        )
    assert count_queries(lambda: client.get("/termine/")) == few


def test_tour_page_shows_stops_in_order_with_host_and_place(client, partner_a):
    now = timezone.now()
    EventFactory(
        kind=Event.Kind.TOUR_STOP,
        title="Stop 2",
        start=now + timedelta(days=9),
        end=now + timedelta(days=9, hours=4),
        host_partner=partner_a,
        place_name="Marktplatz",
    )
    EventFactory(
        kind=Event.Kind.TOUR_STOP,
        title="Stop 1",
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=4),
    )
    EventFactory(kind=Event.Kind.WORKSHOP, title="Kein Stopp")
    response = client.get("/innovationsmobil/")
    assert [event.title for event in response.context["upcoming"]] == ["Stop 1", "Stop 2"]
    page = response.content.decode()
    assert "Marktplatz" in page and partner_a.name in page


def test_tour_query_count_is_constant(client):
    EventFactory.create_batch(2, kind=Event.Kind.TOUR_STOP)
    few = count_queries(lambda: client.get("/innovationsmobil/"))
    EventFactory.create_batch(8, kind=Event.Kind.TOUR_STOP)
    assert count_queries(lambda: client.get("/innovationsmobil/")) == few


def test_event_position_comes_from_the_municipality_key():
    event = EventFactory(municipality_ags="12054000")
    assert event.latitude is not None and event.longitude is not None


def test_end_before_start_is_refused():
    from django.core.exceptions import ValidationError

    event = EventFactory.build(start=timezone.now(), end=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        event.full_clean()


def test_partner_admin_requests_a_stop_and_member_may_not(client_of, admin_a, member_a, partner_a):
    data = {
        "partner": partner_a.pk,
        "preferred_from": "2027-05-01",
        "preferred_until": "2027-05-31",
        "place_name": "Marktplatz",
        "municipality_ags": "12054000",
        "message": "",
    }
    assert client_of(member_a).post("/intern/innovationsmobil/anfrage/", data).status_code == 403
    response = client_of(admin_a).post("/intern/innovationsmobil/anfrage/", data)
    assert response.status_code == 302
    assert StopRequest.objects.get().requested_by == admin_a


def test_admin_of_other_partner_cannot_request_for_partner_a(client_of, admin_b, partner_a):
    data = {
        "partner": partner_a.pk,
        "preferred_from": "2027-05-01",
        "preferred_until": "2027-05-31",
        "place_name": "Marktplatz",
    }
    response = client_of(admin_b).post("/intern/innovationsmobil/anfrage/", data)
    assert response.status_code == 200  # the choice is invalid: the form shows the error
    assert not StopRequest.objects.exists()


def test_office_decision_on_a_stop_request_notifies_the_requester(admin_a, partner_a, office):
    from community import services
    from notifications.models import OutgoingMail

    stop = StopRequest.objects.create(
        partner=partner_a,
        requested_by=admin_a,
        preferred_from="2027-05-01",
        preferred_until="2027-05-31",
        place_name="Marktplatz",
    )
    services.decide_stop_request(request=stop, accept=True, acting_user=office)
    assert StopRequest.objects.get().status == StopRequest.Status.ACCEPTED
    assert OutgoingMail.objects.get(user=admin_a).subject.endswith("Marktplatz wurde angenommen")
    with pytest.raises(ValidationError):
        services.decide_stop_request(request=stop, accept=False, acting_user=office)
