"""Mails queued before the deployment that moved the task functions still go out."""

import pytest
from django.core import mail as sent
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications.mail import queue_mail
from notifications.models import OutgoingMail
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("notifications", "0002_mail_alternatives_reply_to_confidential")


def test_a_delivery_queued_under_the_old_task_path_is_run_after_the_migration(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", *BEFORE, verbosity=0)
    queue_mail(key="before-the-move", to="a@example.org", subject="S", body="B")  # autocommit
    # The worker of the old release had queued it as community.tasks.deliver_mail.
    DBTaskResult.objects.update(task_path="community.tasks.deliver_mail")

    call_command("migrate", verbosity=0)
    run_worker()

    assert DBTaskResult.objects.get().task_path == "notifications.mail.deliver_mail"
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
    assert [message.subject for message in sent.outbox] == ["S"]
