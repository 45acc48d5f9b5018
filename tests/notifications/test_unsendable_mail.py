"""A mail that cannot be built fails at once and visibly; a title with a line break
never makes one."""

import logging

import pytest
from django.core import mail

from notifications.mail import deliver, queue_mail
from notifications.models import OutgoingMail
from tests.worker import committed

pytestmark = pytest.mark.django_db


def test_a_subject_with_line_breaks_is_queued_on_one_line():
    row = queue_mail(
        key="k:1", to="a@example.org", subject="Neu\r\nBcc: x@evil.example\n", body="B"
    )
    assert row is not None
    assert OutgoingMail.objects.get(pk=row.pk).subject == "Neu Bcc: x@evil.example"


def test_a_project_title_with_a_line_break_reaches_the_office(editor_a, partner_a, settings):
    from projects import services
    from tests.projects.factories import ProjectFactory

    settings.PROJECT_OFFICE_EMAIL = "projektbuero@example.org"
    project = ProjectFactory(lead_partner=partner_a, title="Neu\r\nBcc: x@evil.example")
    committed(lambda: services.submit_project(project=project, acting_user=editor_a))
    [message] = [m for m in mail.outbox if m.to == ["projektbuero@example.org"]]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Neu Bcc: x@evil.example" in message.subject
    assert message.bcc == []


def test_a_mail_whose_headers_cannot_be_built_fails_at_once_and_is_logged(caplog):
    row = OutgoingMail.objects.create(key="k:2", to="a@example.org", subject="S", body="B")
    # An old row (or one written past queue_mail): a header with a line break.
    OutgoingMail.objects.filter(pk=row.pk).update(subject="Zeile\nBcc: x@evil.example")
    planned = OutgoingMail.objects.get(pk=row.pk).next_attempt_at
    with caplog.at_level(logging.ERROR, logger="notifications.mail"):
        committed(lambda: deliver(row.pk))
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED  # not retried as if temporary
    assert row.attempts == 1 and row.last_error.startswith("BadHeaderError")
    assert row.next_attempt_at == planned  # no later attempt scheduled
    assert mail.outbox == []
    assert any("cannot be built" in record.message for record in caplog.records)


def test_a_failed_unbuildable_mail_shows_in_the_cockpit(client_of, office):
    row = OutgoingMail.objects.create(key="k:3", to="a@example.org", subject="S", body="B")
    OutgoingMail.objects.filter(pk=row.pk).update(reply_to="x@example.org\r\nBcc: y@evil.example")
    deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    html = client_of(office).get("/admin/").content.decode()
    assert f'href="/admin/notifications/outgoingmail/{row.pk}/change/"' in html
