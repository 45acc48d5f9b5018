"""Announcements: pages, the Atom feed, and e-mail to the audience via the task queue."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community import services
from community.models import Announcement
from notifications.mail import deliver
from notifications.models import Category, DigestItem, Frequency, NotificationSetting, OutgoingMail
from tests.factories import MembershipFactory, UserFactory
from tests.utils import count_queries

from .factories import AnnouncementFactory, WorkingGroupFactory, WorkingGroupMemberFactory

ATOM = "{http://www.w3.org/2005/Atom}"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def locmem_mail(settings):
    settings.EMAIL_BACKEND = LOCMEM


# --- Pages and feed -------------------------------------------------------------


@pytest.mark.django_db
def test_public_announcement_is_listed_and_readable(client):
    announcement = AnnouncementFactory(title="Tour startet", body="Der **Start** ist da.")
    assert "Tour startet" in client.get("/aktuelles/").content.decode()
    page = client.get(f"/aktuelles/{announcement.pk}/").content.decode()
    assert "<strong>Start</strong>" in page


@pytest.mark.django_db
def test_markdown_in_announcements_is_sanitised(client):
    announcement = AnnouncementFactory(body="<script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(f"/aktuelles/{announcement.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs",
    [
        {"audience": Announcement.Audience.PARTNERS},
        {"state": Announcement.State.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["internal", "draft", "scheduled"],
)
def test_internal_draft_and_scheduled_announcements_stay_off_public_pages_and_feed(client, kwargs):
    announcement = AnnouncementFactory(title="Nicht öffentlich", **kwargs)
    assert "Nicht öffentlich" not in client.get("/aktuelles/").content.decode()
    assert "Nicht öffentlich" not in client.get("/aktuelles/feed/").content.decode()
    assert client.get(f"/aktuelles/{announcement.pk}/").status_code == 404


@pytest.mark.django_db
def test_internal_announcement_is_shown_to_partner_staff(client_of, member_a):
    announcement = AnnouncementFactory(title="Nur intern", audience=Announcement.Audience.PARTNERS)
    client = client_of(member_a)
    assert "Nur intern" in client.get("/intern/aktuelles/").content.decode()
    assert client.get(f"/intern/aktuelles/{announcement.pk}/").status_code == 200


@pytest.mark.django_db
def test_group_announcement_is_hidden_from_staff_outside_the_group(client_of, member_a):
    announcement = AnnouncementFactory(
        audience=Announcement.Audience.GROUP, working_group=WorkingGroupFactory()
    )
    assert client_of(member_a).get(f"/intern/aktuelles/{announcement.pk}/").status_code == 404


@pytest.mark.django_db
def test_atom_feed_is_well_formed_with_required_elements(client):
    AnnouncementFactory(title="Erste Nachricht")
    AnnouncementFactory(title="Zweite Nachricht")
    response = client.get("/aktuelles/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/aktuelles/")


@pytest.mark.django_db
def test_announcement_list_query_count_is_constant(client):
    AnnouncementFactory.create_batch(2)
    few = count_queries(lambda: client.get("/aktuelles/"))
    AnnouncementFactory.create_batch(10)
    assert count_queries(lambda: client.get("/aktuelles/")) == few


# --- E-mail to the audience -------------------------------------------------------

mail_test = pytest.mark.django_db(transaction=True)


def _publish(office, **kwargs) -> Announcement:
    announcement = AnnouncementFactory(state=Announcement.State.DRAFT, **kwargs)
    return services.publish_announcement(announcement=announcement, acting_user=office)


@mail_test
def test_each_recipient_gets_one_email_per_announcement(
    locmem_mail, run_worker, office, member_a, editor_a, admin_b
):
    announcement = _publish(office, audience=Announcement.Audience.PARTNERS, title="Treffen")
    run_worker()
    services.mail_announcement.call(announcement.pk)  # a second run must not send again
    run_worker()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([member_a.email, editor_a.email, admin_b.email])
    assert all("Treffen" in message.subject for message in mail.outbox)


@mail_test
def test_nobody_outside_the_working_group_is_mailed(locmem_mail, run_worker, office, member_a):
    group = WorkingGroupFactory()
    member = WorkingGroupMemberFactory(group=group).user
    MembershipFactory(user=member)
    _publish(office, audience=Announcement.Audience.GROUP, working_group=group)
    run_worker()
    assert [message.to for message in mail.outbox] == [[member.email]]


@mail_test
def test_no_email_with_the_setting_off(locmem_mail, run_worker, office, member_a, editor_a):
    NotificationSetting.objects.create(
        user=member_a, category=Category.ANNOUNCEMENTS, frequency=Frequency.OFF
    )
    _publish(office)
    run_worker()
    assert [message.to for message in mail.outbox] == [[editor_a.email]]


@mail_test
def test_weekly_setting_collects_into_one_digest_per_week(
    locmem_mail, run_worker, office, member_a
):
    NotificationSetting.objects.create(
        user=member_a, category=Category.ANNOUNCEMENTS, frequency=Frequency.WEEKLY
    )
    _publish(office, title="Erste")
    _publish(office, title="Zweite")
    run_worker()
    assert mail.outbox == []
    call_command("send_digests")
    call_command("send_digests")  # idempotent within the ISO week
    run_worker()
    assert len(mail.outbox) == 1
    assert "Erste" in mail.outbox[0].body and "Zweite" in mail.outbox[0].body
    assert not DigestItem.objects.filter(digest_week="").exists()


@mail_test
def test_scheduled_announcement_is_mailed_only_when_due(locmem_mail, run_worker, office, member_a):
    due = timezone.now() + timedelta(hours=3)
    _publish(office, publish_at=due)
    run_worker()
    assert mail.outbox == []
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        run_worker()
        run_worker()
    assert [message.to for message in mail.outbox] == [[member_a.email]]


@mail_test
def test_failing_smtp_server_keeps_mails_queued_and_sends_them_when_back(
    settings, run_worker, office, member_a
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    settings.EMAIL_TIMEOUT = 2
    _publish(office)
    run_worker()
    queued = OutgoingMail.objects.get(to=member_a.email)
    assert queued.status == OutgoingMail.Status.QUEUED
    assert queued.attempts == 1
    assert queued.last_error

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    with time_machine.travel(queued.next_attempt_at + timedelta(seconds=1), tick=False):
        run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.SENT
    assert [message.to for message in mail.outbox] == [[member_a.email]]


@mail_test
def test_mail_that_keeps_failing_is_marked_failed_for_the_office(
    settings, client_of, office, member_a
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    queued = OutgoingMail.objects.create(key="t", to=member_a.email, subject="s", body="b")
    for _attempt in range(OutgoingMail.MAX_ATTEMPTS):
        deliver(queued.pk)
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.FAILED
    page = (
        client_of(office).get("/admin/notifications/outgoingmail/?status=failed").content.decode()
    )
    assert member_a.email in page


@pytest.mark.django_db
def test_user_without_membership_is_not_in_the_partner_audience(office):
    outsider = UserFactory()
    announcement = AnnouncementFactory(audience=Announcement.Audience.PARTNERS)
    assert outsider not in services.audience_of(announcement)


@pytest.mark.django_db
def test_a_public_announcement_says_public_not_the_internal_audience_label(client):
    announcement = AnnouncementFactory(title="Tour startet bald")
    page = client.get(f"/aktuelles/{announcement.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert "Partner-Mitarbeitenden" not in html
    assert "· Öffentlich" in html
