"""Co-initiation end to end at service level (issue #17, scope 5).

Partner A's editor starts a joint draft (from a need or from scratch) and
invites partner B; B's editor accepts (or declines); both co-edit; each confirms
the current version; only then does the draft go to review. A later edit voids
the confirmations. Bad input is refused with a message and leaves nothing half-made.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from exchange.coinit.forms import JointDraftForm
from exchange.coinit.models import JointDraft
from exchange.coinit.services import confirm_draft, confirmation_status
from exchange.models import NeedState, NeedSupport
from exchange.services import close_need
from partners.models import Membership
from partners.rules import forget_cached_roles
from projects import services as project_services
from projects.models import Participation, Project, PublicationState
from tests.exchange.factories import OpenNeedFactory, start_joint_draft
from tests.factories import MembershipFactory, PartnerFactory, UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The services' messages are matched in English (the pages say them in German)."""
    with translation.override("en"):
        yield


@pytest.fixture
def draft(editor_a, partner_a, partner_b, editor_b):
    return start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])


def _invitation(draft, partner):
    return Participation.objects.get(project=draft.project, partner=partner)


def _accept(draft, partner, user):
    return project_services.accept_participation(
        participation=_invitation(draft, partner), acting_user=user
    )


def _submit(draft, user):
    return project_services.submit_project(project=draft.project, acting_user=user)


def test_a_draft_from_a_need_takes_its_text_and_invites_the_co_initiators(
    editor_a, partner_a, partner_b, editor_b
):
    need = OpenNeedFactory(partner=partner_a, title="Videosprechstunde")
    NeedSupport.objects.create(need=need, partner=partner_b)
    draft = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b], need=need)
    assert draft.need == need
    need.refresh_from_db()
    assert need.state == NeedState.IN_EXCHANGE  # partners work on it now: its history says so
    assert need.history.first().history_change_reason == "joint draft started"
    assert draft.project.kind == Project.Kind.JOINT
    assert draft.project.publication_state == PublicationState.DRAFT
    assert _invitation(draft, partner_b).state == Participation.State.INVITED
    # An open invitation grants nothing: B neither reads nor edits the draft yet.
    assert not editor_b.has_perm("exchange.view_joint_draft", draft)
    assert not editor_b.has_perm("projects.edit_project", draft.project)


def test_the_form_proposes_the_need_and_its_co_signers(editor_a, partner_a, partner_b):
    need = OpenNeedFactory(
        partner=partner_a,
        title="Videosprechstunde",
        description="Beratung per **Video** & [Termin](https://example.org).\n\nZweiter.",
    )
    NeedSupport.objects.create(need=need, partner=partner_b)
    form = JointDraftForm(user=editor_a, need=need)
    assert form.initial["title"] == "Videosprechstunde"
    assert form.initial["summary"] == "Beratung per Video & Termin."  # plain text, no markup
    assert form.initial["lead_partner"] == partner_a.pk
    assert form.initial["co_initiators"] == [partner_b.pk]


def test_accepted_co_initiators_co_edit_the_draft(draft, partner_b, editor_b):
    _accept(draft, partner_b, editor_b)
    project = Project.objects.get(pk=draft.project_id)
    assert editor_b.has_perm("exchange.view_joint_draft", JointDraft.objects.get(pk=draft.pk))
    assert editor_b.has_perm("projects.edit_project", project)
    project.summary = "Von B ergänzt."
    project_services.save_project(
        project=project,
        acting_user=editor_b,
        fields_of_action=[],
        participants=[project_services.ParticipantRow(partner=partner_b, role="partner")],
        expected_version=project.version,
    )
    assert Project.objects.get(pk=project.pk).summary == "Von B ergänzt."


def test_a_declined_invitation_is_kept_and_asks_no_confirmation(
    draft, partner_b, editor_b, editor_a, partner_a
):
    project_services.decline_participation(
        participation=_invitation(draft, partner_b), acting_user=editor_b
    )
    confirm_draft(draft=draft, partner=partner_a, acting_user=editor_a)
    status = confirmation_status(JointDraft.objects.get(pk=draft.pk))
    assert [row.partner for row in status["missing"]] == []
    assert [row.state for row in status["rows"] if row.partner == partner_b] == ["declined"]


def test_submit_is_refused_until_every_co_initiator_has_confirmed(
    draft, partner_a, partner_b, editor_a, editor_b
):
    with pytest.raises(project_services.WorkflowError, match="Stadt Testhausen B has not answered"):
        _submit(draft, editor_a)
    _accept(draft, partner_b, editor_b)
    confirm_draft(draft=draft, partner=partner_a, acting_user=editor_a)
    with pytest.raises(
        project_services.WorkflowError, match="Stadt Testhausen B has not confirmed"
    ):
        _submit(draft, editor_a)
    assert Project.objects.get(pk=draft.project_id).publication_state == PublicationState.DRAFT
    confirm_draft(draft=draft, partner=partner_b, acting_user=editor_b)
    _submit(draft, editor_a)
    assert Project.objects.get(pk=draft.project_id).publication_state == PublicationState.IN_REVIEW


def test_a_later_edit_voids_the_confirmations(draft, partner_a, partner_b, editor_a, editor_b):
    _accept(draft, partner_b, editor_b)
    confirm_draft(draft=draft, partner=partner_a, acting_user=editor_a)
    confirm_draft(draft=draft, partner=partner_b, acting_user=editor_b)
    project = Project.objects.get(pk=draft.project_id)
    project.title = "Geänderter Titel"
    project_services.save_project(
        project=project,
        acting_user=editor_b,
        fields_of_action=[],
        participants=[project_services.ParticipantRow(partner=partner_b, role="partner")],
        expected_version=project.version,
    )
    status = confirmation_status(JointDraft.objects.get(pk=draft.pk))
    assert {row.partner for row in status["voided"]} == {partner_a, partner_b}
    with pytest.raises(project_services.WorkflowError, match="have not confirmed"):
        _submit(draft, editor_a)


def test_the_project_page_cannot_bypass_the_confirmations(client, draft, editor_a):
    client.force_login(editor_a)
    response = client.post(reverse("projects_intern:submit", args=[draft.project_id]), follow=True)
    assert "noch nicht" in response.content.decode() or "not answered" in response.content.decode()
    assert Project.objects.get(pk=draft.project_id).publication_state == PublicationState.DRAFT


def test_a_project_without_joint_draft_is_submitted_as_before(editor_a, partner_a):
    project = ProjectFactory(lead_partner=partner_a)
    project_services.submit_project(project=project, acting_user=editor_a)
    assert Project.objects.get(pk=project.pk).publication_state == PublicationState.IN_REVIEW


# --- Bad input: refused with a message, nothing half-made ---------------------------


def test_a_co_initiator_who_is_no_partner_is_refused(editor_a, partner_a):
    gone = PartnerFactory(name="Aufgelöster Zweckverband", is_active=False)
    with pytest.raises(ValidationError, match="Aufgelöster Zweckverband is no active partner"):
        start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[gone])
    assert not Project.objects.exists()


def test_the_form_names_an_unknown_partner_and_keeps_the_text(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("exchange_intern:joint_draft_create"),
        {
            "lead_partner": partner_a.pk,
            "title": "Mein Titel",
            "summary": "Kurz.",
            "co_initiators": ["99999"],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "99999 ist kein Partner" in content or "99999 is no partner" in content
    assert 'value="Mein Titel"' in content
    assert not Project.objects.exists()


def test_accepting_twice_is_refused(draft, partner_b, editor_b):
    _accept(draft, partner_b, editor_b)
    with pytest.raises(project_services.WorkflowError, match="answered already"):
        _accept(draft, partner_b, editor_b)


def test_a_need_closed_meanwhile_starts_no_draft(editor_a, admin_a, partner_a, partner_b):
    need = OpenNeedFactory(partner=partner_a)
    close_need(need=need, acting_user=admin_a, reason="Erledigt.")
    with pytest.raises(ValidationError, match="no longer open"):
        start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b], need=need)
    assert not Project.objects.exists()
    assert not JointDraft.objects.exists()


def test_confirming_for_a_partner_that_does_not_take_part_is_refused(draft, editor_a):
    outsider = PartnerFactory(name="Gemeinde Außen")
    MembershipFactory(partner=outsider, user=editor_a, role=Membership.Role.EDITOR)
    forget_cached_roles(editor_a)
    with pytest.raises(ValidationError, match="Gemeinde Außen is no co-initiator"):
        confirm_draft(draft=draft, partner=outsider, acting_user=editor_a)


def test_confirming_twice_and_for_foreign_partners_is_refused(
    draft, partner_a, partner_b, editor_a
):
    confirm_draft(draft=draft, partner=partner_a, acting_user=editor_a)
    with pytest.raises(ValidationError, match="confirmed this version already"):
        confirm_draft(draft=draft, partner=partner_a, acting_user=editor_a)
    with pytest.raises(ValidationError, match="only for a partner where you are an editor"):
        confirm_draft(draft=draft, partner=partner_b, acting_user=editor_a)


def test_a_member_cannot_confirm(draft, partner_a):
    member = MembershipFactory(
        partner=partner_a, role=Membership.Role.MEMBER, user=UserFactory()
    ).user
    with pytest.raises(ValidationError):
        confirm_draft(draft=draft, partner=partner_a, acting_user=member)


def test_the_page_refuses_a_need_closed_after_the_form_was_opened(
    client, editor_a, admin_a, partner_a, partner_b
):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_a)
    url = reverse("exchange_intern:joint_draft_start", args=[need.pk])
    assert client.get(url).status_code == 200
    close_need(need=need, acting_user=admin_a, reason="Erledigt.")
    response = client.post(
        url,
        {
            "lead_partner": partner_a.pk,
            "title": "T",
            "summary": "S",
            "co_initiators": [partner_b.pk],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == need.get_internal_url()
    assert "nicht mehr offen" in response.content.decode()
    assert not Project.objects.exists()


def test_the_need_page_offers_the_joint_draft_and_lists_it(client, editor_a, partner_a, partner_b):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_a)
    content = client.get(need.get_internal_url()).content.decode()
    assert reverse("exchange_intern:joint_draft_start", args=[need.pk]) in content
    draft = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b], need=need)
    assert draft.get_absolute_url() in client.get(need.get_internal_url()).content.decode()
