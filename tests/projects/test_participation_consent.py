"""Participation by consent (issue 15, "Why" 3): no partner takes over another's project.

A partner takes part in (or leads) another partner's project only when one of
its editors or admins accepts; until then it shows nowhere public and grants
nothing. The lead changes only by the lead's editors or the office.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.models import OutgoingMail
from partners.models import Membership
from projects import services
from projects.models import Participation, Project, ProjectTransition
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

from .factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

State, Role = Participation.State, Participation.Role


def edit_data(project: Project, *, lead=None, rows=(), **changes) -> dict:
    """What the edit form posts: the project as it is, with `rows` as (partner, role)."""
    initial = len(services.current_others(project)[0]) if project.pk else 0
    data = {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "kind": project.kind,
        "status": project.status,
        "lead_partner": (lead or project.lead_partner).pk,
        "transfer_direction": project.transfer_direction,
        "version": Project.objects.get(pk=project.pk).version if project.pk else 1,
        "image_alt": "",
        # As the page draws it: the rows there are now first (initial forms), then the rest.
        "teilnehmende-TOTAL_FORMS": str(max(len(rows), initial, 1)),
        "teilnehmende-INITIAL_FORMS": str(initial),
        "teilnehmende-MIN_NUM_FORMS": "0",
        "teilnehmende-MAX_NUM_FORMS": "60",
        "action": "save",
    }
    for index in range(max(len(rows), initial, 1)):
        data[f"teilnehmende-{index}-partner"] = ""
        data[f"teilnehmende-{index}-role"] = "partner"
    for index, (partner, role) in enumerate(rows):
        data[f"teilnehmende-{index}-partner"] = partner.pk
        data[f"teilnehmende-{index}-role"] = role
    data.update(changes)
    return data


def states(project: Project) -> dict[tuple[int, str], str]:
    return {
        (row.partner_id, row.role): row.state
        for row in Participation.objects.filter(project=project)
    }


@pytest.fixture
def partner_c(db):
    return PartnerFactory(name="Gemeinde Drittdorf C")


@pytest.fixture
def editor_c(partner_c):
    return MembershipFactory(
        partner=partner_c, role=Membership.Role.EDITOR, user=UserFactory(email="ed.c@example.org")
    ).user


@pytest.fixture
def member_b(partner_b):
    return MembershipFactory(
        partner=partner_b, role=Membership.Role.MEMBER, user=UserFactory(email="m.b@example.org")
    ).user


@pytest.fixture
def project(partner_a, editor_a):
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    return PublishedProjectFactory(
        lead_partner=partner_a, title="Rufbus Testland", fields=[field], summary="Rufbus."
    )


@pytest.fixture
def with_b(project, partner_b):
    """Partner B takes part (accepted)."""
    Participation.objects.create(project=project, partner=partner_b, role=Role.PARTNER)
    return project


# --- The takeover of "Why" 3 ------------------------------------------------------


def test_participant_editor_posting_own_lead_without_rows_is_refused(
    client_of, with_b, partner_a, partner_b, admin_b, editor_a
):
    response = client_of(admin_b).post(
        f"/intern/projekte/{with_b.pk}/bearbeiten/", edit_data(with_b, lead=partner_b)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nur die Redakteur" in page or "Only the editors of the lead partner" in page
    assert response.context["form"].errors["lead_partner"]
    with_b.refresh_from_db()
    assert with_b.lead_partner == partner_a
    assert states(with_b) == {
        (partner_a.pk, "lead"): "accepted",
        (partner_b.pk, "partner"): "accepted",
    }
    # The original lead's staff keep their project.
    assert client_of(editor_a).get(with_b.get_internal_url()).status_code == 200


def test_participant_editor_removing_all_rows_is_refused(client_of, with_b, partner_c, admin_b):
    Participation.objects.create(project=with_b, partner=partner_c, role=Role.SUPPORTER)
    response = client_of(admin_b).post(
        f"/intern/projekte/{with_b.pk}/bearbeiten/", edit_data(with_b)
    )
    assert response.status_code == 200
    errors = response.context["formset"].non_form_errors()
    assert any("change who takes part" in e or "wer teilnimmt" in e for e in errors)
    assert Participation.objects.filter(project=with_b, state=State.ACCEPTED).count() == 3


def test_participant_editor_may_still_edit_the_content(client_of, with_b, partner_b, admin_b):
    data = edit_data(with_b, rows=[(partner_b, "partner")], summary="Neu formuliert.")
    response = client_of(admin_b).post(f"/intern/projekte/{with_b.pk}/bearbeiten/", data)
    assert response.status_code == 302
    with_b.refresh_from_db()
    assert with_b.summary == "Neu formuliert."


def test_participant_editor_sees_the_partners_as_text_not_as_choices(client_of, with_b, admin_b):
    page = client_of(admin_b).get(f"/intern/projekte/{with_b.pk}/bearbeiten/").content.decode()
    assert 'type="hidden" name="teilnehmende-0-partner"' in page
    assert '<select name="teilnehmende-0-partner"' not in page


def test_the_service_refuses_a_lead_change_by_a_participant_editor(with_b, partner_b, admin_b):
    with_b.lead_partner = partner_b
    with pytest.raises(ValidationError) as refused:
        services.save_project(
            project=with_b,
            acting_user=admin_b,
            fields_of_action=[],
            participants=[],
            expected_version=with_b.version,
        )
    assert set(refused.value.message_dict) == {"lead_partner", "__all__"}
    assert Project.objects.get(pk=with_b.pk).lead_partner_id != partner_b.pk


def test_the_database_allows_one_lead_only(project, partner_b):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(project=project, partner=partner_b, role=Role.LEAD)


# --- Naming a partner is an invitation ------------------------------------------------


@pytest.fixture
def invited(client_of, project, partner_b, editor_a, admin_b, member_b):
    response = client_of(editor_a).post(
        f"/intern/projekte/{project.pk}/bearbeiten/",
        edit_data(project, rows=[(partner_b, "pilot_site")]),
    )
    assert response.status_code == 302
    return Participation.objects.get(project=project, partner=partner_b)


def test_a_named_partner_is_invited_not_added(invited, project, partner_b, admin_b):
    assert (invited.state, invited.role) == (State.INVITED, Role.PILOT_SITE)
    assert invited.invited_by.email == "editor.a@example.org"
    assert project.transitions.filter(action=ProjectTransition.Action.PARTNER_INVITED).exists()
    mails = OutgoingMail.objects.filter(to=admin_b.email)
    assert mails.count() == 1
    assert invited.get_invitation_url() in mails.get().body
    # A member does not answer for the partner, so is not asked.
    assert not OutgoingMail.objects.filter(to="m.b@example.org").exists()


# (address, what must not be on it): the project page, the exports and the feed must
# not name the invited partner; its profile and the showcase filtered by it must
# not list the project.
PUBLIC_SURFACES = [
    ("/projekte/{slug}/", "partner"),
    ("/projekte/export.csv", "partner"),
    ("/projekte/export.json", "partner"),
    ("/projekte/feed/", "partner"),
    ("/partner/{partner}/", "project"),
    ("/projekte/?partner={partner}", "project"),
]


@pytest.mark.parametrize(("url", "hidden"), PUBLIC_SURFACES)
def test_an_invited_partner_shows_nowhere_public(client, invited, project, partner_b, url, hidden):
    response = client.get(url.format(slug=project.slug, partner=partner_b.slug))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    if hidden == "partner":
        assert partner_b.name not in text and f'"{partner_b.slug}"' not in text
        assert project.title in text or "export" in url or "feed" in url
    else:
        assert project.title not in text


def test_the_invited_partner_shows_once_accepted(client, invited, project, partner_b, admin_b):
    services.accept_participation(participation=invited, acting_user=admin_b)
    assert partner_b.name in client.get(project.get_absolute_url()).content.decode()
    assert project.title in client.get(f"/partner/{partner_b.slug}/").content.decode()
    assert project.title in client.get(f"/projekte/?partner={partner_b.slug}").content.decode()
    csv = b"".join(client.get("/projekte/export.csv").streaming_content).decode()
    assert partner_b.slug in csv


def test_an_invited_partner_is_not_in_the_open_data_record(client, invited, project, partner_b):
    records = json.loads(b"".join(client.get("/projekte/export.json").streaming_content))
    record = (
        next(r for r in records["projects"] if r["slug"] == project.slug)
        if isinstance(records, dict)
        else next(r for r in records if r["slug"] == project.slug)
    )
    assert [p["partner"] for p in record["partners"]] == [project.lead_partner.slug]


def test_the_funder_report_leaves_an_invited_partner_out(invited, project, partner_b):
    from django.utils import timezone

    from office.report import project_table

    today = timezone.localdate()
    table = project_table(today.replace(year=today.year - 5), today.replace(year=today.year + 5))
    row = next(r for r in table.rows if r[0] == project.title)
    assert partner_b.name not in row[2]


def test_the_pilot_site_of_an_invitation_is_no_place_on_the_map(invited, project):
    from insights.corridor import _pilot_sites

    assert _pilot_sites([project]) == {}


def test_an_invitation_grants_nothing(client_of, invited, project, admin_b):
    client = client_of(admin_b)
    assert client.get(project.get_internal_url()).status_code == 404
    assert client.get(f"/intern/projekte/{project.pk}/bearbeiten/").status_code == 404
    assert not admin_b.has_perm("projects.edit_project", project)
    assert project.title not in client.get("/intern/projekte/").content.decode()


def test_accepting_makes_the_partner_take_part(client_of, client, invited, project, admin_b):
    response = client_of(admin_b).post(f"/intern/projekte/einladungen/{invited.pk}/annehmen/")
    assert response.status_code == 302
    assert response["Location"] == project.get_internal_url()
    invited.refresh_from_db()
    assert (invited.state, invited.answered_by) == (State.ACCEPTED, admin_b)
    assert invited.answered_at is not None
    assert admin_b.has_perm("projects.edit_project", Project.objects.get(pk=project.pk))
    client.logout()
    assert invited.partner.name in client.get(project.get_absolute_url()).content.decode()
    # The lead's editors are told.
    assert OutgoingMail.objects.filter(to="editor.a@example.org").count() == 1
    # Simple-history keeps who invited and who accepted.
    history = list(invited.history.order_by("history_date").values_list("state", flat=True))
    assert history[0] == "invited" and history[-1] == "accepted"


def test_a_member_cannot_accept(client_of, invited, member_b):
    response = client_of(member_b).post(f"/intern/projekte/einladungen/{invited.pk}/annehmen/")
    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.state == State.INVITED


def test_declining_asks_first_and_keeps_the_answer(client_of, invited, project, admin_b):
    client = client_of(admin_b)
    confirm = client.get(f"/intern/projekte/einladungen/{invited.pk}/ablehnen/")
    assert confirm.status_code == 200
    invited.refresh_from_db()
    assert invited.state == State.INVITED  # asking changes nothing
    response = client.post(
        f"/intern/projekte/einladungen/{invited.pk}/ablehnen/",
        {"comment": "Kein Bedarf.", "confirmed": "yes"},
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert (invited.state, invited.answered_by) == (State.DECLINED, admin_b)
    step = project.transitions.get(action=ProjectTransition.Action.PARTNER_DECLINED)
    assert "Kein Bedarf." in step.comment
    assert "Kein Bedarf." in OutgoingMail.objects.get(to="editor.a@example.org").body
    # Answered: a second answer changes nothing.
    again = client.post(f"/intern/projekte/einladungen/{invited.pk}/annehmen/")
    assert again.status_code == 302
    invited.refresh_from_db()
    assert invited.state == State.DECLINED


def test_withdrawing_an_invitation_removes_it(client_of, invited, project, editor_a):
    response = client_of(editor_a).post(
        f"/intern/projekte/{project.pk}/bearbeiten/", edit_data(project)
    )
    assert response.status_code == 302
    assert not Participation.objects.filter(pk=invited.pk).exists()
    assert invited.history.filter(history_type="-").exists()


def test_inviting_a_declined_partner_again_reuses_its_answer(
    client_of, invited, project, editor_a, admin_b, partner_b
):
    services.decline_participation(participation=invited, acting_user=admin_b)
    project.refresh_from_db()
    client_of(editor_a).post(
        f"/intern/projekte/{project.pk}/bearbeiten/",
        edit_data(project, rows=[(partner_b, "partner")]),
    )
    invited.refresh_from_db()
    assert (invited.state, invited.answered_by) == (State.INVITED, None)


def test_an_editor_of_both_partners_adds_at_once(
    client_of, project, partner_a, partner_b, editor_a
):
    MembershipFactory(partner=partner_b, user=editor_a, role=Membership.Role.EDITOR)
    client_of(editor_a).post(
        f"/intern/projekte/{project.pk}/bearbeiten/",
        edit_data(project, rows=[(partner_b, "partner")]),
    )
    assert states(project)[(partner_b.pk, "partner")] == State.ACCEPTED


def test_the_dashboard_shows_open_invitations_to_editors_only(
    client_of, invited, admin_b, member_b
):
    link = 'href="/intern/projekte/einladungen/"'
    page = client_of(admin_b).get("/intern/").content.decode()
    assert link in page and "1 Einladung zu einem Projekt" in page
    assert link not in client_of(member_b).get("/intern/").content.decode()


# --- The lead -----------------------------------------------------------------------


def test_the_lead_offers_the_lead_and_it_changes_on_acceptance(
    client_of, with_b, partner_a, partner_b, editor_a, admin_b
):
    response = client_of(editor_a).post(
        f"/intern/projekte/{with_b.pk}/bearbeiten/",
        edit_data(with_b, lead=partner_b, rows=[(partner_b, "partner")]),
    )
    assert response.status_code == 302
    with_b.refresh_from_db()
    assert with_b.lead_partner == partner_a  # not before B accepts
    offer = Participation.objects.get(project=with_b, partner=partner_b, state=State.INVITED)
    assert offer.role == Role.LEAD
    # Saving the form again unchanged keeps the offer.
    page = client_of(editor_a).get(f"/intern/projekte/{with_b.pk}/bearbeiten/")
    assert page.context["form"].initial["lead_partner"] == partner_b.pk

    services.accept_participation(participation=offer, acting_user=admin_b)
    with_b.refresh_from_db()
    assert with_b.lead_partner == partner_b
    assert states(with_b) == {
        (partner_b.pk, "lead"): "accepted",
        (partner_a.pk, "partner"): "accepted",
    }
    # The former lead's staff keep their project.
    assert client_of(editor_a).get(with_b.get_internal_url()).status_code == 200
    assert with_b.transitions.filter(action=ProjectTransition.Action.LEAD_CHANGED).exists()


def test_the_office_changes_the_lead_at_once(client_of, with_b, partner_a, partner_c, office):
    response = client_of(office).post(
        f"/intern/projekte/{with_b.pk}/bearbeiten/",
        edit_data(
            with_b,
            lead=partner_c,
            rows=[(with_b.participations.get(role="partner").partner, "partner")],
        ),
    )
    assert response.status_code == 302
    with_b.refresh_from_db()
    assert with_b.lead_partner == partner_c
    lead_row = Participation.objects.get(project=with_b, partner=partner_c)
    assert (lead_row.state, lead_row.role, lead_row.answered_by) == (
        State.ACCEPTED,
        Role.LEAD,
        office,
    )
    assert Participation.objects.get(project=with_b, partner=partner_a).role == Role.PARTNER


def test_a_new_project_is_led_by_a_partner_the_creator_edits_for(
    client_of, partner_a, partner_b, editor_a
):
    data = edit_data(
        Project(
            title="Neu",
            summary="S",
            lead_partner=partner_b,
            kind="existing",
            status="planning",
            transfer_direction="none",
            version=1,
        ),
    )
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert response.status_code == 200
    assert not Project.objects.filter(title="Neu").exists()


def test_the_office_sets_participations_in_the_admin_as_accepted(
    client_of, project, partner_b, office
):
    url = reverse("admin:projects_participation_add")
    response = client_of(office).post(
        url, {"project": project.pk, "partner": partner_b.pk, "role": "partner"}
    )
    assert response.status_code == 302, response.content[:2000]
    row = Participation.objects.get(project=project, partner=partner_b)
    assert (row.state, row.answered_by) == (State.ACCEPTED, office)


def test_the_admin_refuses_a_second_lead(client_of, project, partner_b, office):
    response = client_of(office).post(
        reverse("admin:projects_participation_add"),
        {"project": project.pk, "partner": partner_b.pk, "role": "lead"},
    )
    assert response.status_code == 200
    assert not Participation.objects.filter(project=project, partner=partner_b).exists()


# --- Why 7: members do not speak for their organisation --------------------------------


def test_members_cannot_signal_transfer_interest(client_of, project, partner_b, member_b):
    client = client_of(member_b)
    assert "nachnutzung" not in client.get(project.get_absolute_url()).content.decode()
    response = client.post(
        f"/intern/projekte/{project.pk}/nachnutzung/", {"partner": partner_b.pk, "message": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.signal_interest(
            project=project, partner=partner_b, acting_user=member_b, message="x"
        )
