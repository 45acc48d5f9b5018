import pytest

from partners import services

pytestmark = pytest.mark.django_db


def test_the_office_sees_invitations_in_the_admin_without_the_token(
    client_of, office, admin_a, partner_a, mailoutbox
):
    issued = services.invite(
        partner=partner_a, email="a@example.org", role="member", acting_user=admin_a
    )
    client = client_of(office)
    assert "a@example.org" in client.get("/admin/partners/invitation/").content.decode()
    detail = client.get(f"/admin/partners/invitation/{issued.invitation.pk}/change/")
    assert detail.status_code == 200
    assert issued.invitation.token_hash not in detail.content.decode()
    assert client.get("/admin/partners/invitation/add/").status_code == 403


def test_partner_admins_do_not_see_invitations_in_the_admin(client_of, admin_a):
    response = client_of(admin_a).get("/admin/partners/invitation/", follow=True)
    assert response.status_code == 403
