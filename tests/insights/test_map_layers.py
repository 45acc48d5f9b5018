"""/karte/ layers: projects at their place, Innovationsmobil stops, transfer lines, filters."""

import re

import pytest

from projects.models import Participation, Project
from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

MARKER_LINK = re.compile(r'<a class="rh-map__link" href="([^"]+)" aria-label="([^"]+)"><title>')


def marker_hrefs(html: str) -> list[str]:
    return [href for href, _label in MARKER_LINK.findall(html)]


@pytest.fixture
def places():
    return {
        "potsdam": PartnerFactory(
            name="Landeshauptstadt Potsdam", kind="landeshauptstadt", ags="12054000"
        ),
        "belzig": PartnerFactory(name="Stadt Bad Belzig", kind="stadt", ags="12069020"),
        "agency": PartnerFactory(name="DigitalAgentur Brandenburg", kind="landesgesellschaft"),
    }


def test_every_published_project_has_one_marker_and_drafts_none(client, places):
    published = [PublishedProjectFactory(lead_partner=places["potsdam"]) for _ in range(3)]
    draft = ProjectFactory(lead_partner=places["potsdam"])
    hrefs = marker_hrefs(client.get("/karte/").content.decode())
    for project in published:
        assert hrefs.count(project.get_absolute_url()) == 1
    assert draft.get_absolute_url() not in hrefs


def test_a_project_is_shown_at_its_pilot_site(client, places):
    project = PublishedProjectFactory(lead_partner=places["potsdam"], title="Digitale Sprechstunde")
    Participation.objects.create(project=project, partner=places["belzig"], role="pilot_site")
    html = client.get("/karte/").content.decode()
    labels = dict(MARKER_LINK.findall(html))
    assert labels[project.get_absolute_url()].endswith("Stadt Bad Belzig)")


def test_a_project_of_a_partner_without_position_is_listed_but_not_placed(client, places):
    project = PublishedProjectFactory(lead_partner=places["agency"])
    html = client.get("/karte/").content.decode()
    assert project.get_absolute_url() not in marker_hrefs(html)
    assert html.count(f'href="{project.get_absolute_url()}"') == 1  # in the project table


def test_an_adopted_project_draws_a_dashed_line_labelled_with_its_direction(client, places):
    origin = PublishedProjectFactory(lead_partner=places["potsdam"], title="Mängelmelder")
    adopter = PublishedProjectFactory(
        lead_partner=places["belzig"],
        title="Mängelmelder Bad Belzig",
        adopted_from=origin,
        transfer_direction=Project.TransferDirection.URBAN_TO_RURAL,
    )
    html = client.get("/karte/").content.decode()
    assert 'class="rh-map__transfer rh-map__transfer--urban_rural"' in html
    assert f'<a href="{adopter.get_absolute_url()}" aria-label="Transfer' in html
    label = html.split(f'<a href="{adopter.get_absolute_url()}" aria-label="', 1)[1].split('"')[0]
    assert "Landeshauptstadt Potsdam" in label and "Stadt Bad Belzig" in label
    assert label.index("Potsdam") < label.index("Belzig")


def test_the_field_of_action_filter_keeps_only_its_projects(client, places):
    mobility = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    education = FieldOfActionFactory(name="Bildung", slug="bildung")
    bus = PublishedProjectFactory(lead_partner=places["potsdam"], fields=[mobility])
    school = PublishedProjectFactory(lead_partner=places["potsdam"], fields=[education])
    hrefs = marker_hrefs(client.get("/karte/?handlungsfeld=mobilitaet").content.decode())
    assert bus.get_absolute_url() in hrefs
    assert school.get_absolute_url() not in hrefs
