"""Personas of the marketplace: partner A has the need, partner B may share it."""

import pytest

from exchange.matching.engine import forget_corpus
from partners.models import Membership
from tests.factories import MembershipFactory, PartnerFactory, UserFactory


@pytest.fixture
def editor_b(partner_b):
    return MembershipFactory(
        partner=partner_b,
        role=Membership.Role.EDITOR,
        user=UserFactory(email="editor.b@example.org"),
    ).user


@pytest.fixture
def member_b(partner_b):
    return MembershipFactory(
        partner=partner_b,
        role=Membership.Role.MEMBER,
        user=UserFactory(email="member.b@example.org"),
    ).user


@pytest.fixture
def network_member(db):
    institute = PartnerFactory(name="Institut für Testforschung", kind="wissenschaft")
    return MembershipFactory(
        partner=institute,
        role=Membership.Role.NETWORK_MEMBER,
        user=UserFactory(email="expert@example.org"),
    ).user


@pytest.fixture(autouse=True)
def fresh_corpus():
    """Each test reads the matching index afresh (the in-memory corpus is per process)."""
    forget_corpus()
    yield
    forget_corpus()
