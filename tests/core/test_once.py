"""Forms that create once (issue 15, scope 8): a double click makes one object.

The mechanism (core/once.py) and the four forms that use it: a new project,
an invitation of a colleague, an interest in adoption, a document upload. The
second sending, with the first one's token, redirects to the first's result
with a friendly message instead of an error or a second object.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from community.models import Document
from core import once
from core.models import FormSubmission
from partners.models import Invitation, Membership
from projects.models import Project, TransferInterest
from tests.community.test_documents import pdf_bytes
from tests.factories import UserFactory
from tests.projects.factories import PublishedProjectFactory

TOKEN = "aVeryRandomLookingToken_1234567"


class Sent:
    def __init__(self, token=TOKEN):
        self.cleaned_data = {"form_token": token}


@pytest.mark.django_db
def test_the_second_sending_finds_the_first_result(partner_a):
    user = UserFactory()
    made = []

    def perform():
        made.append(1)
        return f"/ergebnis/{len(made)}/"

    first = once.submit_once(user=user, form=Sent(), name="test", perform=perform)
    second = once.submit_once(user=user, form=Sent(), name="test", perform=perform)
    assert first == ("/ergebnis/1/", True)
    assert second == ("/ergebnis/1/", False)
    assert made == [1]


@pytest.mark.django_db
def test_a_failed_sending_leaves_the_token_free():
    user = UserFactory()

    def fail():
        raise ValueError("broken")

    with pytest.raises(ValueError):
        once.submit_once(user=user, form=Sent(), name="test", perform=fail)
    assert not FormSubmission.objects.exists()
    assert once.submit_once(user=user, form=Sent(), name="test", perform=lambda: "/x/")[1]


@pytest.mark.django_db
def test_tokens_are_per_person_and_a_missing_token_just_runs():
    alice, bob = UserFactory(), UserFactory()
    assert once.submit_once(user=alice, form=Sent(), name="t", perform=lambda: "/a/")[1]
    assert once.submit_once(user=bob, form=Sent(), name="t", perform=lambda: "/b/")[1]
    assert once.submit_once(user=alice, form=Sent(""), name="t", perform=lambda: "/c/")[1]
    assert once.submit_once(user=alice, form=Sent(""), name="t", perform=lambda: "/c/")[1]


def test_a_malformed_token_counts_as_none():
    field = once.OneTimeTokenField()
    assert field.clean("<script>") == ""
    assert field.clean(TOKEN) == TOKEN


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_the_same_time_make_one(partner_a):
    """The second waits on the unique index until the first has committed."""
    user = UserFactory()
    started, release = threading.Event(), threading.Event()
    results, made = [], []

    def slow():
        made.append("first")
        started.set()
        release.wait(5)
        return "/erstes/"

    def first():
        try:
            results.append(once.submit_once(user=user, form=Sent(), name="t", perform=slow))
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(5)
    second_done = []

    def second():
        try:
            second_done.append(
                once.submit_once(
                    user=user, form=Sent(), name="t", perform=lambda: made.append("2") or "/2/"
                )
            )
        finally:
            connection.close()

    other = threading.Thread(target=second)
    other.start()
    other.join(0.5)
    assert other.is_alive()  # waiting for the first transaction
    release.set()
    thread.join(5)
    other.join(5)
    assert results == [("/erstes/", True)]
    assert second_done == [("/erstes/", False)]
    assert made == ["first"]


# --- The four forms -------------------------------------------------------------------


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data)
    return first, second


def _message(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


@pytest.mark.django_db
def test_creating_a_project_twice_makes_one_draft(client_of, partner_a, editor_a):
    data = {
        "form_token": TOKEN,
        "title": "Doppelklick",
        "summary": "Einmal.",
        "kind": "existing",
        "status": "planning",
        "lead_partner": partner_a.pk,
        "transfer_direction": "none",
        "teilnehmende-TOTAL_FORMS": "1",
        "teilnehmende-INITIAL_FORMS": "0",
        "teilnehmende-MIN_NUM_FORMS": "0",
        "teilnehmende-MAX_NUM_FORMS": "60",
        "teilnehmende-0-partner": "",
        "teilnehmende-0-role": "partner",
        "action": "save",
    }
    first, second = _twice(client_of(editor_a), "/intern/projekte/neu/", data)
    project = Project.objects.get(title="Doppelklick")
    assert first["Location"] == second["Location"] == project.get_internal_url()
    assert "bereits" in _message(second) or "already" in _message(second)


@pytest.mark.django_db
def test_the_new_project_form_carries_a_fresh_token(client_of, editor_a):
    client = client_of(editor_a)
    tokens = [
        client.get("/intern/projekte/neu/").context["form"]["form_token"].value() for _ in range(2)
    ]
    assert tokens[0] != tokens[1] and all(len(t) >= 16 for t in tokens)


@pytest.mark.django_db
def test_inviting_a_colleague_twice_sends_one_invitation(client_of, partner_a, admin_a):
    url = f"/intern/partner/{partner_a.slug}/einladen/"
    data = {"form_token": TOKEN, "email": "neu@example.org", "role": Membership.Role.MEMBER}
    first, second = _twice(client_of(admin_a), url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Invitation.objects.filter(email="neu@example.org").count() == 1


@pytest.mark.django_db
def test_signalling_interest_twice_signals_once(client_of, partner_a, partner_b, admin_b):
    project = PublishedProjectFactory(lead_partner=partner_a)
    url = f"/intern/projekte/{project.pk}/nachnutzung/"
    data = {"form_token": TOKEN, "partner": partner_b.pk, "message": "Wir auch."}
    first, second = _twice(client_of(admin_b), url, data)
    assert second["Location"] == first["Location"] == project.get_absolute_url()
    assert TransferInterest.objects.count() == 1
    # Not the error "already signalled", but the friendly note.
    assert "bereits" in _message(second) or "already" in _message(second)


@pytest.mark.django_db
def test_uploading_a_document_twice_stores_one(client_of, office, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"

    def data():
        return {
            "form_token": TOKEN,
            "title": "Leitfaden",
            "description": "",
            "file": SimpleUploadedFile("leitfaden.pdf", pdf_bytes(), "application/pdf"),
        }

    client = client_of(office)
    first = client.post("/intern/bibliothek/hochladen/", data())
    second = client.post("/intern/bibliothek/hochladen/", data())
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Document.objects.filter(title="Leitfaden").count() == 1
    assert "bereits" in _message(second) or "already" in _message(second)
