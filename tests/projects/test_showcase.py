import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Participation, Project
from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

LIST = "/projekte/"


def titles(response) -> list[str]:
    return [project.title for project in response.context["projects"]]


@pytest.fixture
def mobility():
    return FieldOfActionFactory(name="Mobilität", slug="mobilitaet")


@pytest.fixture
def education():
    return FieldOfActionFactory(name="Bildung", slug="bildung")


@pytest.fixture
def landscape(mobility, education):
    """Four published projects that differ in one facet each, plus a draft."""
    town = PartnerFactory(name="Stadt Filterhausen")
    county = PartnerFactory(name="Landkreis Filterland", kind="landkreis")
    bus = PublishedProjectFactory(
        title="Rufbus für Dörfer",
        summary="Ein Bus auf Bestellung.",
        lead_partner=county,
        status=Project.Status.OPERATION,
        transfer_direction=Project.TransferDirection.URBAN_TO_RURAL,
        kind=Project.Kind.EXISTING,
        fields=[mobility],
    )
    school = PublishedProjectFactory(
        title="Schul-Cloud",
        summary="Lernen im Netz.",
        description="Die Verwaltung der Schulen wird einfacher.",
        lead_partner=town,
        status=Project.Status.PLANNING,
        transfer_direction=Project.TransferDirection.RURAL_TO_URBAN,
        kind=Project.Kind.JOINT,
        fields=[education],
    )
    Participation.objects.create(project=school, partner=county, role="pilot_site")
    PublishedProjectFactory(
        title="Parkleitsystem",
        lead_partner=town,
        status=Project.Status.OPERATION,
        transfer_direction=Project.TransferDirection.NONE,
        fields=[mobility],
    )
    ProjectFactory(title="Geheimer Entwurf Rufbus", lead_partner=county, fields=[mobility])
    return {"town": town, "county": county, "bus": bus, "school": school}


def test_showcase_lists_only_published_projects(client, landscape):
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Parkleitsystem", "Rufbus für Dörfer", "Schul-Cloud"]
    assert "Geheimer Entwurf" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("handlungsfeld=mobilitaet", ["Parkleitsystem", "Rufbus für Dörfer"]),
        ("partner=landkreis-filterland", ["Rufbus für Dörfer", "Schul-Cloud"]),
        ("status=planning", ["Schul-Cloud"]),
        ("richtung=urban_rural", ["Rufbus für Dörfer"]),
        ("art=joint", ["Schul-Cloud"]),
        ("q=Rufbus", ["Rufbus für Dörfer"]),
    ],
)
def test_each_filter_alone(client, landscape, query, expected):
    assert sorted(titles(client.get(f"{LIST}?{query}"))) == expected


def test_filters_combine(client, landscape):
    query = "handlungsfeld=mobilitaet&status=operation&partner=stadt-filterhausen"
    response = client.get(f"{LIST}?{query}")
    assert titles(response) == ["Parkleitsystem"]


def test_sort_by_title(client, landscape):
    response = client.get(f"{LIST}?sort=titel")
    assert titles(response) == ["Parkleitsystem", "Rufbus für Dörfer", "Schul-Cloud"]


def test_german_full_text_finds_inflected_forms(client, landscape):
    # "Verwaltungen" (plural) finds "Verwaltung" in the description via the German stemmer.
    assert titles(client.get(f"{LIST}?q=Verwaltungen")) == ["Schul-Cloud"]


def test_title_match_ranks_above_description_match(client, landscape):
    PublishedProjectFactory(title="Verwaltung digital", summary="Alles online.")
    assert titles(client.get(f"{LIST}?q=Verwaltung"))[0] == "Verwaltung digital"


@pytest.mark.parametrize(
    "query",
    [
        "handlungsfeld=gibt-es-nicht",
        "partner=%00",
        "status=fliegend",
        "richtung=nach-oben",
        "art=x",
        "sort=zufall",
        "page=abc",
        "q=%00",
    ],
)
def test_unknown_or_malformed_values_are_ignored_with_a_notice(client, landscape, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    if not query.startswith("page"):
        assert response.context["ignored"]


def test_htmx_request_gets_the_results_partial_with_the_count(client, landscape):
    response = client.get(f"{LIST}?status=planning", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Schul-Cloud" in body
    assert 'id="project-count"' in body and 'data-hx-swap-oob="true"' in body


def test_a_card_links_the_project_and_shows_its_partner_fields_and_direction(
    client, landscape, mobility
):
    bus = landscape["bus"]
    Project.objects.filter(pk=bus.pk).update(is_flagship=True)
    # Listed in the fields' order (position), not alphabetically.
    water = FieldOfActionFactory(name="Abwasser", slug="abwasser", position=99)
    bus.fields_of_action.add(water)
    body = client.get(f"{LIST}?q=Rufbus").content.decode()
    assert f'href="{bus.get_absolute_url()}"' in body
    assert "Landkreis Filterland" in body
    assert "Mobilität, Abwasser" in body
    assert "rh-transfer--urban_rural" in body
    assert "Leuchtturmprojekt" in body


def test_filter_form_works_without_javascript(client, landscape):
    body = client.get(LIST).content.decode()
    assert 'method="get"' in body and 'data-hx-push-url="true"' in body


def test_empty_state(client, landscape):
    body = client.get(f"{LIST}?q=Quantencomputer").content.decode()
    assert "Show all projects" in body or "Alle Projekte anzeigen" in body


def test_twenty_per_page_with_pagination(client):
    PublishedProjectFactory.create_batch(25)
    first = client.get(LIST)
    assert len(first.context["projects"]) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get(f"{LIST}?page=2").context["projects"]) == 5


def _populate(count: int, field) -> None:
    partners = PartnerFactory.create_batch(3)
    for number in range(count):
        project = PublishedProjectFactory(lead_partner=partners[number % 3], fields=[field])
        Participation.objects.create(project=project, partner=partners[(number + 1) % 3])


@pytest.mark.parametrize(
    "query", ["", "?handlungsfeld=mobilitaet&status=planning&art=existing", "?q=Projekt"]
)
def test_list_query_count_does_not_grow_with_rows(client, mobility, query):
    _populate(3, mobility)
    small = count_queries(lambda: client.get(LIST + query))
    _populate(15, mobility)
    large = count_queries(lambda: client.get(LIST + query))
    assert small == large


def test_draft_detail_is_404_even_with_the_right_slug(client):
    draft = ProjectFactory(slug="entwurf")
    assert client.get(reverse("projects:detail", args=[draft.slug])).status_code == 404


@pytest.mark.parametrize("state", ["draft", "in_review", "changes_requested", "archived"])
def test_only_published_projects_have_a_public_page(client, state):
    project = ProjectFactory(publication_state=state)
    assert client.get(f"/projekte/{project.slug}/").status_code == 404


def test_detail_shows_public_facts_and_meta(client, landscape, mobility):
    bus = landscape["bus"]
    bus.contact_name, bus.contact_email = "Eva Muster", "eva@example.org"
    bus.contact_is_public = True
    bus.save()
    body = client.get(bus.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Rufbus für Dörfer">' in body
    assert 'name="description" content="Ein Bus auf Bestellung."' in body
    assert landscape["county"].get_absolute_url() in body
    assert "Parkleitsystem" in body  # related project in the same field
    assert "eva@example.org" in body


def test_detail_shows_a_newly_published_related_project_and_hides_a_withdrawn_one(
    client, landscape, mobility
):
    bus = landscape["bus"]
    assert "Carsharing im Dorf" not in client.get(bus.get_absolute_url()).content.decode()
    newcomer = PublishedProjectFactory(title="Carsharing im Dorf", fields=[mobility])
    assert "Carsharing im Dorf" in client.get(bus.get_absolute_url()).content.decode()
    newcomer.publication_state = "archived"
    newcomer.save()
    assert "Carsharing im Dorf" not in client.get(bus.get_absolute_url()).content.decode()


def test_detail_surroundings_follow_the_language(client, landscape):
    bus = landscape["bus"]
    assert "Verwandte Projekte" in client.get(bus.get_absolute_url()).content.decode()
    english = client.get(bus.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Related projects" in english


def test_detail_hides_contact_unless_marked_public(client, landscape):
    bus = landscape["bus"]
    bus.contact_email, bus.contact_is_public = "geheim@example.org", False
    bus.save()
    assert "geheim@example.org" not in client.get(bus.get_absolute_url()).content.decode()


def test_detail_query_count_does_not_grow(client, mobility):
    _populate(2, mobility)
    project = Project.objects.published().first()
    small = count_queries(lambda: client.get(project.get_absolute_url()))
    for partner in PartnerFactory.create_batch(5):
        Participation.objects.create(project=project, partner=partner)
    _populate(6, mobility)
    large = count_queries(lambda: client.get(project.get_absolute_url()))
    assert small == large


@pytest.fixture
def twenty_five_matches():
    for number in range(25):
        PublishedProjectFactory(title=f"Telemedizin {number}", summary="Sprechstunde per Video.")
    PublishedProjectFactory(title="Radweg", summary="Ein Weg.")


def test_a_ranked_search_pages_and_counts_its_matches(client, twenty_five_matches):
    first = client.get(f"{LIST}?q=Telemedizin")
    assert len(first.context["projects"]) == 20
    assert first.context["page"].paginator.count == 25
    second = client.get(f"{LIST}?q=Telemedizin&page=2")
    assert len(second.context["projects"]) == 5
    assert second.context["page"].number == 2


@pytest.mark.parametrize(("page", "expected"), [("99", 2), ("0", 2), ("abc", 1), ("", 1)])
def test_a_ranked_search_handles_page_numbers_like_any_list(
    client, twenty_five_matches, page, expected
):
    response = client.get(f"{LIST}?q=Telemedizin&page={page}")
    assert response.context["page"].number == expected
    assert response.context["page"].paginator.count == 25


def test_a_ranked_search_ranks_only_its_candidates_and_counts_them_in_python(
    client, settings, twenty_five_matches
):
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{LIST}?q=Telemedizin&page=2")
    project_queries = [q["sql"] for q in queries.captured_queries if "projects_project" in q["sql"]]
    assert not any(sql.startswith("SELECT COUNT(*)") for sql in project_queries)
    # The page's query reads the candidates by id: the search is not evaluated again.
    page_query = next(sql for sql in project_queries if "ts_rank" in sql)
    assert "@@" not in page_query


def test_a_search_without_matches_shows_the_empty_state(client, twenty_five_matches):
    response = client.get(f"{LIST}?q=Quantencomputer&page=3")
    assert response.context["page"].paginator.count == 0
    assert "Alle Projekte anzeigen" in response.content.decode()
