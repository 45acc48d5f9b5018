"""Project reviews, transfer interest and accession reminders go through notify().

Each recipient gets the message at once, in the weekly digest or not at all,
as their setting for the category says; always one mail per recipient and
event, delivered by the task worker after the commit.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from notifications import services as notifications
from notifications.models import Category, DigestItem, Frequency, NotificationSetting, OutgoingMail
from projects import services
from projects.models import TransferInterest
from tests.factories import MembershipFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.worker import run_tasks_in_transaction as run_worker

pytestmark = pytest.mark.django_db

OFFICE_MAILBOX = "projektbuero@example.org"


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.PROJECT_OFFICE_EMAIL = OFFICE_MAILBOX


def _set(user, category, frequency) -> None:
    NotificationSetting.objects.update_or_create(
        user=user, category=category, defaults={"frequency": frequency}
    )


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed, then let the worker deliver."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        run_worker()
        return result

    return run


# --- Project reviews ----------------------------------------------------------


def test_submission_reaches_the_office_mailbox_and_each_office_member_once(
    committed, partner_a, editor_a, office
):
    draft = ProjectFactory(lead_partner=partner_a, title="Digitale Akte")
    committed(lambda: services.submit_project(project=draft, acting_user=editor_a))
    assert _recipients() == [office.email, OFFICE_MAILBOX]
    assert all(m.subject == "[Regio.hub] Projekt zur Prüfung: Digitale Akte" for m in mail.outbox)
    assert OutgoingMail.objects.filter(category=Category.PROJECT_REVIEWS).count() == 2


def test_office_member_with_project_reviews_off_gets_no_mail(
    committed, partner_a, editor_a, office
):
    _set(office, Category.PROJECT_REVIEWS, Frequency.OFF)
    draft = ProjectFactory(lead_partner=partner_a)
    committed(lambda: services.submit_project(project=draft, acting_user=editor_a))
    assert _recipients() == [OFFICE_MAILBOX]
    assert not DigestItem.objects.filter(user=office).exists()


def test_decision_with_setting_off_sends_the_editor_nothing(
    committed, partner_a, editor_a, admin_a, office
):
    _set(editor_a, Category.PROJECT_REVIEWS, Frequency.OFF)
    draft = ProjectFactory(lead_partner=partner_a, publication_state="in_review")
    committed(lambda: services.publish_project(project=draft, acting_user=office))
    assert _recipients() == [admin_a.email]


def test_decision_with_weekly_setting_waits_for_the_digest(committed, partner_a, editor_a, office):
    _set(editor_a, Category.PROJECT_REVIEWS, Frequency.WEEKLY)
    draft = ProjectFactory(lead_partner=partner_a, title="Rufbus", publication_state="in_review")
    committed(
        lambda: services.request_changes(project=draft, acting_user=office, comment="Bild fehlt")
    )
    assert mail.outbox == []
    item = DigestItem.objects.get(user=editor_a)
    assert item.category == Category.PROJECT_REVIEWS
    assert item.subject == "Projekt zur Überarbeitung zurückgegeben: Rufbus"
    assert item.url == draft.get_internal_url()

    committed(lambda: call_command("send_digests", stdout=open("/dev/null", "w")))  # noqa: SIM115
    assert _recipients() == [editor_a.email]
    assert "Projekt zur Überarbeitung zurückgegeben: Rufbus" in mail.outbox[0].body
    assert draft.get_internal_url() in mail.outbox[0].body


def test_decision_immediately_sends_one_mail_per_editor(
    committed, partner_a, partner_b, editor_a, admin_b, office
):
    draft = ProjectFactory(lead_partner=partner_a, publication_state="in_review")
    draft.participations.create(partner=partner_b, role="partner")
    # editor_a is editor of both partners: still one mail.
    MembershipFactory(user=editor_a, partner=partner_b, role="editor")
    committed(lambda: services.publish_project(project=draft, acting_user=office))
    committed(lambda: notifications.send_digests())
    assert _recipients() == [admin_b.email, editor_a.email]
    assert mail.outbox[0].subject.startswith("[Regio.hub] Projekt veröffentlicht: ")


def test_editing_a_published_project_tells_the_office_per_setting(
    committed, partner_a, editor_a, office
):
    _set(office, Category.PROJECT_REVIEWS, Frequency.WEEKLY)
    project = PublishedProjectFactory(lead_partner=partner_a)
    project.title = "Neuer Titel"
    committed(
        lambda: services.save_project(
            project=project,
            acting_user=editor_a,
            fields_of_action=[],
            expected_version=project.version,
        )
    )
    assert _recipients() == [OFFICE_MAILBOX]
    assert DigestItem.objects.get(user=office).subject.startswith("Veröffentlichtes Projekt")


def test_the_acting_person_is_not_told_about_their_own_step(committed, partner_a, office):
    project = ProjectFactory(lead_partner=partner_a)
    committed(lambda: services.submit_project(project=project, acting_user=office))
    assert _recipients() == [OFFICE_MAILBOX]


# --- Transfer interest -----------------------------------------------------------


def test_interest_goes_to_the_lead_editors_by_their_settings(
    committed, partner_a, partner_b, editor_a, admin_a, admin_b
):
    _set(admin_a, Category.TRANSFER_INTEREST, Frequency.OFF)
    origin = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus")
    committed(
        lambda: services.signal_interest(
            project=origin, partner=partner_b, acting_user=admin_b, message="Wir auch"
        )
    )
    assert _recipients() == [editor_a.email]
    assert mail.outbox[0].subject == "[Regio.hub] Interesse an Nachnutzung: Rufbus"
    assert "Wir auch" in mail.outbox[0].body


def test_moving_an_interest_tells_the_interested_partner_once(
    committed, partner_a, partner_b, editor_a, admin_b
):
    origin = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus")
    interest = services.signal_interest(
        project=origin, partner=partner_b, acting_user=admin_b, message="Wir auch"
    )
    mail.outbox.clear()
    # admin_b is both an editor of partner B and the one who asked: one mail.
    committed(
        lambda: services.decide_interest(
            interest=interest, acting_user=editor_a, status=TransferInterest.Status.IN_CONTACT
        )
    )
    assert _recipients() == [admin_b.email]
    assert mail.outbox[0].subject == "[Regio.hub] Nachnutzung: Rufbus"


def test_transfer_interest_weekly_lands_in_the_digest(
    committed, partner_a, partner_b, editor_a, admin_b
):
    _set(editor_a, Category.TRANSFER_INTEREST, Frequency.WEEKLY)
    origin = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus")
    committed(
        lambda: services.signal_interest(
            project=origin, partner=partner_b, acting_user=admin_b, message="Wir auch"
        )
    )
    assert mail.outbox == []
    assert DigestItem.objects.get(user=editor_a).category == Category.TRANSFER_INTEREST


# --- Accession reminders -------------------------------------------------------


@pytest.fixture
def ending_agreement(partner_a, partner_b):
    agreement = AgreementFactory()
    AccessionFactory(agreement=agreement, partner=partner_a)
    AccessionFactory(agreement=agreement, partner=partner_b)
    return agreement


def _remind(committed, day: datetime.datetime) -> None:
    with time_machine.travel(day, tick=False):
        committed(
            lambda: call_command("loi_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        )


def test_reminders_follow_each_admins_setting(
    committed, ending_agreement, admin_a, admin_b, office
):
    _set(admin_a, Category.ACCESSION_REMINDERS, Frequency.OFF)
    _set(admin_b, Category.ACCESSION_REMINDERS, Frequency.WEEKLY)
    _remind(committed, datetime.datetime(2026, 11, 1, 9, 0))
    _remind(committed, datetime.datetime(2026, 11, 2, 9, 0))
    assert _recipients() == [office.email, OFFICE_MAILBOX]
    assert (
        DigestItem.objects.filter(user=admin_b, category=Category.ACCESSION_REMINDERS).count() == 1
    )
    assert not DigestItem.objects.filter(user=admin_a).exists()

    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0), tick=False):
        committed(lambda: notifications.send_digests())
    assert _recipients() == [admin_b.email]
    assert "31. Dezember 2026" in mail.outbox[0].body
