import pytest

from projects.models import ProjectTransition, PublicationState

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/projects/project/"


def test_office_sees_the_project_list_with_filters(client_of, office, partner_a):
    ProjectFactory(lead_partner=partner_a, title="Im Admin")
    response = client_of(office).get(CHANGELIST)
    assert response.status_code == 200
    assert "Im Admin" in response.content.decode()


def test_partner_staff_have_no_admin(client_of, admin_a):
    response = client_of(admin_a).get(CHANGELIST)
    assert response.status_code == 302


def test_publish_action_uses_the_workflow_service(client_of, office, partner_a):
    waiting = ProjectFactory(lead_partner=partner_a, publication_state=PublicationState.IN_REVIEW)
    draft = ProjectFactory(lead_partner=partner_a)
    response = client_of(office).post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [waiting.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    draft.refresh_from_db()
    assert waiting.publication_state == PublicationState.PUBLISHED
    assert draft.publication_state == PublicationState.DRAFT  # not allowed from a draft
    step = ProjectTransition.objects.get(project=waiting, action="published")
    assert step.actor == office


def test_request_changes_action_records_a_comment(client_of, office, partner_a):
    waiting = ProjectFactory(lead_partner=partner_a, publication_state=PublicationState.IN_REVIEW)
    client_of(office).post(
        CHANGELIST, {"action": "request_changes", "_selected_action": [waiting.pk]}
    )
    waiting.refresh_from_db()
    assert waiting.publication_state == PublicationState.CHANGES_REQUESTED
    assert ProjectTransition.objects.get(project=waiting, action="changes_requested").comment


def test_office_opens_a_project_with_inlines_and_history(client_of, office, partner_a):
    project = ProjectFactory(lead_partner=partner_a)
    client = client_of(office)
    assert client.get(f"{CHANGELIST}{project.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{project.pk}/history/").status_code == 200
    assert client.get("/admin/projects/fieldofaction/").status_code == 200
    assert client.get("/admin/projects/transferinterest/").status_code == 200
