"""The office's view of the outbox and the notification settings in the admin."""

import pytest

from notifications.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_office_sends_failed_mail_again(client_of, office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = OutgoingMail.objects.create(
        key="x", to="a@example.org", subject="s", body="b", status="failed", attempts=8
    )
    client_of(office).post(
        "/admin/notifications/outgoingmail/",
        {"action": "retry_now", "_selected_action": [failed.pk]},
    )
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.QUEUED, 0)


@pytest.mark.parametrize("model", ["outgoingmail", "notificationsetting", "digestitem"])
def test_office_opens_every_notifications_admin_list(client_of, office, model):
    assert client_of(office).get(f"/admin/notifications/{model}/").status_code == 200


def test_partner_staff_cannot_open_the_outbox(client_of, admin_a):
    response = client_of(admin_a).get("/admin/notifications/outgoingmail/")
    assert response.status_code in (302, 403)
