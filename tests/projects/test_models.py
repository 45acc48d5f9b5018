import pytest
from django.db import IntegrityError, transaction

from projects.models import PUBLICATION_TRANSITIONS, Project, PublicationState
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_draft_may_only_go_to_review():
    assert PublicationState.DRAFT.can_transition_to(PublicationState.IN_REVIEW)
    assert not PublicationState.DRAFT.can_transition_to(PublicationState.PUBLISHED)


def test_every_state_has_its_transitions_declared():
    assert set(PUBLICATION_TRANSITIONS) == set(PublicationState.values)


def test_database_refuses_end_before_start():
    partner = PartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            title="X",
            slug="x",
            summary="s",
            lead_partner=partner,
            start_date="2025-05-01",
            end_date="2025-04-01",
        )
