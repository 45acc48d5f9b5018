"""Every transition of an accession by role: allowed by the machine and the role, or refused."""

import datetime

import pytest
from django.utils import translation

from loi.models import ACCESSION_TRANSITIONS, OFFICE_ONLY_TARGETS, Accession, Deliberation
from loi.services import TransitionRefused, refusal_reason, transition

from .factories import DeliberationFactory

pytestmark = pytest.mark.django_db

Status = Accession.Status
AFTER_THE_END = datetime.date(2027, 1, 2)
ROLES = ["admin_a", "editor_a", "member_a", "admin_b", "office"]


def _ready_for_anything(accession: Accession, source: Status) -> Accession:
    """Satisfy every precondition, so only the machine and the role decide."""
    DeliberationFactory(accession=accession, outcome=Deliberation.Outcome.ADOPTED)
    accession.signatory_name = "Wehlan"
    accession.signed_on = datetime.date(2024, 5, 6)
    accession.signed_pdf.name = "loi/signed/existing.pdf"
    accession.status = source
    accession.save()
    return accession


def _expected(role: str, source: Status, target: Status) -> bool:
    if target not in ACCESSION_TRANSITIONS[source]:
        return False
    if role == "office":
        return True
    if role == "admin_a":
        return target not in OFFICE_ONLY_TARGETS and source.is_open
    return False


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", list(Status))
def test_every_transition_by_role(request, accession_a, role, source):
    actor = request.getfixturevalue(role)
    accession = _ready_for_anything(accession_a, source)
    for target in Status:
        accession.status = source
        accession.save()
        if _expected(role, source, target):
            transition(acting_user=actor, accession=accession, target=target, today=AFTER_THE_END)
            accession.refresh_from_db()
            assert accession.status == target, (source, target)
        else:
            with pytest.raises(TransitionRefused):
                transition(
                    acting_user=actor, accession=accession, target=target, today=AFTER_THE_END
                )
            accession.refresh_from_db()
            assert accession.status == source, (source, target)


def test_the_machine_has_the_documented_path():
    assert Status.PREPARED.can_transition_to(Status.IN_DELIBERATION)
    assert Status.IN_DELIBERATION.can_transition_to(Status.RESOLVED)
    assert Status.RESOLVED.can_transition_to(Status.SIGNED)
    assert not Status.PREPARED.can_transition_to(Status.SIGNED)
    assert not Status.SIGNED.can_transition_to(Status.WITHDRAWN)


def test_resolved_needs_an_adopted_council_step(admin_a, accession_a):
    accession_a.status = Status.IN_DELIBERATION
    accession_a.save()
    DeliberationFactory(accession=accession_a, outcome=Deliberation.Outcome.SCHEDULED)
    with translation.override("en"):
        reason = refusal_reason(acting_user=admin_a, accession=accession_a, target=Status.RESOLVED)
    assert reason == "Record the council body that adopted the resolution first."


def test_office_cannot_confirm_without_signed_pdf(office, accession_a):
    accession_a.status = Status.RESOLVED
    accession_a.signatory_name = "Wehlan"
    accession_a.signed_on = datetime.date(2024, 5, 6)
    accession_a.save()
    with translation.override("en"):
        reason = refusal_reason(acting_user=office, accession=accession_a, target=Status.SIGNED)
    assert "the signed PDF" in reason


def test_not_expired_before_the_agreement_ends(office, accession_a):
    with pytest.raises(TransitionRefused):
        transition(
            acting_user=office,
            accession=accession_a,
            target=Status.EXPIRED,
            today=datetime.date(2026, 12, 31),
        )


def test_refusal_is_shown_in_german_on_the_record_page(client_of, admin_a, accession_a):
    response = client_of(admin_a).post(
        f"/intern/absichtserklaerung/{accession_a.partner.slug}/status/",
        {"target": Status.SIGNED},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="de",
    )
    accession_a.refresh_from_db()
    assert accession_a.status == Status.PREPARED
    assert "kann nicht" in response.content.decode()


def test_confirming_records_who_and_when(office, accession_a):
    accession = _ready_for_anything(accession_a, Status.RESOLVED)
    transition(acting_user=office, accession=accession, target=Status.SIGNED)
    accession.refresh_from_db()
    assert accession.confirmed_by == office
    assert accession.confirmed_at is not None
    assert accession.history.first().history_user == office
