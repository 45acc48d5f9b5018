"""Every e-mail the portal sends is a row in the outbox, and a refused mail server loses none.

One case per kind of mail: its cause happens (through the page or the service
that causes it, as in production), and

- the mail is in the outbox under a key that names its cause, in German, and
  the task worker delivers it once;
- with the mail server refusing connections (Django's SMTP backend pointed at
  a closed port on 127.0.0.1) the row stays queued with the error; once the
  server accepts, the worker delivers exactly one mail per row.
"""

import datetime
import socket
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from community import services as community
from community.models import Announcement, StopRequest
from legal.models import BarrierReport
from notifications.models import Category, DigestItem, OutgoingMail
from notifications.services import iso_week, send_digests
from partners import services as partners
from partners.models import Invitation
from projects import services as projects
from projects.models import ProjectTransition, TransferInterest
from tests.community.factories import AnnouncementFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.worker import committed, work_off

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
OFFICE_MAILBOX = "projektbuero@example.org"
TITLE = "Digitale Akte"


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.PROJECT_OFFICE_EMAIL = OFFICE_MAILBOX


@pytest.fixture
def hub(client, client_of, partner_a, partner_b, editor_a, admin_a, admin_b, office):
    """The personas every kind of mail needs, and the test client."""
    return SimpleNamespace(
        client=client,
        client_of=client_of,
        partner_a=partner_a,
        partner_b=partner_b,
        editor_a=editor_a,
        admin_a=admin_a,
        admin_b=admin_b,
        office=office,
    )


@pytest.fixture
def refusing_mail_server(settings):
    """The SMTP backend against a port on 127.0.0.1 that refuses every connection.

    The socket is bound (so nobody else takes the port) but never listens.
    """
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed.getsockname()[1]
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    yield
    closed.close()


# --- The causes: each lets its cause happen and returns the key prefix of its mails ---


def _step_key(project, action: str) -> str:
    step = ProjectTransition.objects.filter(project=project, action=action).latest("pk")
    return f"project-step:{step.pk}:"


def invitation(hub) -> str:
    url = reverse("partners_intern:invite", args=[hub.partner_a.slug])
    client = hub.client_of(hub.admin_a)
    response = committed(lambda: client.post(url, {"email": "neu@example.org", "role": "member"}))
    assert response.status_code == 302
    return f"invitation:{Invitation.objects.get().pk}:1"


def invitation_sent_again(hub) -> str:
    issued = partners.invite(
        partner=hub.partner_a, email="neu@example.org", role="member", acting_user=hub.admin_a
    )
    url = reverse(
        "partners_intern:resend_invitation", args=[hub.partner_a.slug, issued.invitation.pk]
    )
    client = hub.client_of(hub.admin_a)
    assert committed(lambda: client.post(url)).status_code == 302
    return f"invitation:{issued.invitation.pk}:2"


def barrier_report(hub) -> str:
    report = {"page_url": "/karte/", "description": "Die Karte ist nicht bedienbar."}
    assert committed(lambda: hub.client.post("/barrierefreiheit/", report)).status_code == 302
    return f"barrier-report:{BarrierReport.objects.get().pk}"


def accession_reminder(hub) -> str:
    agreement = AgreementFactory(valid_until=datetime.date(2026, 12, 31))
    AccessionFactory(agreement=agreement, partner=hub.partner_a)
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0), tick=False):
        committed(lambda: call_command("loi_reminders", stdout=open("/dev/null", "w")))  # noqa: SIM115
    return f"loi-reminder:{agreement.pk}:"


def weekly_digest(hub) -> str:
    DigestItem.objects.create(
        user=hub.editor_a, category=Category.EVENTS, subject="Neuer Termin", url="/termine/"
    )
    committed(send_digests)
    return f"digest:{iso_week()}:user:{hub.editor_a.pk}"


def announcement(hub) -> str:
    news = AnnouncementFactory(
        state=Announcement.State.DRAFT,
        audience=Announcement.Audience.PARTNERS,
        title="Treffen im Dezember",
    )
    committed(lambda: community.publish_announcement(announcement=news, acting_user=hub.office))
    return f"announcement:{news.pk}:"


def project_submitted(hub) -> str:
    draft = ProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    committed(lambda: projects.submit_project(project=draft, acting_user=hub.editor_a))
    return _step_key(draft, "submitted")


def _in_review(hub):
    return ProjectFactory(lead_partner=hub.partner_a, title=TITLE, publication_state="in_review")


def project_published(hub) -> str:
    project = _in_review(hub)
    committed(lambda: projects.publish_project(project=project, acting_user=hub.office))
    return _step_key(project, "published")


def project_returned(hub) -> str:
    project = _in_review(hub)
    committed(
        lambda: projects.request_changes(project=project, acting_user=hub.office, comment="Bild?")
    )
    return _step_key(project, "changes_requested")


def project_archived(hub) -> str:
    project = PublishedProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    committed(lambda: projects.archive_project(project=project, acting_user=hub.office))
    return _step_key(project, "archived")


def published_project_edited(hub) -> str:
    project = PublishedProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    committed(
        lambda: projects.save_project(
            project=project,
            acting_user=hub.editor_a,
            fields_of_action=[],
            expected_version=project.version,
        )
    )
    return _step_key(project, "edited_published")


def transfer_interest(hub) -> str:
    origin = PublishedProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    committed(
        lambda: projects.signal_interest(
            project=origin, partner=hub.partner_b, acting_user=hub.admin_b, message="Wir auch"
        )
    )
    return _step_key(origin, "interest_signalled")


def _interest_moved_to(status: str) -> Callable:
    def cause(hub) -> str:
        origin = PublishedProjectFactory(lead_partner=hub.partner_a, title=TITLE)
        interest = projects.signal_interest(
            project=origin, partner=hub.partner_b, acting_user=hub.admin_b, message="Wir auch"
        )
        committed(
            lambda: projects.decide_interest(
                interest=interest, acting_user=hub.editor_a, status=status
            )
        )
        return _step_key(origin, f"interest_{status}")

    return cause


def _stop_request_decided(accept: bool) -> Callable:
    def cause(hub) -> str:
        stop = StopRequest.objects.create(
            partner=hub.partner_a,
            requested_by=hub.admin_a,
            preferred_from="2027-05-01",
            preferred_until="2027-05-31",
            place_name="Marktplatz",
        )
        committed(
            lambda: community.decide_stop_request(
                request=stop, accept=accept, acting_user=hub.office
            )
        )
        return f"stop-request:{stop.pk}:decided"

    return cause


def password_reset(hub) -> str:
    url = reverse("account_reset_password")
    committed(lambda: hub.client.post(url, {"email": hub.admin_a.email}))
    return "password-reset-key:"


def unknown_account(hub) -> str:
    url = reverse("account_reset_password")
    committed(lambda: hub.client.post(url, {"email": "niemand@example.org"}))
    return "unknown-account:"


def address_confirmation(hub) -> str:
    client = hub.client_of(hub.editor_a)
    url = reverse("account_email")
    response = committed(
        lambda: client.post(url, {"action_add": "", "email": "zweite@example.org"})
    )
    assert response.status_code == 302
    return "email-confirmation:"


# The kinds of mail, each with its cause and the start of its German subject.
KINDS = {
    "invitation": (invitation, "[Regio.hub] Einladung zu Landkreis Testland A"),
    "invitation sent again": (invitation_sent_again, "[Regio.hub] Einladung zu Landkreis"),
    "barrier report": (barrier_report, "[Regio.hub] Barrieremeldung #"),
    "accession reminder": (accession_reminder, "[Regio.hub] Die Absichtserklärung endet am"),
    "weekly digest": (weekly_digest, "[Regio.hub] Ihre wöchentliche Zusammenfassung"),
    "announcement": (announcement, "[Regio.hub] Treffen im Dezember"),
    "project submitted": (project_submitted, f"[Regio.hub] Projekt zur Prüfung: {TITLE}"),
    "project published": (project_published, f"[Regio.hub] Projekt veröffentlicht: {TITLE}"),
    "project returned": (
        project_returned,
        f"[Regio.hub] Projekt zur Überarbeitung zurückgegeben: {TITLE}",
    ),
    "project archived": (project_archived, f"[Regio.hub] Projekt archiviert: {TITLE}"),
    "published project edited": (
        published_project_edited,
        f"[Regio.hub] Veröffentlichtes Projekt geändert: {TITLE}",
    ),
    "transfer interest": (transfer_interest, f"[Regio.hub] Interesse an Nachnutzung: {TITLE}"),
    "transfer interest in contact": (
        _interest_moved_to(TransferInterest.Status.IN_CONTACT),
        f"[Regio.hub] Nachnutzung: {TITLE}",
    ),
    "transfer interest adopted": (
        _interest_moved_to(TransferInterest.Status.ADOPTED),
        f"[Regio.hub] Nachnutzung: {TITLE}",
    ),
    "stop request accepted": (
        _stop_request_decided(True),
        "[Regio.hub] Ihre Innovationsmobil-Anfrage für Marktplatz wurde angenommen",
    ),
    "stop request declined": (
        _stop_request_decided(False),
        "[Regio.hub] Ihre Innovationsmobil-Anfrage für Marktplatz wurde abgelehnt",
    ),
    "password reset": (password_reset, "[Regio.hub] Passwort zurücksetzen"),
    "unknown account": (unknown_account, "[Regio.hub] Passwort zurücksetzen beim Regio.hub"),
    "address confirmation": (
        address_confirmation,
        "[Regio.hub] Bitte bestätigen Sie Ihre E-Mail-Adresse",
    ),
}


def _sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def _rows(prefix: str) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.with_key_prefix(prefix))


@pytest.mark.parametrize("kind", KINDS)
def test_the_mail_is_in_the_outbox_and_delivered_once(kind, hub, settings):
    settings.EMAIL_BACKEND = LOCMEM
    cause, subject = KINDS[kind]
    rows = _rows(cause(hub))
    assert rows
    assert all(row.subject.startswith(subject) for row in rows)
    assert all(row.status == OutgoingMail.Status.SENT for row in rows)
    assert _sent() == sorted((row.to, row.subject) for row in rows)


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_mail_server_loses_none_of_them(kind, hub, settings, refusing_mail_server):
    cause, _subject = KINDS[kind]
    prefix = cause(hub)
    rows = _rows(prefix)
    assert rows
    assert mail.outbox == []
    for row in rows:
        assert (row.status, row.attempts) == (OutgoingMail.Status.QUEUED, 1)
        assert "Connection refused" in row.last_error

    settings.EMAIL_BACKEND = LOCMEM  # the mail server accepts again
    retry_at = max(row.next_attempt_at for row in rows) + timedelta(seconds=1)
    with time_machine.travel(retry_at, tick=False):
        work_off()
        work_off()  # nothing is due any more: nobody gets a mail twice
    rows = _rows(prefix)
    assert all(row.status == OutgoingMail.Status.SENT for row in rows)
    assert _sent() == sorted((row.to, row.subject) for row in rows)
