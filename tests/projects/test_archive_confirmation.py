"""Archiving a project is confirmed on a page that says what disappears (issue 16)."""

import pytest

from projects.models import PublicationState

from .factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


def archive_url(project) -> str:
    return f"/intern/projekte/{project.pk}/archivieren/"


def test_project_page_links_to_the_confirmation(client_of, office, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a)
    page = client_of(office).get(f"/intern/projekte/{project.pk}/").content.decode()
    assert f'href="{archive_url(project)}"' in page


def test_confirmation_names_what_disappears(client_of, office, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a, title="Bürgerdienste")
    response = client_of(office).get(archive_url(project), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Archive “Bürgerdienste”?" in page
    assert "public project page disappears" in page
    assert "cannot be published again" in page
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED


def test_post_without_confirmation_does_not_archive(client_of, office, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a)
    response = client_of(office).post(archive_url(project), {"comment": "weg"})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED


def test_confirmed_post_archives_with_the_comment(client_of, office, partner_a, mailoutbox):
    project = PublishedProjectFactory(lead_partner=partner_a)
    response = client_of(office).post(
        archive_url(project), {"confirmed": "yes", "comment": "Projekt beendet"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.publication_state == PublicationState.ARCHIVED
    assert project.transitions.get(action="archived").comment == "Projekt beendet"


@pytest.mark.parametrize(("persona", "expected"), [("editor_a", 403), ("admin_b", 404)])
def test_only_the_office_sees_the_confirmation(client_of, partner_a, request, persona, expected):
    project = PublishedProjectFactory(lead_partner=partner_a)
    client = client_of(request.getfixturevalue(persona))
    assert client.get(archive_url(project)).status_code == expected
    assert client.post(archive_url(project), {"confirmed": "yes"}).status_code == expected
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED


def test_an_unpublished_project_offers_no_archiving(client_of, office, partner_a):
    draft = ProjectFactory(lead_partner=partner_a)
    assert client_of(office).get(archive_url(draft)).status_code == 302
