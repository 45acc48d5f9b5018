import pytest
from django.core import mail

from projects import services
from projects.models import Project, PublicationState, TransferInterest
from tests.worker import run_tasks_in_transaction as run_worker

from .factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin(partner_a, editor_a):
    return PublishedProjectFactory(
        lead_partner=partner_a, title="Rufbus", transfer_direction="urban_rural"
    )


def test_outside_staff_signal_interest_and_the_lead_editors_are_mailed(
    client_of, origin, admin_b, partner_b, django_capture_on_commit_callbacks
):
    client = client_of(admin_b)
    assert "nachnutzung" in client.get(origin.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/intern/projekte/{origin.pk}/nachnutzung/",
            {"partner": partner_b.pk, "message": "Wir möchten das auch."},
        )
    assert response.status_code == 302
    run_worker()
    interest = TransferInterest.objects.get()
    assert (interest.partner, interest.status) == (partner_b, "open")
    assert mail.outbox[0].to == ["editor.a@example.org"]


def test_participants_cannot_signal_interest_in_their_own_project(client_of, origin, editor_a):
    response = client_of(editor_a).post(
        f"/intern/projekte/{origin.pk}/nachnutzung/", {"message": "x"}
    )
    assert response.status_code == 403


def test_no_interest_in_unpublished_projects(client_of, partner_a, admin_b, partner_b):
    draft = ProjectFactory(lead_partner=partner_a)
    response = client_of(admin_b).post(
        f"/intern/projekte/{draft.pk}/nachnutzung/", {"partner": partner_b.pk, "message": "x"}
    )
    assert response.status_code == 404


def test_interest_is_rate_limited(client_of, admin_b, partner_b, partner_a):
    client = client_of(admin_b)
    projects = PublishedProjectFactory.create_batch(11, lead_partner=partner_a)
    for project in projects:
        client.post(
            f"/intern/projekte/{project.pk}/nachnutzung/",
            {"partner": partner_b.pk, "message": "Interesse"},
        )
    assert TransferInterest.objects.count() == 10


def test_interest_moves_on_and_adoption_creates_a_linked_draft(
    origin, admin_b, partner_b, editor_a
):
    interest = services.signal_interest(
        project=origin, partner=partner_b, acting_user=admin_b, message="Gern!"
    )
    services.decide_interest(interest=interest, acting_user=editor_a, status="in_contact")
    interest = services.decide_interest(interest=interest, acting_user=editor_a, status="adopted")
    draft = interest.adopted_project
    assert draft.adopted_from == origin
    assert draft.lead_partner == partner_b
    assert draft.publication_state == PublicationState.DRAFT
    assert draft.title == origin.title
    assert origin.transitions.filter(action="interest_adopted").exists()
    # The adopting partner's admin may edit the prefilled draft.
    assert admin_b.has_perm("projects.edit_project", draft)


def test_finished_interest_cannot_move_again(origin, admin_b, partner_b, editor_a):
    interest = services.signal_interest(
        project=origin, partner=partner_b, acting_user=admin_b, message="Gern!"
    )
    services.decide_interest(interest=interest, acting_user=editor_a, status="declined")
    with pytest.raises(services.WorkflowError):
        services.decide_interest(interest=interest, acting_user=editor_a, status="adopted")


def test_only_lead_editors_or_office_decide(client_of, origin, admin_b, partner_b, member_a):
    interest = services.signal_interest(
        project=origin, partner=partner_b, acting_user=admin_b, message="Gern!"
    )
    response = client_of(member_a).post(
        f"/intern/projekte/nachnutzung/{interest.pk}/", {"status": "adopted"}
    )
    assert response.status_code == 403
    assert client_of(admin_b).post(
        f"/intern/projekte/nachnutzung/{interest.pk}/", {"status": "adopted"}
    ).status_code in (403, 404)
    interest.refresh_from_db()
    assert interest.status == "open"


def test_showcase_shows_the_path_of_an_adopted_solution(client, origin, partner_b):
    copy = PublishedProjectFactory(
        lead_partner=partner_b, title="Rufbus Testhausen", adopted_from=origin
    )
    body = client.get(origin.get_absolute_url()).content.decode()
    assert copy.get_absolute_url() in body
    body = client.get(copy.get_absolute_url()).content.decode()
    assert origin.get_absolute_url() in body
    assert Project.objects.published().count() == 2
