"""The project office writes announcements and adds library documents in the portal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.models import Announcement, Document
from tests.worker import run_tasks_in_transaction

from .test_documents import pdf_bytes

pytestmark = pytest.mark.django_db

NEWS = "/intern/aktuelles/neu/"
UPLOAD = "/intern/bibliothek/hochladen/"


@pytest.fixture
def drain(django_capture_on_commit_callbacks):
    """Commit the request's writes, then let the worker run until nothing is left."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            response = write()
        while True:
            with django_capture_on_commit_callbacks(execute=True):
                ran = run_tasks_in_transaction()
            if not ran:
                return response

    return run


def _news(**overrides) -> dict:
    data = {
        "title": "Treffen im Dezember",
        "body": "Wir treffen uns **bald**.",
        "audience": "partners",
        "working_group": "",
        "publish_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "publish": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("persona", ["member_a", "admin_a"])
@pytest.mark.parametrize("url", [NEWS, UPLOAD])
def test_only_the_office_may_write(client_of, persona, url, request):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403
    assert client.post(url, _news()).status_code == 403
    assert not Announcement.objects.exists()


def test_office_sees_the_links_on_the_internal_pages(client_of, office, member_a):
    assert NEWS in client_of(office).get("/intern/aktuelles/").content.decode()
    assert UPLOAD in client_of(office).get("/intern/bibliothek/").content.decode()
    assert NEWS not in client_of(member_a).get("/intern/aktuelles/").content.decode()
    assert UPLOAD not in client_of(member_a).get("/intern/bibliothek/").content.decode()


def test_office_publishes_now_and_each_partner_staff_member_gets_one_mail(
    client_of, drain, office, member_a, admin_b
):
    response = drain(lambda: client_of(office).post(NEWS, _news()))
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert (announcement.state, announcement.author) == ("published", office)
    assert announcement.recipient_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == [admin_b.email, member_a.email]
    assert "Treffen im Dezember" in mail.outbox[0].subject


def test_a_later_publication_time_waits(client, client_of, drain, office, member_a):
    later = timezone.localtime() + timedelta(days=2)
    drain(
        lambda: client_of(office).post(
            NEWS, _news(audience="public", publish_at=later.strftime("%Y-%m-%dT%H:%M"))
        )
    )
    announcement = Announcement.objects.get()
    assert announcement.state == "published" and announcement.mailed_at is None
    assert mail.outbox == []
    client.logout()
    assert "Treffen im Dezember" not in client.get("/aktuelles/").content.decode()


def test_without_publishing_it_stays_a_draft(client_of, drain, office, member_a):
    drain(lambda: client_of(office).post(NEWS, _news(publish=None)))
    assert Announcement.objects.get().state == "draft"
    assert mail.outbox == []


def test_a_group_announcement_needs_a_group_and_the_input_is_kept(client_of, office):
    response = client_of(office).post(NEWS, _news(audience="group"))
    assert response.status_code == 400
    assert "Treffen im Dezember" in response.content.decode()
    assert not Announcement.objects.exists()


def test_office_adds_a_public_library_document(client, client_of, office, member_a):
    response = client_of(office).post(
        UPLOAD,
        {
            "title": "Leitfaden",
            "description": "",
            "is_public": "on",
            "file": SimpleUploadedFile("leitfaden.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    document = Document.objects.library().get()
    assert (document.title, document.is_public, document.versions.count()) == (
        "Leitfaden",
        True,
        1,
    )
    assert "Leitfaden" in client_of(member_a).get("/intern/bibliothek/").content.decode()
    client.logout()
    assert client.get(f"/dokumente/{document.pk}/").status_code == 200


def test_a_file_that_is_not_what_it_claims_is_refused(client_of, office):
    response = client_of(office).post(
        UPLOAD,
        {"title": "X", "description": "", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert response.status_code == 400
    assert not Document.objects.exists()
