"""The life of an invitation: sent, accepted once, expired, revoked, foreign, mail server down.

The invitation's e-mail goes through the outbox: `committed()` lets the request
commit and the task worker deliver, as in production.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from notifications.mail import deliver
from notifications.models import OutgoingMail
from partners import services
from partners.models import Invitation, Membership, User, hash_token
from tests.factories import PASSWORD, UserFactory
from tests.worker import committed

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fläming-Korridor-2026"


def _link_from(mail) -> str:
    return re.search(r"http://testserver(/intern/einladung/[^/\s]+/)", mail.body).group(1)


def _invite(client_of, inviter, partner, email="alice@example.org", role="admin"):
    client = client_of(inviter)
    return committed(
        lambda: client.post(
            reverse("partners_intern:invite", args=[partner.slug]), {"email": email, "role": role}
        )
    )


def _resend(client, partner, invitation):
    return committed(
        lambda: client.post(
            reverse("partners_intern:resend_invitation", args=[partner.slug, invitation.pk])
        )
    )


def test_an_invitation_is_sent_by_mail_with_a_link_and_stores_only_the_hash(
    client_of, admin_a, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.org"]
    assert partner_a.name in mail.body
    assert mail.alternatives and "text/html" in mail.alternatives[0][1]
    token = _link_from(mail).rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)


def test_accepting_creates_the_account_verifies_the_address_and_joins(
    client, client_of, admin_a, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a, role="editor")
    link = _link_from(mailoutbox[0])
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "first_name": "Alice",
            "last_name": "Muster",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    alice = User.objects.get(email="alice@example.org")
    assert alice.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=alice, partner=partner_a).role == "editor"
    assert EmailAddress.objects.get(user=alice).verified
    assert Invitation.objects.get().accepted_by == alice
    dashboard = client.get(reverse("core:dashboard"))
    assert partner_a.name in dashboard.content.decode()


def test_a_weak_password_is_refused_and_the_names_are_kept(
    client, client_of, admin_a, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a)
    link = _link_from(mailoutbox[0])
    client.logout()
    response = client.post(
        link, {"first_name": "Alice", "last_name": "Muster", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert 'value="Alice"' in response.content.decode()
    assert not User.objects.filter(email="alice@example.org").exists()


def test_a_used_link_does_not_work_again(client, client_of, admin_a, partner_a, mailoutbox):
    _invite(client_of, admin_a, partner_a)
    link = _link_from(mailoutbox[0])
    client.logout()
    data = {
        "first_name": "A",
        "last_name": "M",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    client.post(link, data)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "bereits verwendet" in response.content.decode()


def test_an_expired_link_gets_a_clear_page(client, client_of, admin_a, partner_a, mailoutbox):
    _invite(client_of, admin_a, partner_a)
    link = _link_from(mailoutbox[0])
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(link)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()


def test_a_revoked_link_gets_a_clear_page(client, client_of, admin_a, partner_a, mailoutbox):
    _invite(client_of, admin_a, partner_a)
    link = _link_from(mailoutbox[0])
    invitation = Invitation.objects.get()
    client.post(
        reverse("partners_intern:revoke_invitation", args=[partner_a.slug, invitation.pk]),
        {"confirmed": "yes"},
    )
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "zurückgezogen" in response.content.decode()


def test_an_unknown_link_is_404_with_an_explanation(client):
    response = client.get(reverse("partners_intern:accept_invitation", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "kennen diesen Einladungslink nicht" in response.content.decode()


def test_the_pages_speak_english_when_chosen(client):
    url = reverse("partners_intern:accept_invitation", args=["nope"])
    response = client.get(url + "?language=en")
    assert "We do not know this invitation link" in response.content.decode()


def test_accepting_while_logged_in_as_someone_else_is_refused(
    client_of, admin_a, admin_b, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a)
    link = _link_from(mailoutbox[0])
    client = client_of(admin_b)
    response = client.post(link)
    assert response.status_code == 403
    assert "alice@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=admin_b, partner=partner_a).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_logs_in_first_and_then_joins_with_one_click(
    client, client_of, admin_a, admin_b, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a, email=admin_b.email, role="member")
    link = _link_from(mailoutbox[0])
    client.logout()
    response = client.get(link)
    assert reverse("account_login") in response.content.decode()
    client.force_login(admin_b)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=admin_b, partner=partner_a).role == "member"


def test_mail_server_down_no_longer_fails_the_request_and_the_page_shows_the_mail_state(
    client_of, admin_a, partner_a, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.partners.mail.MailServerDownBackend"
    response = _invite(client_of, admin_a, partner_a)
    assert response.status_code == 302
    page = client_of(admin_a).get(response["Location"]).content.decode()
    assert "Die Einladung an alice@example.org ist gespeichert" in page
    assert "wartet – der Mailserver hat sie bisher abgelehnt" in page
    invitation = Invitation.objects.select_related("mail").get()
    assert invitation.mail.status == OutgoingMail.Status.QUEUED
    assert invitation.mail.attempts == 1 and invitation.mail.last_error

    for _attempt in range(OutgoingMail.MAX_ATTEMPTS - 1):  # the worker's retries, without waiting
        deliver(invitation.mail.pk)
    page = client_of(admin_a).get(response["Location"]).content.decode()
    assert "nicht zugestellt – der Mailserver hat sie abgelehnt" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _resend(client_of(admin_a), partner_a, invitation)
    invitation.refresh_from_db()
    assert invitation.mail.status == OutgoingMail.Status.SENT
    assert len(mailoutbox) == 1
    assert "versendet am" in client_of(admin_a).get(response["Location"]).content.decode()


def test_a_resend_replaces_the_old_link(client, client_of, admin_a, partner_a, mailoutbox):
    _invite(client_of, admin_a, partner_a)
    old_link = _link_from(mailoutbox[0])
    invitation = Invitation.objects.get()
    _resend(client_of(admin_a), partner_a, invitation)
    new_link = _link_from(mailoutbox[1])
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_inviting_someone_twice_asks_for_a_resend_instead(
    client_of, admin_a, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a)
    response = _invite(client_of, admin_a, partner_a)
    assert response.status_code == 400
    assert Invitation.objects.count() == 1


def test_inviting_an_existing_colleague_is_refused(client_of, admin_a, member_a, partner_a):
    response = _invite(client_of, admin_a, partner_a, email=member_a.email)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_sending_invitations_is_rate_limited(
    client_of, admin_a, partner_a, mailoutbox, monkeypatch
):
    monkeypatch.setattr("partners.views.intern.INVITE_LIMIT", 2)
    for number in range(2):
        assert (
            _invite(client_of, admin_a, partner_a, email=f"p{number}@example.org").status_code
            == 302
        )
    response = _invite(client_of, admin_a, partner_a, email="p3@example.org")
    assert response.status_code == 429
    assert Invitation.objects.count() == 2


def test_the_service_refuses_to_accept_twice(admin_a, partner_a, mailoutbox):
    issued = services.invite(
        partner=partner_a, email="z@example.org", role="member", acting_user=admin_a
    )
    user = UserFactory(email="z@example.org")
    services.accept(invitation=issued.invitation, acting_user=user)
    with pytest.raises(services.InvitationUnusable):
        services.accept(invitation=issued.invitation, acting_user=user)


def test_the_open_invitations_appear_on_the_admins_dashboard(
    client_of, admin_a, member_a, partner_a, mailoutbox
):
    _invite(client_of, admin_a, partner_a)
    assert "alice@example.org" in client_of(admin_a).get(reverse("core:dashboard")).content.decode()
    assert (
        "alice@example.org"
        not in client_of(member_a).get(reverse("core:dashboard")).content.decode()
    )


def test_login_with_the_factory_password_still_works(client, admin_a):
    # Guard for the suite: the personas can log in through allauth.
    response = client.post(reverse("account_login"), {"login": admin_a.email, "password": PASSWORD})
    assert response.status_code == 302
