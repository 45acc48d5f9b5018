"""What the outbox promises beyond delivery: one mail per cause, personal links kept
private, a replaced link never sent, and every failed kind in the office's cockpit."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.mail import deliver, queue_mail, retry
from notifications.models import OutgoingMail
from partners import services as partners
from tests.worker import committed

pytestmark = pytest.mark.django_db


def _invite(admin, partner):
    return partners.invite(
        partner=partner, email="neu@example.org", role="member", acting_user=admin
    )


def test_a_second_mail_with_the_same_key_is_not_queued():
    first = queue_mail(key="barrier-report:1", to="a@example.org", subject="S", body="B")
    again = queue_mail(key="barrier-report:1", to="a@example.org", subject="S", body="B")
    assert first is not None and again is None
    assert OutgoingMail.objects.count() == 1


def test_an_invitation_is_sent_with_its_html_text_and_then_kept_without_its_link(
    admin_a, partner_a
):
    issued = committed(lambda: _invite(admin_a, partner_a))
    [message] = mail.outbox
    assert issued.token in message.body
    assert message.alternatives[0][1] == "text/html" and issued.token in message.alternatives[0][0]
    row = OutgoingMail.objects.get(key=f"invitation:{issued.invitation.pk}:1")
    assert (row.status, row.confidential) == (OutgoingMail.Status.SENT, True)
    assert issued.token not in row.body + row.html_body


def test_the_office_sees_a_waiting_invitation_but_not_its_link(
    client_of, office, admin_a, partner_a
):
    issued = _invite(admin_a, partner_a)  # not committed: still waiting in the outbox
    row = OutgoingMail.objects.get(key=f"invitation:{issued.invitation.pk}:1")
    assert issued.token in row.body
    page = client_of(office).get(f"/admin/notifications/outgoingmail/{row.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "neu@example.org" in html
    assert issued.token not in html
    assert "nicht angezeigt" in html


def test_the_office_reads_the_text_of_an_ordinary_mail(client_of, office):
    row = OutgoingMail.objects.create(
        key="announcement:1:user:1", to="a@example.org", subject="S", body="Das Treffen ist am"
    )
    page = client_of(office).get(f"/admin/notifications/outgoingmail/{row.pk}/change/")
    assert "Das Treffen ist am" in page.content.decode()


def test_sending_again_cancels_the_mail_with_the_old_link(client_of, admin_a, partner_a):
    first = _invite(admin_a, partner_a)  # the mail server has not taken it yet
    url = reverse("partners_intern:resend_invitation", args=[partner_a.slug, first.invitation.pk])
    client = client_of(admin_a)
    committed(lambda: client.post(url))
    old = OutgoingMail.objects.get(key=f"invitation:{first.invitation.pk}:1")
    assert old.status == OutgoingMail.Status.CANCELLED
    assert first.token not in old.body
    assert deliver(old.pk) is None  # a late task for it sends nothing
    [message] = mail.outbox
    assert first.token not in message.body


def test_revoking_an_invitation_cancels_its_waiting_mail(client_of, admin_a, partner_a, settings):
    settings.EMAIL_BACKEND = "tests.partners.mail.MailServerDownBackend"
    issued = committed(lambda: _invite(admin_a, partner_a))
    url = reverse("partners_intern:revoke_invitation", args=[partner_a.slug, issued.invitation.pk])
    client_of(admin_a).post(url, {"confirmed": "yes"})
    row = OutgoingMail.objects.get(key=f"invitation:{issued.invitation.pk}:1")
    assert row.status == OutgoingMail.Status.CANCELLED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(row.pk) is None
    assert mail.outbox == []


def test_the_office_retries_failed_mails_but_not_sent_or_cancelled_ones():
    rows = {
        status: OutgoingMail.objects.create(key=status, to="a@example.org", subject="S", body="B")
        for status in OutgoingMail.Status.values
    }
    for status, row in rows.items():
        OutgoingMail.objects.filter(pk=row.pk).update(status=status, attempts=8)
    assert retry(OutgoingMail.objects.all()) == 2
    again = dict(OutgoingMail.objects.values_list("key", "status"))
    assert again == {
        "queued": "queued",
        "failed": "queued",
        "sent": "sent",
        "cancelled": "cancelled",
    }


def test_a_failed_password_reset_shows_in_the_cockpit(client, client_of, office, admin_a, settings):
    settings.EMAIL_BACKEND = "tests.partners.mail.MailServerDownBackend"
    committed(lambda: client.post(reverse("account_reset_password"), {"email": admin_a.email}))
    row = OutgoingMail.objects.get(key__startswith="password-reset-key:")
    for _attempt in range(OutgoingMail.MAX_ATTEMPTS - 1):  # the worker's later attempts
        deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    html = client_of(office).get("/admin/").content.decode()
    assert f'href="/admin/notifications/outgoingmail/{row.pk}/change/"' in html
