import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from projects import services
from projects.models import ProjectTransition, PublicationState
from tests.factories import MembershipFactory, UserFactory
from tests.worker import run_tasks_in_transaction as run_worker

from .factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

State = PublicationState


@pytest.fixture
def draft(partner_a):
    return ProjectFactory(lead_partner=partner_a, title="Digitale Akte")


def test_editor_submits_a_draft_and_the_office_is_mailed(
    draft, editor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_project(project=draft, acting_user=editor_a, comment="Bitte prüfen")
    run_worker()
    draft.refresh_from_db()
    assert draft.publication_state == State.IN_REVIEW
    step = ProjectTransition.objects.get(project=draft, action="submitted")
    assert (step.actor, step.from_state, step.to_state, step.comment) == (
        editor_a,
        State.DRAFT,
        State.IN_REVIEW,
        "Bitte prüfen",
    )
    assert mail.outbox[0].to == ["projektbuero@regiohub.local"]


@pytest.mark.parametrize("persona", ["member_a", "admin_b"])
def test_member_and_outsider_cannot_submit(draft, persona, request):
    with pytest.raises(PermissionDenied):
        services.submit_project(project=draft, acting_user=request.getfixturevalue(persona))


def test_office_publishes_and_editors_are_mailed(
    draft, editor_a, office, django_capture_on_commit_callbacks
):
    services.submit_project(project=draft, acting_user=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_project(project=draft, acting_user=office)
    run_worker()
    draft.refresh_from_db()
    assert draft.publication_state == State.PUBLISHED
    assert draft.published_at is not None
    assert "editor.a@example.org" in mail.outbox[-1].to


@pytest.mark.parametrize("persona", ["editor_a", "admin_a", "member_a", "admin_b"])
@pytest.mark.parametrize("step", ["publish_project", "archive_project"])
def test_only_the_office_decides(draft, editor_a, persona, step, request):
    services.submit_project(project=draft, acting_user=editor_a)
    with pytest.raises(PermissionDenied):
        getattr(services, step)(project=draft, acting_user=request.getfixturevalue(persona))


def test_request_changes_needs_a_comment(draft, editor_a, office):
    services.submit_project(project=draft, acting_user=editor_a)
    with pytest.raises(ValidationError):
        services.request_changes(project=draft, acting_user=office, comment="  ")


def test_returned_project_can_be_resubmitted(draft, editor_a, office):
    services.submit_project(project=draft, acting_user=editor_a)
    services.request_changes(project=draft, acting_user=office, comment="Bild fehlt")
    assert draft.publication_state == State.CHANGES_REQUESTED
    services.submit_project(project=draft, acting_user=editor_a)
    draft.refresh_from_db()
    assert draft.publication_state == State.IN_REVIEW


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (State.DRAFT, "publish_project"),
        (State.DRAFT, "archive_project"),
        (State.PUBLISHED, "publish_project"),
        (State.ARCHIVED, "publish_project"),
        (State.IN_REVIEW, "archive_project"),
    ],
)
def test_transitions_not_in_the_workflow_are_refused(partner_a, office, start, step):
    project = ProjectFactory(lead_partner=partner_a, publication_state=start)
    with pytest.raises(services.WorkflowError):
        getattr(services, step)(project=project, acting_user=office)


def test_published_project_can_be_archived_and_disappears(client, partner_a, office):
    project = PublishedProjectFactory(lead_partner=partner_a)
    services.archive_project(project=project, acting_user=office)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_editing_a_published_project_goes_live_and_tells_the_office(
    partner_a, editor_a, django_capture_on_commit_callbacks
):
    project = PublishedProjectFactory(lead_partner=partner_a)
    project.title = "Neuer Titel"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_project(
            project=project,
            acting_user=editor_a,
            fields_of_action=[],
            expected_version=project.version,
        )
    run_worker()
    project.refresh_from_db()
    assert (project.title, project.publication_state) == ("Neuer Titel", State.PUBLISHED)
    assert ProjectTransition.objects.filter(project=project, action="edited_published").exists()
    assert mail.outbox[0].to == ["projektbuero@regiohub.local"]
    assert project.history.count() >= 1


def test_workflow_through_the_portal(client_of, partner_a, editor_a, office):
    project = ProjectFactory(lead_partner=partner_a)
    client = client_of(editor_a)
    response = client.post(f"/intern/projekte/{project.pk}/einreichen/", {"comment": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.publication_state == State.IN_REVIEW
    assert client.post(f"/intern/projekte/{project.pk}/veroeffentlichen/").status_code == 403
    client = client_of(office)
    client.post(f"/intern/projekte/{project.pk}/veroeffentlichen/", {"confirmed": "yes"})
    project.refresh_from_db()
    assert project.publication_state == State.PUBLISHED
    page = client.get(project.get_internal_url()).content.decode()
    assert "office@example.org" in page or str(office) in page


def test_internal_page_of_another_partner_is_404(client_of, partner_a, admin_b):
    project = ProjectFactory(lead_partner=partner_a)
    assert client_of(admin_b).get(project.get_internal_url()).status_code == 404


def test_member_reads_but_cannot_edit(client_of, partner_a, member_a):
    project = ProjectFactory(lead_partner=partner_a)
    client = client_of(member_a)
    assert client.get(project.get_internal_url()).status_code == 200
    assert client.get(f"/intern/projekte/{project.pk}/bearbeiten/").status_code == 403


def test_editor_of_a_participating_partner_may_edit(client_of, partner_a, partner_b):
    project = ProjectFactory(lead_partner=partner_a)
    project.participations.create(partner=partner_b, role="partner")
    editor_b = UserFactory()
    MembershipFactory(user=editor_b, partner=partner_b, role="editor")
    assert client_of(editor_b).get(f"/intern/projekte/{project.pk}/bearbeiten/").status_code == 200


def test_anonymous_is_sent_to_login(client, partner_a):
    project = ProjectFactory(lead_partner=partner_a)
    response = client.get(project.get_internal_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
