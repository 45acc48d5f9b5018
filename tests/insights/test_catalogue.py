"""The DCAT-AP.de catalogue: served in both serialisations, valid against the
official DCAT-AP.de 3.0 SHACL shapes (kept in tests/insights/shapes/, see its
README), complete, and built with a constant number of queries."""

import datetime
import json
from functools import cache
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from exchange.models import Need
from insights.catalogue import DCATDE, LICENCE
from partners.models import Partner
from projects.models import Project
from tests.community.factories import EventFactory
from tests.exchange.factories import OpenNeedFactory, PublicNeedFactory
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes"
SHAPE_FILES = (
    "dcat-ap-SHACL.ttl",
    "dcat-ap-SHACL-DE.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-controlledvocabularies.ttl",
    "dcat-ap-de-deprecated.ttl",
)
VOCABULARIES = ("dcat-ap-de-licenses.rdf", "vocabularies-extract.ttl")
SH = "http://www.w3.org/ns/shacl#"


@cache
def shapes() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(SHAPES / name, format="turtle")
    return graph


@cache
def vocabularies() -> Graph:
    graph = Graph()
    for name in VOCABULARIES:
        graph.parse(SHAPES / name, format="xml" if name.endswith(".rdf") else "turtle")
    return graph


def validate(data: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every result, the vocabularies loaded as imports."""
    from pyshacl import validate as shacl_validate

    # What the official validator imports over the network (owl:imports) is added here.
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in vocabularies():
        combined.add(triple)
    _conforms, report, _text = shacl_validate(
        combined, shacl_graph=shapes(), inference="none", meta_shacl=False
    )
    results = []
    for result in report.subjects(RDF.type, URIRef(f"{SH}ValidationResult")):
        severity = str(report.value(result, URIRef(f"{SH}resultSeverity"))).removeprefix(SH)
        focus = str(report.value(result, URIRef(f"{SH}focusNode")))
        message = str(report.value(result, URIRef(f"{SH}resultMessage")))
        results.append((severity, focus, message))
    return results


@pytest.fixture
def content():
    sponsor = PartnerFactory(
        name="Landeshauptstadt Potsdam",
        kind=Partner.Kind.STATE_CAPITAL,
        hub_role=Partner.HubRole.PROJECT_SPONSOR,
        ags="12054000",
    )
    district = PartnerFactory(
        name="Landkreis Teltow-Fläming", kind=Partner.Kind.DISTRICT, ags="12072000"
    )
    PartnerFactory(name="Gemeinde Wiesenburg/Mark", kind=Partner.Kind.MUNICIPALITY, ags="12069665")
    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    PublishedProjectFactory(lead_partner=sponsor, fields=[field])
    EventFactory(is_public=True, host_partner=district)
    AccessionFactory(partner=district)
    return sponsor


def catalogue(client, path="/opendata/katalog.ttl") -> Graph:
    response = client.get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


def test_it_serves_turtle_that_passes_the_dcat_ap_de_shapes(client, content):
    response = client.get("/opendata/katalog.ttl")
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    results = validate(Graph().parse(data=response.content, format="turtle"))
    assert [r for r in results if r[0] == "Violation"] == []
    # The one warning: DCAT-AP.de 3.0 deprecates politicalGeocodingURI, which
    # the catalogue keeps for harvesters of 2.x beside dct:spatial.
    assert {r[2] for r in results} == {
        "Deprecated: dcatde:politicalGeocodingURI soll nicht mehr verwendet werden."
    }


def test_the_shapes_catch_a_dataset_without_title(client, content):
    graph = catalogue(client)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((dataset, DCTERMS.title, None))
    violations = [r for r in validate(graph) if r[0] == "Violation"]
    assert [focus for _severity, focus, _message in violations] == [str(dataset)]


def test_json_ld_holds_the_same_graph(client, content):
    response = client.get("/opendata/katalog.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    json.loads(response.content)
    as_json_ld = Graph().parse(data=response.content, format="json-ld")
    assert as_json_ld.isomorphic(catalogue(client))


def test_every_dataset_has_its_distributions_with_format_licence_and_urls(client, content):
    graph = catalogue(client)
    datasets = {str(d).rsplit("#", 1)[1]: d for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert set(datasets) == {"projekte", "bedarfe", "termine", "beitritte", "partner"}
    formats = {
        key: {
            str(graph.value(distribution, DCTERMS.format)).rsplit("/", 1)[1]
            for distribution in graph.objects(dataset, DCAT.distribution)
        }
        for key, dataset in datasets.items()
    }
    assert formats == {
        "projekte": {"CSV", "JSON", "ATOM"},
        "bedarfe": {"JSON"},
        "termine": {"ICS", "JSON"},
        "beitritte": {"CSV", "JSON"},
        "partner": {"JSON"},
    }
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        assert graph.value(distribution, DCTERMS.license) == LICENCE
        assert graph.value(distribution, DCAT.mediaType) is not None
        assert graph.value(distribution, DCTERMS.modified) is not None
        assert graph.value(distribution, DCAT.accessURL) is not None
    downloads = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert downloads == {
        "http://testserver/projekte/export.csv",
        "http://testserver/projekte/export.json",
        "http://testserver/absichtserklaerung/export.csv",
    }
    access = {str(url) for url in graph.objects(None, DCAT.accessURL)}
    assert {"http://testserver/termine.ics", "http://testserver/projekte/feed/"} <= access
    assert "http://testserver/api/v1/" in access


def test_the_downloads_it_names_exist(client, content):
    graph = catalogue(client)
    for url in set(graph.objects(None, DCAT.downloadURL)) | {
        URIRef("http://testserver/termine.ics"),
        URIRef("http://testserver/projekte/feed/"),
    }:
        assert client.get(str(url).removeprefix("http://testserver")).status_code == 200


def test_it_names_the_region_by_the_partners_official_keys(client, content):
    graph = catalogue(client)
    dataset = URIRef("http://testserver/opendata/katalog#projekte")
    keys = {
        str(iri).removeprefix("http://dcat-ap.de/def/politicalGeocoding/")
        for iri in graph.objects(dataset, DCATDE.politicalGeocodingURI)
    }
    assert keys == {
        "stateKey/12",
        "districtKey/12054",
        "districtKey/12069",
        "districtKey/12072",
        "municipalityKey/12054000",
        "municipalityKey/12069665",
    }
    assert set(graph.objects(dataset, DCTERMS.spatial)) == set(
        graph.objects(dataset, DCATDE.politicalGeocodingURI)
    )


def test_publisher_contact_and_keywords(client, content, settings):
    graph = catalogue(client)
    catalogue_node = next(graph.subjects(RDF.type, DCAT.Catalog))
    publisher = graph.value(catalogue_node, DCTERMS.publisher)
    assert str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == (
        "Landeshauptstadt Potsdam"
    )
    dataset = URIRef("http://testserver/opendata/katalog#projekte")
    contact = graph.value(dataset, DCAT.contactPoint)
    email = graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))
    assert str(email) == f"mailto:{settings.PROJECT_OFFICE_EMAIL}"
    keywords = {str(k) for k in graph.objects(dataset, DCAT.keyword)}
    assert {"Smart City", "Mobilität"} <= keywords


def test_modified_is_the_last_change_of_what_the_dataset_shows(client, content):
    project = PublishedProjectFactory(lead_partner=content)
    graph = catalogue(client)
    dataset = URIRef("http://testserver/opendata/katalog#projekte")
    modified = graph.value(dataset, DCTERMS.modified).toPython()
    assert modified == project.updated_at.replace(microsecond=0)


def test_titles_come_in_german_and_english(client, content):
    graph = catalogue(client)
    dataset = URIRef("http://testserver/opendata/katalog#projekte")
    titles = {title.language: str(title) for title in graph.objects(dataset, DCTERMS.title)}
    assert titles["en"] == "Regio.hub project register"
    assert set(titles) == {"de", "en"}


def test_queries_do_not_grow_with_the_data(client, content):
    with CaptureQueriesContext(connection) as few:
        client.get("/opendata/katalog.ttl")
    for number in range(5):
        partner = PartnerFactory(name=f"Gemeinde Mehr {number}", ags="12069665")
        PublishedProjectFactory(lead_partner=partner)
        EventFactory(is_public=True, host_partner=partner)
        FieldOfActionFactory()
    with CaptureQueriesContext(connection) as many:
        client.get("/opendata/katalog.ttl")
    assert len(many) == len(few)


def test_a_change_reaches_the_cached_catalogue_at_once(client, content):
    dataset = URIRef("http://testserver/opendata/katalog#projekte")
    # The existing rows changed an hour ago, so the new one is later even within a second.
    Project.objects.update(updated_at=F("updated_at") - datetime.timedelta(hours=1))
    before = catalogue(client).value(dataset, DCTERMS.modified).toPython()
    project = PublishedProjectFactory(lead_partner=content, title="Neu")
    after = catalogue(client).value(dataset, DCTERMS.modified).toPython()
    assert after == project.updated_at.replace(microsecond=0) > before


def test_an_unchanged_catalogue_comes_from_the_cache(client, content):
    client.get("/opendata/katalog.ttl")
    with CaptureQueriesContext(connection) as queries:
        client.get("/opendata/katalog.ttl")
    assert not any("projects_project" in query["sql"] for query in queries.captured_queries)


def test_the_csv_distributions_name_their_dialect(client, content):
    graph = catalogue(client)
    described = {}
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.accessURL))
        texts = {t.language: str(t) for t in graph.objects(distribution, DCTERMS.description)}
        if texts:
            described[url] = texts
    assert "true/false" in described["http://testserver/projekte/export.csv"]["de"]
    assert "ISO 8601" in described["http://testserver/projekte/export.csv"]["en"]
    assert "ja/nein" in described["http://testserver/absichtserklaerung/export.csv"]["de"]


def test_the_needs_dataset_changes_with_public_needs_only(client, content):
    public = PublicNeedFactory(partner=content)
    OpenNeedFactory(partner=content)  # network only: no date of it in the open data
    later = OpenNeedFactory(partner=content)
    Need.objects.filter(pk=later.pk).update(
        updated_at=public.updated_at + datetime.timedelta(days=1)
    )
    graph = catalogue(client)
    dataset = URIRef("http://testserver/opendata/katalog#bedarfe")
    modified = graph.value(dataset, DCTERMS.modified).toPython()
    assert modified == public.updated_at.replace(microsecond=0)
    landing = str(graph.value(dataset, DCAT.landingPage))
    assert landing == "http://testserver/gesucht/"
