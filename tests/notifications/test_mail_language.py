"""Every e-mail is written in its reader's language, not in the language of whoever caused it.

Each person's account carries a language (German by default, the browser's
when they accepted their invitation, then their own choice on the profile).
The causes are those of test_every_mail, acted out by somebody whose pages
are in the other language: an English recipient reads English, subject,
text and dates; a German recipient reads German. A team inbox reads the hub's
working language (German); an address without account (an invitation) too.
"""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.mail import MailTemplate
from notifications.models import Category, DigestItem, Frequency, NotificationSetting, OutgoingMail
from notifications.services import notify, notify_users
from partners import services as partners
from partners.models import Invitation, User
from tests.factories import UserFactory
from tests.projects.factories import ProjectFactory
from tests.projects.test_participation_consent import edit_data
from tests.worker import committed

from .test_every_mail import (
    KINDS,
    LOCMEM,
    OFFICE_MAILBOX,
    TITLE,
    _rows,
    accession_reminder,
    address_confirmation,
    announcement,
    password_reset,
    project_archived,
    project_published,
    project_returned,
    project_submitted,
    published_project_edited,
    transfer_interest,
    weekly_digest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.PROJECT_OFFICE_EMAIL = OFFICE_MAILBOX


@pytest.fixture
def hub(client, client_of, partner_a, partner_b, editor_a, admin_a, admin_b, office):
    """The personas every kind of mail needs, and the test client (as in test_every_mail)."""
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


def _speaking(hub, language: str):
    """Every persona's account reads `language`."""
    User.objects.filter(
        pk__in=[hub.editor_a.pk, hub.admin_a.pk, hub.admin_b.pk, hub.office.pk]
    ).update(language=language)
    for person in (hub.editor_a, hub.admin_a, hub.admin_b, hub.office):
        person.language = language


def _acting_in(hub, language: str):
    """The sender's pages (the test client's and the services') are in `language`."""
    hub.client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return translation.override(language)


def participation_invited(hub) -> str:
    project = ProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    client = hub.client_of(hub.editor_a)
    url = f"/intern/projekte/{project.pk}/bearbeiten/"
    response = committed(
        lambda: client.post(url, edit_data(project, rows=[(hub.partner_b, "pilot_site")]))
    )
    assert response.status_code == 302
    return "project-step:"


# The kinds of mail to people with an account, each with the start of its English subject.
ENGLISH = {
    "accession reminder": (accession_reminder, "[Regio.hub] The Letter of Intent ends on"),
    "weekly digest": (weekly_digest, "[Regio.hub] Your weekly digest"),
    "announcement": (announcement, "[Regio.hub] Treffen im Dezember"),
    "project submitted": (project_submitted, f"[Regio.hub] Project for review: {TITLE}"),
    "project published": (project_published, f"[Regio.hub] Project published: {TITLE}"),
    "project returned": (
        project_returned,
        f"[Regio.hub] Project returned for changes: {TITLE}",
    ),
    "project archived": (project_archived, f"[Regio.hub] Project archived: {TITLE}"),
    "published project edited": (
        published_project_edited,
        f"[Regio.hub] Published project changed: {TITLE}",
    ),
    "transfer interest": (transfer_interest, f"[Regio.hub] Interest in adopting: {TITLE}"),
    "participation invited": (
        participation_invited,
        f"[Regio.hub] Invitation to take part in “{TITLE}”",
    ),
    "password reset": (password_reset, "[Regio.hub] Reset your password"),
    "address confirmation": (
        address_confirmation,
        "[Regio.hub] Please confirm your e-mail address",
    ),
}
GERMAN = {
    **{kind: KINDS[kind] for kind in ENGLISH if kind in KINDS},
    "participation invited": (
        participation_invited,
        f"[Regio.hub] Einladung zur Teilnahme an „{TITLE}“",
    ),
}


def _to_people(prefix: str) -> list[OutgoingMail]:
    """The mails of a cause to people (not to the office's team inbox)."""
    return [row for row in _rows(prefix) if row.to != OFFICE_MAILBOX]


@pytest.mark.parametrize("kind", ENGLISH)
def test_english_readers_get_english_mail_from_a_german_sender(kind, hub):
    _speaking(hub, "en")
    cause, subject = ENGLISH[kind]
    with _acting_in(hub, "de"):
        prefix = cause(hub)
    rows = _to_people(prefix)
    assert rows
    assert [row.subject for row in rows if not row.subject.startswith(subject)] == []


@pytest.mark.parametrize("kind", GERMAN)
def test_german_readers_get_german_mail_from_an_english_sender(kind, hub):
    cause, subject = GERMAN[kind]
    with _acting_in(hub, "en"):
        prefix = cause(hub)
    rows = _to_people(prefix)
    assert rows
    assert [row.subject for row in rows if not row.subject.startswith(subject)] == []


@pytest.mark.parametrize("kind", ["project submitted", "accession reminder"])
def test_the_office_team_inbox_reads_german_whatever_the_people_read(kind, hub):
    _speaking(hub, "en")
    cause, _subject = ENGLISH[kind]
    with _acting_in(hub, "en"):
        prefix = cause(hub)
    inbox = [row.subject for row in _rows(prefix) if row.to == OFFICE_MAILBOX]
    assert inbox
    assert all(subject.startswith(KINDS[kind][1]) for subject in inbox)


def test_the_reminder_writes_the_date_as_each_reader_writes_dates(hub):
    User.objects.filter(pk=hub.admin_a.pk).update(language="en")
    prefix = accession_reminder(hub)
    english = OutgoingMail.objects.with_key_prefix(prefix).get(to=hub.admin_a.email)
    german = OutgoingMail.objects.with_key_prefix(prefix).get(to=hub.office.email)
    assert "on Dec. 31, 2026" in english.subject
    assert "in 60 days, on Dec. 31, 2026" in english.body
    assert "am 31. Dezember 2026" in german.subject
    assert "in 60 Tagen, am 31. Dezember 2026" in german.body


def test_a_weekly_digest_item_is_kept_in_the_readers_language(hub):
    User.objects.filter(pk=hub.editor_a.pk).update(language="en")
    hub.editor_a.refresh_from_db()
    NotificationSetting.objects.create(
        user=hub.editor_a, category=Category.PROJECT_REVIEWS, frequency=Frequency.WEEKLY
    )
    project = ProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    with translation.override("de"):
        notify(
            user=hub.editor_a,
            category=Category.PROJECT_REVIEWS,
            key="test:digest",
            mail=MailTemplate("projects/email/published", {"project": project}),
        )
    assert DigestItem.objects.get(user=hub.editor_a).subject == f"Project published: {TITLE}"


def test_several_readers_each_get_their_own_language(hub):
    User.objects.filter(pk=hub.admin_a.pk).update(language="en")
    project = ProjectFactory(lead_partner=hub.partner_a, title=TITLE)
    people = User.objects.filter(pk__in=[hub.admin_a.pk, hub.editor_a.pk])
    notify_users(
        users=people,
        category=Category.PROJECT_REVIEWS,
        key="test:several",
        mail=MailTemplate("projects/email/published", {"project": project}),
    )
    subjects = dict(OutgoingMail.objects.values_list("to", "subject"))
    assert subjects == {
        hub.admin_a.email: f"[Regio.hub] Project published: {TITLE}",
        hub.editor_a.email: f"[Regio.hub] Projekt veröffentlicht: {TITLE}",
    }


# --- Invitations: the invitee has no account yet -------------------------------------


def _invite(hub, email: str, *, page_language: str):
    """The invitation mail as it left (the outbox keeps no copy of a personal link)."""
    url = reverse("partners_intern:invite", args=[hub.partner_a.slug])
    client = hub.client_of(hub.admin_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = page_language
    response = committed(lambda: client.post(url, {"email": email, "role": "member"}))
    assert response.status_code == 302
    assert Invitation.objects.get(email=email).mail.is_sent
    (sent,) = [message for message in mail.outbox if message.to == [email]]
    return sent


@pytest.fixture
def _locmem(settings):
    settings.EMAIL_BACKEND = LOCMEM


@pytest.mark.usefixtures("_locmem")
def test_an_invitation_to_a_new_address_is_german_even_from_an_english_page(hub):
    sent = _invite(hub, "new@example.org", page_language="en")
    assert sent.subject.startswith("[Regio.hub] Einladung zu Landkreis Testland A")
    assert "mit der Rolle Mitglied bei" in sent.body  # not "Member", the inviter's word
    assert "Der Link funktioniert einmal und bis" in sent.body


@pytest.mark.usefixtures("_locmem")
def test_an_invitation_to_an_english_account_is_english_from_a_german_page(hub):
    UserFactory(email="known@example.org", language="en")
    sent = _invite(hub, "known@example.org", page_language="de")
    assert sent.subject.startswith("[Regio.hub] Invitation to Landkreis Testland A")
    assert "as Member of" in sent.body
    assert "The link works once and until" in sent.body


@pytest.mark.parametrize(("browser", "expected"), [("en", "en"), ("de", "de")])
def test_accepting_an_invitation_keeps_the_browsers_language_for_later_mails(
    hub, client, browser, expected
):
    issued = partners.invite(
        partner=hub.partner_a, email="neu@example.org", role="member", acting_user=hub.admin_a
    )
    client.logout()
    response = client.post(
        issued.path,
        {
            "first_name": "Nora",
            "last_name": "Neu",
            "password1": "ein-langes-Passwort-42",
            "password2": "ein-langes-Passwort-42",
        },
        HTTP_ACCEPT_LANGUAGE=browser,
    )
    assert response.status_code == 302
    assert User.objects.get(email="neu@example.org").language == expected


# --- The visitor without account, and the profile --------------------------------------


@pytest.mark.parametrize(
    ("browser", "subject"),
    [("en", "[Regio.hub] Password reset at the Regio.hub"), ("de", KINDS["unknown account"][1])],
)
def test_a_visitor_without_account_reads_the_pages_language(hub, browser, subject):
    hub.client.defaults["HTTP_ACCEPT_LANGUAGE"] = browser
    committed(
        lambda: hub.client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    )
    assert _rows("unknown-account:")[0].subject.startswith(subject)


def test_the_profile_changes_the_language_of_my_mails(hub):
    client = hub.client_of(hub.editor_a)
    page = client.get(reverse("partners_intern:profile"))
    assert 'name="language"' in page.content.decode()
    response = client.post(
        reverse("partners_intern:profile"),
        {"first_name": "Eda", "last_name": "Editor", "language": "en"},
    )
    assert response.status_code == 302
    hub.editor_a.refresh_from_db()
    assert hub.editor_a.language == "en"
    prefix = password_reset_of(hub, hub.editor_a)
    assert _rows(prefix)[0].subject == "[Regio.hub] Reset your password"


def test_an_unknown_language_is_refused_with_a_message(hub):
    client = hub.client_of(hub.editor_a)
    response = client.post(
        reverse("partners_intern:profile"),
        {"first_name": "Eda", "last_name": "Editor", "language": "fr"},
    )
    assert response.status_code == 200
    assert "fr" in response.context["form"].errors["language"][0]
    hub.editor_a.refresh_from_db()
    assert hub.editor_a.language == "de"


def password_reset_of(hub, user) -> str:
    hub.client.logout()
    committed(lambda: hub.client.post(reverse("account_reset_password"), {"email": user.email}))
    return "password-reset-key:"
