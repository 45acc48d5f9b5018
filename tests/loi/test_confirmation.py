"""Final steps of an accession are confirmed first; the office can reopen a wrong one."""

import pytest

from loi import services
from loi.models import Accession

from .factories import AccessionFactory

pytestmark = pytest.mark.django_db

Status = Accession.Status
BASE = "/intern/absichtserklaerung"


def status_url(accession) -> str:
    return f"{BASE}/{accession.partner.slug}/status/"


def reopen_url(accession) -> str:
    return f"{BASE}/{accession.partner.slug}/wiedereroeffnen/"


@pytest.mark.parametrize("target", [Status.DECLINED, Status.WITHDRAWN])
def test_record_page_links_final_steps_to_a_confirmation(client_of, admin_a, accession_a, target):
    page = client_of(admin_a).get(f"{BASE}/{accession_a.partner.slug}/").content.decode()
    assert f'href="{status_url(accession_a)}?target={target.value}"' in page


@pytest.mark.parametrize("target", [Status.DECLINED, Status.WITHDRAWN])
def test_confirmation_names_the_consequence_and_the_register(
    client_of, admin_a, accession_a, target
):
    response = client_of(admin_a).get(
        status_url(accession_a), {"target": target.value}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "What becomes public" in page
    assert "public register" in page and f"“{target.label}”" in page
    assert 'name="confirmed" value="yes"' in page
    accession_a.refresh_from_db()
    assert accession_a.status == Status.PREPARED


@pytest.mark.parametrize("target", [Status.DECLINED, Status.WITHDRAWN])
def test_post_without_confirmation_does_not_act(client_of, admin_a, accession_a, target):
    response = client_of(admin_a).post(status_url(accession_a), {"target": target.value})
    assert response.status_code == 200
    assert 'name="confirmed"' in response.content.decode()
    accession_a.refresh_from_db()
    assert accession_a.status == Status.PREPARED


def test_confirmed_post_declines(client_of, admin_a, accession_a):
    response = client_of(admin_a).post(
        status_url(accession_a), {"target": Status.DECLINED.value, "confirmed": "yes"}
    )
    assert response.status_code == 302
    accession_a.refresh_from_db()
    assert accession_a.status == Status.DECLINED


def test_a_step_that_is_not_final_needs_no_confirmation(client_of, admin_a, accession_a):
    client_of(admin_a).post(status_url(accession_a), {"target": Status.IN_DELIBERATION.value})
    accession_a.refresh_from_db()
    assert accession_a.status == Status.IN_DELIBERATION


def test_confirmation_of_an_impossible_step_is_not_offered(client_of, office, agreement, partner_a):
    declined = AccessionFactory(agreement=agreement, partner=partner_a, status=Status.DECLINED)
    response = client_of(office).get(status_url(declined), {"target": Status.WITHDRAWN.value})
    assert response.status_code == 302


# --- reopening -------------------------------------------------------------------------


@pytest.fixture
def declined_a(office, accession_a):
    services.transition(acting_user=office, accession=accession_a, target=Status.IN_DELIBERATION)
    services.transition(acting_user=office, accession=accession_a, target=Status.DECLINED)
    accession_a.refresh_from_db()
    return accession_a


def test_office_reopens_with_a_reason_into_the_state_before(client_of, office, declined_a):
    client = client_of(office)
    page = client.get(reopen_url(declined_a), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "“in deliberation”" in page and "public register" in page
    response = client.post(
        reopen_url(declined_a), {"confirmed": "yes", "reason": "Falsch erfasst: Gremium vertagt"}
    )
    assert response.status_code == 302
    declined_a.refresh_from_db()
    assert declined_a.status == Status.IN_DELIBERATION
    latest = declined_a.history.first()
    assert latest.history_change_reason == "Falsch erfasst: Gremium vertagt"
    assert latest.history_user == office
    history = client.get(f"{BASE}/{declined_a.partner.slug}/").content.decode()
    assert "Falsch erfasst: Gremium vertagt" in history


def test_reopening_without_a_reason_is_refused_and_changes_nothing(client_of, office, declined_a):
    response = client_of(office).post(
        reopen_url(declined_a), {"confirmed": "yes", "reason": "  "}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    declined_a.refresh_from_db()
    assert declined_a.status == Status.DECLINED


def test_reopening_without_confirmation_changes_nothing(client_of, office, declined_a):
    client_of(office).post(reopen_url(declined_a), {"reason": "Versehen"})
    declined_a.refresh_from_db()
    assert declined_a.status == Status.DECLINED


def test_record_page_offers_reopening_to_the_office_only(client_of, office, admin_a, declined_a):
    record = f"{BASE}/{declined_a.partner.slug}/"
    assert reopen_url(declined_a) in client_of(office).get(record).content.decode()
    assert reopen_url(declined_a) not in client_of(admin_a).get(record).content.decode()


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("anonymous", Status.DECLINED, 302),
        ("member_a", Status.DECLINED, 403),
        ("admin_a", Status.DECLINED, 403),
        ("admin_a", Status.WITHDRAWN, 403),
        ("admin_b", Status.DECLINED, 404),
        ("office", Status.DECLINED, 200),
        ("office", Status.WITHDRAWN, 200),
        ("office", Status.PREPARED, 403),
        ("office", Status.SIGNED, 403),
        ("office", Status.EXPIRED, 403),
    ],
)
def test_reopen_permission_matrix(request, client, agreement, partner_a, persona, status, expected):
    accession = AccessionFactory(agreement=agreement, partner=partner_a, status=status)
    if persona != "anonymous":
        client = request.getfixturevalue("client_of")(request.getfixturevalue(persona))
    for method in (client.get, client.post):
        response = method(
            reopen_url(accession), *([{"reason": "x"}] if method == client.post else [])
        )
        assert response.status_code == expected
    accession.refresh_from_db()
    assert accession.status == status


def test_reopen_service_refuses_a_partner_admin(admin_a, declined_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.reopen(acting_user=admin_a, accession=declined_a, reason="Versehen")
