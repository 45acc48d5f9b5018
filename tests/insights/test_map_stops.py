"""/karte/: the Innovationsmobil layer (events of the community app) and the whole map."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Event
from projects.models import Participation
from tests.factories import PartnerFactory
from tests.insights.test_map_layers import marker_hrefs
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return {
        "potsdam": PartnerFactory(
            name="Landeshauptstadt Potsdam", kind="landeshauptstadt", ags="12054000"
        ),
        "belzig": PartnerFactory(name="Stadt Bad Belzig", kind="stadt", ags="12069020"),
    }


def make_stop(title="Halt", ags="12069020", **kwargs):
    start = timezone.now() + timedelta(days=3)
    defaults = {
        "kind": Event.Kind.TOUR_STOP,
        "title": title,
        "start": start,
        "end": start + timedelta(hours=4),
        "municipality_ags": ags,
        "is_public": True,
    }
    defaults.update(kwargs)
    return Event.objects.create(**defaults)


def test_public_innovationsmobil_stops_with_a_place_are_triangles_with_links(client, places):
    stop = make_stop(title="Innovationsmobil in Bad Belzig")
    internal = make_stop(title="Interner Halt", is_public=False)
    workshop = make_stop(title="Werkstatt", kind=Event.Kind.WORKSHOP)
    html = client.get("/karte/").content.decode()
    hrefs = marker_hrefs(html)
    assert hrefs.count(stop.get_absolute_url()) == 1
    assert internal.get_absolute_url() not in hrefs
    assert workshop.get_absolute_url() not in hrefs
    assert 'class="rh-map__marker rh-map__marker--innovationsmobil"' in html


def test_the_layer_filter_hides_the_other_layers(client, places):
    project = PublishedProjectFactory(lead_partner=places["potsdam"])
    stop = make_stop()
    hrefs = marker_hrefs(client.get("/karte/?ebene=innovationsmobil").content.decode())
    assert stop.get_absolute_url() in hrefs
    assert project.get_absolute_url() not in hrefs
    assert places["potsdam"].get_absolute_url() not in hrefs


def test_an_unknown_field_of_action_is_ignored_but_the_layers_stay(client, places):
    stop = make_stop()
    response = client.get("/karte/?ebene=innovationsmobil&handlungsfeld=gibt-es-nicht")
    assert response.status_code == 200
    assert marker_hrefs(response.content.decode()) == [stop.get_absolute_url()]


def test_the_full_map_needs_the_same_number_of_queries_for_more_data(client, places):
    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")

    def add_data(count):
        for index in range(count):
            origin = PublishedProjectFactory(lead_partner=places["potsdam"], fields=[field])
            adopter = PublishedProjectFactory(
                lead_partner=places["belzig"], adopted_from=origin, fields=[field]
            )
            Participation.objects.create(
                project=adopter, partner=places["potsdam"], role="pilot_site"
            )
            make_stop(title=f"Halt {index}")

    add_data(1)
    few = count_queries(lambda: client.get("/karte/"))
    add_data(6)
    assert count_queries(lambda: client.get("/karte/")) == few
