"""A mail is delivered once per cause and recipient, also when a worker dies mid-delivery."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from notifications.mail import deliver, enqueue_delivery, message_id, queue_mail, requeue_mail
from notifications.models import OutgoingMail
from tests.worker import committed, run_tasks_in_transaction, work_off


def _queue(key="announcement:1:user:1"):
    return queue_mail(key=key, to="a@example.org", subject="Treffen", body="Am Montag")


@pytest.mark.django_db(transaction=True)
def test_a_mail_another_worker_is_sending_is_skipped_not_waited_for():
    row = _queue()
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                OutgoingMail.objects.select_for_update().get(pk=row.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        began = time.monotonic()
        assert deliver(row.pk) is None
        assert time.monotonic() - began < 2
        assert mail.outbox == []
    finally:
        release.set()
        thread.join(10)
    assert deliver(row.pk) == OutgoingMail.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_mail_whose_worker_died_mid_delivery_is_delivered_after_requeue():
    # The worker claimed the delivery task and died before its transaction committed:
    # the task stays "running" for good and the mail stays queued.
    with transaction.atomic():
        row = _queue()
        enqueue_delivery(row.pk)
    task = DBTaskResult.objects.ready().get_locked()
    task.claim("killed-worker")
    assert run_tasks_in_transaction() == 0
    assert OutgoingMail.objects.get(pk=row.pk).status == OutgoingMail.Status.QUEUED

    assert requeue_mail() == 1
    work_off()

    assert OutgoingMail.objects.get(pk=row.pk).status == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.mark.django_db
def test_requeueing_never_sends_a_mail_twice():
    committed(lambda: _queue())
    assert len(mail.outbox) == 1
    assert requeue_mail() == 0  # sent mails are not due
    row = _queue("announcement:2:user:1")
    enqueue_delivery(row.pk)
    requeue_mail()  # a second task for a mail that already has one
    work_off()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_every_attempt_at_a_mail_carries_the_same_message_id():
    row = _queue()
    deliver(row.pk)
    OutgoingMail.objects.filter(pk=row.pk).update(status=OutgoingMail.Status.QUEUED)
    deliver(row.pk)
    other = _queue("announcement:2:user:1")
    deliver(other.pk)

    first, again, another = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == again == message_id(row)
    assert another != first
    assert first.endswith("@regiohub.local>")
