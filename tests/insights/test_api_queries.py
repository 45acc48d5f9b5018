"""Every API list reads a fixed, small number of SQL queries, whatever the data size;
the documents it lists are those the portal's rule lets the reader see."""

import pytest

from community.models import Announcement, Document, Event
from exchange.models import NeedSupport
from insights.api import services
from tests.community.factories import AnnouncementFactory, EventFactory, WorkingGroupFactory
from tests.exchange.factories import OpenNeedFactory, PublicNeedFactory
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
LISTS = [
    "/api/v1/partners/",
    "/api/v1/fields-of-action/",
    "/api/v1/projects/",
    "/api/v1/projects/?handlungsfeld=mobilitaet&status=operation&sort=titel",
    "/api/v1/projects/?q=Projekt",
    "/api/v1/needs/",
    "/api/v1/needs/?handlungsfeld=mobilitaet&stand=open",
    "/api/v1/events/",
    "/api/v1/events/?zeitraum=kommend",
    "/api/v1/tour-stops/",
    "/api/v1/announcements/",
    "/api/v1/documents/",
    "/api/v1/accession-register/",
]


@pytest.fixture(autouse=True)
def _own_queries_only(settings):
    # The shared cache (generation, rate limit) in memory: count the API's own SQL.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 100_000


@pytest.fixture
def grow(partner_a):
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    agreement = AgreementFactory()

    def _grow(count: int) -> None:
        for _number in range(count):
            partner = PartnerFactory()
            project = PublishedProjectFactory(
                lead_partner=partner, fields=[field], status="operation"
            )
            project.participations.create(partner=partner_a, role="partner")
            ProjectFactory(lead_partner=partner_a)
            EventFactory(host_partner=partner, project=project)
            # An event of a draft: its project is named only to whom may read it.
            EventFactory(host_partner=partner_a, project=ProjectFactory(lead_partner=partner))
            origin = ProjectFactory(lead_partner=partner_a)
            PublishedProjectFactory(lead_partner=partner, adopted_from=origin)
            EventFactory(host_partner=partner, kind=Event.Kind.TOUR_STOP)
            EventFactory(host_partner=partner_a, kind=Event.Kind.TOUR_STOP, is_public=False)
            AnnouncementFactory()
            AnnouncementFactory(audience=Announcement.Audience.PARTNERS)
            Document.objects.create(title="Öffentlich", is_public=True)
            Document.objects.create(title="Intern")
            DeliberationFactory(accession=AccessionFactory(agreement=agreement, partner=partner))
            need = PublicNeedFactory(partner=partner, fields=[field])
            NeedSupport.objects.create(need=need, partner=partner_a)
            OpenNeedFactory(partner=partner, fields=[field])  # network only

    return _grow


@pytest.mark.parametrize("url", LISTS)
def test_a_list_reads_the_same_few_queries_at_any_size(client, grow, url):
    grow(2)
    small = count_queries(lambda: client.get(url))
    grow(8)
    large = count_queries(lambda: client.get(url))
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) > 0
    assert small == large <= MAX_QUERIES, (small, large)


@pytest.mark.parametrize("url", LISTS)
def test_with_a_token_too(client, grow, editor_a, url):
    _token, secret = services.issue_token(acting_user=editor_a, name="Zählung")
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    grow(2)
    client.get(url, **header)  # the first use records "last used" (once a minute)
    small = count_queries(lambda: client.get(url, **header))
    grow(8)
    large = count_queries(lambda: client.get(url, **header))
    assert small == large <= MAX_QUERIES + 3, (small, large)


def test_documents_are_those_the_rule_shows(client, partner_a, member_a):
    project = PublishedProjectFactory(lead_partner=PartnerFactory())
    Document.objects.create(title="Bibliothek öffentlich", is_public=True)
    Document.objects.create(title="Bibliothek intern")
    Document.objects.create(title="Projekt öffentlich", is_public=True, project=project)
    Document.objects.create(
        title="Internes Treffen",
        is_public=True,
        event=EventFactory(is_public=False, working_group=WorkingGroupFactory()),
    )
    Document.objects.create(title="Entwurf", is_public=True, project=ProjectFactory())
    _token, secret = services.issue_token(acting_user=member_a, name="Dokumente")

    def titles(**extra):
        return sorted(
            d["title"] for d in client.get("/api/v1/documents/", **extra).json()["results"]
        )

    assert titles() == ["Bibliothek öffentlich", "Projekt öffentlich"]
    staff = titles(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert staff == ["Bibliothek intern", "Bibliothek öffentlich", "Projekt öffentlich"]
    for document in Document.objects.filter(title__in=staff):
        assert member_a.has_perm("community.view_document", document)
    hidden = Document.objects.get(title="Internes Treffen")
    assert client.get(f"/api/v1/documents/{hidden.pk}/").status_code == 404
