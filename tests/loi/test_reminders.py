"""`loi_reminders`: e-mails 60 and 14 days before the end, each once per recipient."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from loi.models import Accession, ReminderLog
from tests.worker import run_tasks_in_transaction as run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def _run(django_capture_on_commit_callbacks):
    """The daily command, then the task worker that delivers the queued mails."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("loi_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        run_worker()

    return run


@pytest.fixture
def bound(accession_a, admin_a, admin_b, accession_b, settings):
    settings.PROJECT_OFFICE_EMAIL = "projektbuero@example.org"
    return accession_a


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_is_sent_before_the_window(_run, bound):
    with time_machine.travel(datetime.datetime(2026, 10, 31, 9, 0), tick=False):
        _run()
    assert mail.outbox == []


def test_sixty_days_before_the_end_each_recipient_gets_one_mail(_run, bound):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0), tick=False):
        _run()
        _run()
    assert _recipients() == [
        "admin.a@example.org",
        "admin.b@example.org",
        "projektbuero@example.org",
    ]
    assert "31. Dezember 2026" in mail.outbox[0].subject
    assert ReminderLog.objects.filter(threshold_days=60).count() == 3


def test_later_days_in_the_window_send_nothing_new(_run, bound):
    for day in (1, 2, 20):
        with time_machine.travel(datetime.datetime(2026, 11, day, 9, 0), tick=False):
            _run()
    assert len(mail.outbox) == 3


def test_fourteen_days_before_the_end_a_second_reminder_goes_out_once(_run, bound):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0), tick=False):
        _run()
    with time_machine.travel(datetime.datetime(2026, 12, 17, 9, 0), tick=False):
        _run()
        _run()
    assert len(mail.outbox) == 6
    assert ReminderLog.objects.filter(threshold_days=14).count() == 3


def test_after_the_end_open_and_signed_accessions_expire(_run, bound, accession_b):
    accession_b.status = Accession.Status.DECLINED
    accession_b.save()
    with time_machine.travel(datetime.datetime(2027, 1, 1, 9, 0), tick=False):
        _run()
    bound.refresh_from_db()
    accession_b.refresh_from_db()
    assert bound.status == Accession.Status.EXPIRED
    assert accession_b.status == Accession.Status.DECLINED
    assert mail.outbox == []


def test_dashboard_shows_a_banner_in_the_window(client_of, bound, admin_a):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
        body = client_of(admin_a).get("/intern/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Die Absichtserklärung endet in 30 Tagen, am 31.12.2026." in body
