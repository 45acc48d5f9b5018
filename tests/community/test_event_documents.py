"""Documents attached to an event from the portal (host partner's editors, the office)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Document

from .factories import EventFactory, WorkingGroupFactory, WorkingGroupMemberFactory
from .test_documents import pdf_bytes

pytestmark = pytest.mark.django_db


def _url(event) -> str:
    return f"/intern/termine/{event.pk}/dokumente/"


def _upload(client, event, title="Folien", public=True):
    data = {"title": title, "description": "", "file": SimpleUploadedFile("f.pdf", pdf_bytes())}
    if public:
        data["is_public"] = "on"
    return client.post(_url(event), data)


@pytest.fixture
def event(partner_a):
    return EventFactory(host_partner=partner_a, title="Workshop Daten")


def test_host_editor_attaches_a_public_document_shown_on_the_public_pages(
    client, client_of, event, editor_a
):
    detail = client_of(editor_a).get(event.get_absolute_url()).content.decode()
    assert _url(event) in detail
    assert _upload(client_of(editor_a), event).status_code == 302
    document = Document.objects.get(event=event)
    assert document.is_public and document.versions.count() == 1
    client.logout()
    assert "Folien" in client.get(event.get_absolute_url()).content.decode()
    assert "Folien" in client.get("/dokumente/").content.decode()
    assert client.get(f"/dokumente/{document.pk}/").status_code == 200


def test_internal_document_of_a_group_meeting_stays_with_the_group(
    client, client_of, partner_a, editor_a
):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=editor_a)
    event = EventFactory(host_partner=partner_a, working_group=group, is_public=False)
    _upload(client_of(editor_a), event, title="Protokoll", public=False)
    document = Document.objects.get(event=event)
    assert document.working_group == group
    client.logout()
    assert client.get(f"/dokumente/{document.pk}/").status_code == 404
    assert "Protokoll" not in client.get("/dokumente/").content.decode()


@pytest.mark.parametrize("persona", ["member_a", "admin_b"])
def test_members_and_other_partners_cannot_attach(client_of, event, persona, request):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(_url(event)).status_code == 403
    assert _upload(client, event).status_code == 403
    assert not Document.objects.exists()


def test_office_attaches_to_any_event_and_host_editor_replaces_the_file(
    client_of, event, office, editor_a
):
    assert _upload(client_of(office), event).status_code == 302
    document = Document.objects.get(event=event)
    response = client_of(editor_a).post(
        f"/intern/dokumente/{document.pk}/ersetzen/",
        {"file": SimpleUploadedFile("g.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(event)
    assert document.versions.count() == 2


def test_internal_event_of_another_partner_is_404(client_of, partner_b, editor_a):
    hidden = EventFactory(host_partner=partner_b, is_public=False)
    assert client_of(editor_a).get(_url(hidden)).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused(client_of, event, editor_a):
    response = client_of(editor_a).post(
        _url(event), {"title": "X", "description": "", "file": SimpleUploadedFile("x.pdf", b"no")}
    )
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_internal_document_of_an_internal_event_stays_with_those_who_see_the_event(
    client_of, partner_a, editor_a, admin_b
):
    internal_event = EventFactory(host_partner=partner_a, title="Klausur", is_public=False)
    assert (
        _upload(client_of(editor_a), internal_event, title="Protokoll", public=False).status_code
        == 302
    )
    document = Document.objects.get(event=internal_event)

    assert admin_b.has_perm("community.view_document", document) is False
    assert client_of(admin_b).get(document.get_absolute_url()).status_code == 404
    assert "Protokoll" not in client_of(admin_b).get("/intern/bibliothek/").content.decode()
    assert "Protokoll" in client_of(editor_a).get("/intern/bibliothek/").content.decode()


def test_internal_document_of_a_public_event_is_not_public(
    client, client_of, event, editor_a, admin_b
):
    assert (
        _upload(client_of(editor_a), event, title="Interne Notiz", public=False).status_code == 302
    )
    document = Document.objects.get(event=event)
    client.logout()
    assert client.get(document.get_absolute_url()).status_code == 404
    assert "Interne Notiz" not in client.get(event.get_absolute_url()).content.decode()
    assert client_of(admin_b).get(document.get_absolute_url()).status_code == 200
