"""Demo data for `make run`: adopted projects made through the real transfer flow."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand

from partners.models import Membership, User
from projects.demo import DEMO_ADOPTIONS, load_demo
from projects.models import Project, ProjectTransition, PublicationState, TransferInterest

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    load_demo(BaseCommand(stdout=out))
    return out.getvalue()


@pytest.fixture
def real_data():
    call_command("load_real_data", stdout=io.StringIO())


def counts() -> dict[str, int]:
    return {
        "projects": Project.objects.count(),
        "interests": TransferInterest.objects.count(),
        "transitions": ProjectTransition.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_demo_adoptions_go_both_ways_and_are_published_and_marked(real_data):
    assert "2 demo adoptions completed" in seed()
    adopted = Project.objects.filter(adopted_from__isnull=False).select_related("adopted_from")
    assert adopted.count() == len(DEMO_ADOPTIONS) == 2
    assert {p.transfer_direction for p in adopted} == {
        Project.TransferDirection.URBAN_TO_RURAL,
        Project.TransferDirection.RURAL_TO_URBAN,
    }
    for project in adopted:
        assert project.title.startswith("[Demo]") and project.is_demo
        assert project.publication_state == PublicationState.PUBLISHED
        assert project.adopted_from.is_published and project.adopted_from.is_demo
        interest = TransferInterest.objects.get(adopted_project=project)
        assert interest.status == TransferInterest.Status.ADOPTED
        assert interest.partner == project.lead_partner
        # The real workflow left its trail: created, submitted, published.
        actions = list(project.transitions.order_by("pk").values_list("action", flat=True))
        assert actions[0] == "created" and actions[-1] == "published"


def test_the_demo_people_who_acted_cannot_log_in(real_data):
    seed()
    actors = User.objects.filter(
        email__endswith="@demo.regiohub.local",
        last_name__in=[
            "Projektbüro",
            "Nachnutzung",
        ],
    )
    assert actors.count() == 3
    assert not any(user.has_usable_password() for user in actors)


def test_seeding_again_changes_nothing(real_data):
    seed()
    before = counts()
    assert "0 demo adoptions completed" in seed()
    assert counts() == before


def test_the_map_and_the_project_pages_show_the_demo_transfers(real_data, client):
    seed()
    page = client.get("/karte/?ebene=transfer").content.decode()
    # Lines on the map end in an arrow (the legend's samples have none).
    drawn = re.findall(r'rh-map__transfer--(\w+)" d="[^"]+" marker-end=', page)
    assert {"urban_rural", "rural_urban"} <= set(drawn)
    for facts in DEMO_ADOPTIONS:
        origin = Project.objects.get(slug=facts["origin"])
        copy = Project.objects.get(adopted_from=origin)
        assert origin.title in page
        assert copy.get_absolute_url() in page
        assert origin.get_absolute_url() in client.get(copy.get_absolute_url()).content.decode()
        assert copy.get_absolute_url() in client.get(origin.get_absolute_url()).content.decode()
