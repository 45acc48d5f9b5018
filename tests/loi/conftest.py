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


@pytest.fixture
def oparl_settings(settings):
    """The local test server is on 127.0.0.1; no pause between requests; a small size limit."""
    settings.OPARL_ALLOW_PRIVATE_HOSTS = True
    settings.OPARL_MIN_INTERVAL = 0
    settings.OPARL_MAX_BYTES = 200_000
    settings.OPARL_TIMEOUT = 5
    return settings


@pytest.fixture
def oparl_server(oparl_settings):
    from .oparl_server import OParlServer

    with OParlServer() as server:
        yield server


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once when enqueued, standing in for the task worker."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def teltow_flaeming(agreement):
    """The district's accession with the facts of the council document (loi/realdata.py)."""
    from loi.realdata import _fill_teltow_flaeming
    from tests.factories import PartnerFactory

    partner = PartnerFactory(
        name="Landkreis Teltow-Fläming", slug="landkreis-teltow-flaeming", ags="12072000"
    )
    accession = AccessionFactory(agreement=agreement, partner=partner)
    _fill_teltow_flaeming(accession, is_new=True, counts={"fields filled": 0, "deliberations": 0})
    return accession


@pytest.fixture
def tf_admin(teltow_flaeming):
    from partners.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        partner=teltow_flaeming.partner,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="beitritt@teltow-flaeming.example"),
    ).user
