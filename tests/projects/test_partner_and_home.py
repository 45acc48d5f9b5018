import pytest

from projects.models import Participation
from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


def test_partner_profile_lists_led_and_joined_published_projects(client, partner_a, partner_b):
    PublishedProjectFactory(lead_partner=partner_a, title="Eigenes Projekt")
    joined = PublishedProjectFactory(lead_partner=partner_b, title="Fremdes Projekt")
    Participation.objects.create(project=joined, partner=partner_a)
    ProjectFactory(lead_partner=partner_a, title="Entwurf")
    body = client.get(partner_a.get_absolute_url()).content.decode()
    assert "Eigenes Projekt" in body and "Fremdes Projekt" in body
    assert "Entwurf" not in body


def test_partner_page_query_count_does_not_grow(client, partner_a):
    PublishedProjectFactory(lead_partner=partner_a)
    small = count_queries(lambda: client.get(partner_a.get_absolute_url()))
    for other in PartnerFactory.create_batch(4):
        project = PublishedProjectFactory(lead_partner=other)
        Participation.objects.create(project=project, partner=partner_a)
    PublishedProjectFactory.create_batch(4, lead_partner=partner_a)
    large = count_queries(lambda: client.get(partner_a.get_absolute_url()))
    assert small == large


def test_home_shows_latest_published_projects(client, partner_a):
    PublishedProjectFactory(lead_partner=partner_a, title="Neuestes Projekt")
    ProjectFactory(lead_partner=partner_a, title="Nicht öffentlich")
    body = client.get("/").content.decode()
    assert "Neuestes Projekt" in body and "Nicht öffentlich" not in body
