import pytest

from .factories import AccessionFactory, AgreementFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Signed PDFs of each test go to a directory of their own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def agreement(db):
    return AgreementFactory()


@pytest.fixture
def accession_a(agreement, partner_a):
    return AccessionFactory(agreement=agreement, partner=partner_a)


@pytest.fixture
def accession_b(agreement, partner_b):
    return AccessionFactory(agreement=agreement, partner=partner_b)


@pytest.fixture
def member_b(partner_b):
    from partners.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        partner=partner_b,
        role=Membership.Role.MEMBER,
        user=UserFactory(email="member.b@example.org"),
    ).user
