"""Project pages list the project's documents and suggest experts of its fields."""

import pytest

from community import services
from community.models import Document
from core.pagecache import bump_generation
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory
from tests.utils import count_queries

from .factories import ExpertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus Fläming")
    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    project.fields_of_action.add(field)
    project.field = field
    return project


def _documents(project, number=1):
    for index in range(number):
        Document.objects.create(title=f"Öffentlicher Plan {index}", project=project, is_public=True)
        Document.objects.create(title=f"Internes Protokoll {index}", project=project)


def _experts(project, number=1):
    for index in range(number):
        ExpertFactory(name=f"Nur Intern {index}").fields_of_action.add(project.field)
        ExpertFactory(
            name=f"Auch Öffentlich {index}", public_consent_at=project.published_at
        ).fields_of_action.add(project.field)
    ExpertFactory(name="Anderes Feld").fields_of_action.add(FieldOfActionFactory())


def test_public_page_lists_public_documents_and_publicly_listed_experts_only(client, project):
    _documents(project)
    _experts(project)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Öffentlicher Plan 0" in page
    assert f'href="/dokumente/{Document.objects.get(is_public=True).pk}/"' in page
    assert "Internes Protokoll" not in page
    assert "Auch Öffentlich 0" in page
    assert "Nur Intern" not in page
    assert "Anderes Feld" not in page
    assert "expert0@example.org" not in page and "mailto:" not in page


def test_internal_page_lists_all_documents_the_upload_link_and_listed_experts(
    client_of, project, member_a
):
    _documents(project)
    _experts(project)
    page = client_of(member_a).get(project.get_internal_url()).content.decode()
    assert "Öffentlicher Plan 0" in page and "Internes Protokoll 0" in page
    assert f"/intern/projekt-dokumente/{project.pk}/" in page
    assert "Nur Intern 0" in page and "Auch Öffentlich 0" in page
    assert "Anderes Feld" not in page


def test_withdrawn_expert_disappears_from_the_project_pages(client, client_of, project, member_a):
    expert = ExpertFactory(name="Bald Weg", public_consent_at=project.published_at)
    expert.fields_of_action.add(project.field)
    assert "Bald Weg" in client.get(project.get_absolute_url()).content.decode()
    services.withdraw_consent(expert=expert)
    assert "Bald Weg" not in client.get(project.get_absolute_url()).content.decode()
    assert "Bald Weg" not in client_of(member_a).get(project.get_internal_url()).content.decode()


def test_public_page_query_count_does_not_grow_with_documents_or_experts(client, project, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _documents(project)
    _experts(project)
    url = project.get_absolute_url()

    def first_and_again() -> tuple[int, int]:
        # The first view after a content change draws the documents and experts;
        # the next one has them from the cache (kept per content generation).
        bump_generation()
        return count_queries(lambda: client.get(url)), count_queries(lambda: client.get(url))

    small = first_and_again()
    _documents(project, 10)
    _experts(project, 10)
    assert first_and_again() == small


def test_internal_page_query_count_does_not_grow_with_documents_or_experts(
    client_of, project, member_a
):
    client = client_of(member_a)
    _documents(project)
    _experts(project)
    url = project.get_internal_url()
    client.get(url)
    small = count_queries(lambda: client.get(url))
    _documents(project, 10)
    _experts(project, 10)
    assert count_queries(lambda: client.get(url)) == small
