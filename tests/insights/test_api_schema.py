"""/api/v1/openapi.json is valid OpenAPI 3.1, and every documented example has the
shape of the live answer: both validate against the documented schema and carry
the same keys."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from community import services
from community.models import Document
from exchange.models import NeedSupport
from tests.community.factories import AnnouncementFactory, EventFactory
from tests.community.test_documents import pdf_bytes
from tests.exchange.factories import PublicNeedFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(partner_a, partner_b, office, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    services.upload_document(
        acting_user=office,
        document=Document(title="Vorlage", is_public=True),
        file=SimpleUploadedFile("vorlage.pdf", pdf_bytes()),
    )
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    project = PublishedProjectFactory(lead_partner=partner_a, fields=[field], slug="rufbus")
    project.participations.create(partner=partner_b, role="partner")
    EventFactory(host_partner=partner_a, project=project)
    AnnouncementFactory()
    agreement = AgreementFactory(counterpart=partner_b)
    DeliberationFactory(accession=AccessionFactory(agreement=agreement, partner=partner_a))
    need = PublicNeedFactory(partner=partner_b, fields=[field])
    NeedSupport.objects.create(need=need, partner=partner_a)
    return {"project": project, "partner": partner_a, "need": need}


def test_the_schema_is_valid_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1")
    validate(schema, cls=OpenAPIV31SpecValidator)


def test_every_route_documents_its_problems_and_the_optional_token(schema):
    assert schema["security"] == [{}, {"personalToken": []}]
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"304", "400", "404", "406", "429"} <= set(operation["responses"]), path


def _resolve(schema, node):
    """The schema with every $ref to the components inlined (for jsonschema)."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _resolve(schema, schema["components"]["schemas"][name])
        return {key: _resolve(schema, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(schema, value) for value in node]
    return node


# The live answer of each schema that carries an example: (URL, how to reach the object).
LIVE = {
    "Partner": lambda w: f"/api/v1/partners/{w['partner'].slug}/",
    "PartnerRef": lambda w: ("/api/v1/projects/rufbus/", lambda body: body["lead_partner"]),
    "FieldOfAction": lambda w: "/api/v1/fields-of-action/mobilitaet/",
    "ProjectSummary": lambda w: ("/api/v1/projects/", lambda body: body["results"][0]),
    "Project": lambda w: "/api/v1/projects/rufbus/",
    "NeedSummary": lambda w: ("/api/v1/needs/", lambda body: body["results"][0]),
    "Need": lambda w: f"/api/v1/needs/{w['need'].slug}/",
    "Event": lambda w: ("/api/v1/events/", lambda body: body["results"][0]),
    "Announcement": lambda w: ("/api/v1/announcements/", lambda body: body["results"][0]),
    "AccessionRow": lambda w: (
        "/api/v1/accession-register/",
        lambda body: next(r for r in body["results"] if r["status"]),
    ),
    "Agreement": lambda w: "/api/v1/agreement/",
    "Document": lambda w: ("/api/v1/documents/", lambda body: body["results"][0]),
    "Problem": lambda w: ("/api/v1/projects/?status=fertig", None),
}


def test_every_documented_example_matches_the_live_answer(client, schema, world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    examples = {
        name: component["examples"][0]
        for name, component in schema["components"]["schemas"].items()
        if component.get("examples")
    }
    assert set(examples) == set(LIVE), "add the live answer of a new example"
    for name, example in examples.items():
        component = _resolve(schema, schema["components"]["schemas"][name])
        component.pop("examples")
        Draft202012Validator(component).validate(example)
        target = LIVE[name](world)
        url, pick = target if isinstance(target, tuple) else (target, None)
        response = client.get(url)
        body = response.json()
        live = pick(body) if pick else body
        Draft202012Validator(component).validate(live)
        assert set(live) == set(example), name
