"""The workflow of a need (draft → open → in exchange → solved / closed) and co-signing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from exchange import services
from exchange.models import Need, NeedState, NeedSupport
from notifications.models import OutgoingMail
from tests.exchange.factories import NeedFactory, OpenNeedFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_need_is_a_draft_with_rendered_markdown_and_a_unique_slug(partner_a, editor_a):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    NeedFactory(slug="videosprechstunde")
    need = services.save_need(
        need=Need(
            title="Videosprechstunde",
            description="Wir suchen <script>x</script>**Video**.",
            partner=partner_a,
        ),
        acting_user=editor_a,
        fields_of_action=[field],
    )
    assert need.state == NeedState.DRAFT
    assert need.slug == "videosprechstunde-2"
    assert "<strong>Video</strong>" in need.description_html
    assert "<script>" not in need.description_html
    assert need.created_by == editor_a
    assert list(need.fields_of_action.all()) == [field]
    assert need.history.first().history_user == editor_a


def test_each_step_is_recorded_in_the_history(partner_a, editor_a):
    need = NeedFactory(partner=partner_a)
    services.open_need(need=need, acting_user=editor_a)
    services.start_exchange(need=need, acting_user=editor_a)
    project = PublishedProjectFactory()
    services.solve_need(need=need, acting_user=editor_a, project=project)
    need.refresh_from_db()
    assert need.state == NeedState.SOLVED
    assert need.solved_by == project
    assert need.opened_at and need.matched_at and need.solved_at
    reasons = list(
        need.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[-3:] == ["opened", "in exchange", "solved"]
    steps = need.history.exclude(history_type="+")
    assert {record.history_user for record in steps} == {editor_a}


def test_a_step_the_state_does_not_allow_is_refused(partner_a, editor_a):
    need = NeedFactory(partner=partner_a)
    with pytest.raises(ValidationError, match="nicht möglich"):
        services.start_exchange(need=need, acting_user=editor_a)
    need.refresh_from_db()
    assert need.state == NeedState.DRAFT


def test_closing_needs_a_reason(partner_a, editor_a):
    need = OpenNeedFactory(partner=partner_a)
    with pytest.raises(ValidationError):
        services.close_need(need=need, acting_user=editor_a, reason="   ")
    services.close_need(need=need, acting_user=editor_a, reason="Hat sich erledigt.")
    need.refresh_from_db()
    assert need.state == NeedState.CLOSED
    assert need.closed_reason == "Hat sich erledigt."


def test_the_database_refuses_a_solved_need_without_project(partner_a):
    need = NeedFactory(partner=partner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(state=NeedState.SOLVED)


def test_a_solved_need_cannot_be_edited_by_the_partner(partner_a, editor_a):
    need = OpenNeedFactory(partner=partner_a)
    services.solve_need(need=need, acting_user=editor_a, project=PublishedProjectFactory())
    need.refresh_from_db()
    need.title = "Anders"
    with pytest.raises(ValidationError):
        services.save_need(need=need, acting_user=editor_a, fields_of_action=[])


def test_an_edit_does_not_undo_a_step_taken_meanwhile(partner_a, editor_a):
    need = OpenNeedFactory(partner=partner_a)
    stale = Need.objects.get(pk=need.pk)
    services.start_exchange(need=need, acting_user=editor_a)
    stale.title = "Neuer Titel"
    services.save_need(need=stale, acting_user=editor_a, fields_of_action=[])
    need.refresh_from_db()
    assert (need.title, need.state) == ("Neuer Titel", NeedState.IN_EXCHANGE)


# --- Co-signing -------------------------------------------------------------


def test_another_partner_co_signs_and_the_owner_is_told(partner_a, partner_b, editor_a, editor_b):
    need = OpenNeedFactory(partner=partner_a)
    support = services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
    need.refresh_from_db()
    assert support.user == editor_b
    assert need.matched_at == support.created_at
    assert OutgoingMail.objects.filter(to=editor_a.email).exists()
    assert "co-signed by" in need.history.first().history_change_reason


def test_co_signing_twice_is_refused_with_a_message(partner_a, partner_b, editor_b):
    need = OpenNeedFactory(partner=partner_a)
    services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
    with pytest.raises(ValidationError, match="bereits mitgezeichnet"):
        services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
    assert NeedSupport.objects.count() == 1


def test_the_own_need_cannot_be_co_signed(partner_a, editor_a):
    need = OpenNeedFactory(partner=partner_a)
    with pytest.raises(ValidationError, match="eigenen Partners"):
        services.cosign_need(need=need, partner=partner_a, acting_user=editor_a)
    assert not NeedSupport.objects.exists()


def test_a_closed_need_cannot_be_co_signed(partner_a, partner_b, editor_a, editor_b):
    need = OpenNeedFactory(partner=partner_a)
    services.close_need(need=need, acting_user=editor_a, reason="Erledigt")
    with pytest.raises(ValidationError, match="nicht mehr offen"):
        services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
    assert not NeedSupport.objects.exists()
    need.refresh_from_db()
    assert need.matched_at is None


def test_only_for_a_partner_where_one_edits(partner_a, partner_b, member_b):
    need = OpenNeedFactory(partner=partner_a)
    with pytest.raises(ValidationError, match="Redakteurin, Redakteur oder Administrator"):
        services.cosign_need(need=need, partner=partner_b, acting_user=member_b)


@pytest.mark.django_db(transaction=True)
def test_a_need_closed_while_someone_co_signs_is_not_half_co_signed(
    partner_a, partner_b, editor_a, editor_b
):
    """The closing transaction holds the need; the co-signature waits and is then refused."""
    need = OpenNeedFactory(partner=partner_a)
    closing_holds_lock = threading.Event()
    may_commit = threading.Event()
    outcome: dict = {}

    def close_slowly():
        try:
            with transaction.atomic():
                locked = Need.objects.select_for_update().get(pk=need.pk)
                closing_holds_lock.set()
                may_commit.wait(5)
                services.close_need(need=locked, acting_user=editor_a, reason="Erledigt")
        finally:
            connections.close_all()

    closer = threading.Thread(target=close_slowly)
    closer.start()
    assert closing_holds_lock.wait(5)

    def cosign():
        try:
            services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
        except ValidationError as exc:
            outcome["error"] = exc.messages
        finally:
            connections.close_all()

    signer = threading.Thread(target=cosign)
    signer.start()
    signer.join(0.5)
    assert signer.is_alive(), "the co-signature must wait for the closing transaction"
    may_commit.set()
    closer.join(5)
    signer.join(5)
    assert "nicht mehr offen" in " ".join(outcome["error"])
    assert not NeedSupport.objects.filter(need=need).exists()
    assert Need.objects.get(pk=need.pk).state == NeedState.CLOSED
    connection.close()
