"""A need's pages show what the matching suggests: solutions of other partners, the
same need elsewhere, and experts, each with its reasons (issue 17, scope 2)."""

import pytest

from tests.exchange.factories import OpenNeedFactory, PublicNeedFactory
from tests.projects.factories import PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

TELEMEDICINE = (
    "Ärztinnen und Ärzte beraten Patientinnen und Patienten per Telemedizin aus der Ferne."
)


@pytest.fixture
def telemedicine_project(partner_b):
    return PublishedProjectFactory(
        title="Telemedizin im Landarztnetz",
        summary="Sprechstunden ohne Anfahrt.",
        description=TELEMEDICINE,
        lead_partner=partner_b,
    )


def need_of(partner, factory=PublicNeedFactory, **kwargs):
    return factory(
        partner=partner,
        title="Videosprechstunde im Gesundheitsamt",
        description="Wir möchten Beratungen per Video anbieten, damit niemand weit fahren muss.",
        **kwargs,
    )


def test_the_public_need_page_suggests_another_partners_solution_with_reasons(
    client, partner_a, telemedicine_project
):
    need = need_of(partner_a)
    html = client.get(need.get_absolute_url()).content.decode()
    section = html.split('id="suggested-projects-heading"', 1)[1].split("</section>", 1)[0]
    assert telemedicine_project.get_absolute_url() in section
    assert "Telemedizin" in section  # the matched term is named among the reasons
    assert 'id="suggested-needs-heading"' in html and 'id="suggested-experts-heading"' in html


def test_the_own_partners_projects_are_not_suggested(client, partner_a):
    own = PublishedProjectFactory(
        title="Telemedizin daheim", description=TELEMEDICINE, lead_partner=partner_a
    )
    need = need_of(partner_a)
    html = client.get(need.get_absolute_url()).content.decode()
    assert own.get_absolute_url() not in html


def test_the_internal_page_suggests_a_network_only_need_of_another_partner(
    client_of, partner_a, partner_b, editor_a, telemedicine_project
):
    need = need_of(partner_a, factory=OpenNeedFactory)
    same = OpenNeedFactory(
        partner=partner_b,
        title="Sprechstunde per Video für Pflegeberatung",
        description="Beratung per Video statt Hausbesuch.",
    )
    html = client_of(editor_a).get(need.get_internal_url()).content.decode()
    section = html.split('id="suggested-needs-heading"', 1)[1].split("</section>", 1)[0]
    assert same.get_internal_url() in section
    assert telemedicine_project.get_absolute_url() in html


def test_a_visitor_is_never_suggested_a_network_only_need(client, partner_a, partner_b):
    need = need_of(partner_a)
    hidden = OpenNeedFactory(
        partner=partner_b,
        title="Sprechstunde per Video",
        description="Beratung per Video.",
    )
    html = client.get(need.get_absolute_url()).content.decode()
    assert hidden.title not in html


def test_the_need_page_costs_the_same_queries_with_more_projects(client, partner_a, partner_b):
    need = need_of(partner_a)
    for number in range(2):
        PublishedProjectFactory(description=f"{TELEMEDICINE} {number}", lead_partner=partner_b)
    url = need.get_absolute_url()
    client.get(url)  # the index is read once per process (and after each change)
    few = count_queries(lambda: client.get(url, HTTP_CACHE_CONTROL="no-cache"))
    for number in range(10):
        PublishedProjectFactory(description=f"{TELEMEDICINE} {number}", lead_partner=partner_b)
    client.get(url)
    more = count_queries(lambda: client.get(url, HTTP_CACHE_CONTROL="no-cache"))
    assert more == few
