"""The discussion thread of a joint draft: mentions, the 15-minute window, the history.

Only staff of the partners taking part (and the office) read and write it; a
mention tells the person once, in their language; the author corrects a
comment for 15 minutes, the earlier text is kept and the comment shows as edited.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from exchange.coinit.models import DraftComment
from exchange.coinit.services import edit_comment, post_comment
from notifications.models import OutgoingMail
from partners.models import Membership
from projects import services as project_services
from projects.models import Participation
from tests.exchange.factories import start_joint_draft
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor_a, partner_a, partner_b, editor_b):
    draft = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])
    project_services.accept_participation(
        participation=Participation.objects.get(project=draft.project, partner=partner_b),
        acting_user=editor_b,
    )
    return draft


def _mails_to(user):
    return list(OutgoingMail.objects.filter(to=user.email, key__startswith="draft-mention:"))


def test_a_mention_tells_each_person_once_in_their_language(draft, editor_a, editor_b, admin_a):
    editor_b.language = "en"
    editor_b.save()
    admin_a.language = "de"
    admin_a.save()
    body = (
        "Bitte prüfen: @editor.b@example.org und @Admin.A@example.org, auch @editor.b@example.org"
    )
    comment = post_comment(draft=draft, acting_user=editor_a, body=body)
    assert set(comment.mentioned.all()) == {editor_b, admin_a}
    [english] = _mails_to(editor_b)
    [german] = _mails_to(admin_a)
    assert english.subject.endswith(
        "mentioned you in the joint draft “Gemeinsame Videosprechstunde”"
    )
    assert "hat Sie im gemeinsamen Entwurf" in german.subject
    assert body in english.body
    assert f"#comment-{comment.pk}" in english.body
    # The author is not told about their own mention; an edit does not tell anybody twice.
    edit_comment(comment=comment, acting_user=editor_a, body=body + " @editor.a@example.org")
    assert len(_mails_to(editor_b)) == 1
    assert not _mails_to(editor_a)


def test_an_edit_tells_only_who_is_mentioned_for_the_first_time(
    draft, editor_a, editor_b, member_a
):
    comment = post_comment(draft=draft, acting_user=editor_a, body="Hallo @editor.b@example.org")
    edit_comment(
        comment=comment,
        acting_user=editor_a,
        body="Hallo @editor.b@example.org @member.a@example.org",
    )
    assert len(_mails_to(editor_b)) == 1
    assert len(_mails_to(member_a)) == 1


def test_mentioning_someone_outside_is_refused_with_the_address(draft, editor_a):
    outsider = MembershipFactory(
        partner=PartnerFactory(), user=UserFactory(email="c@example.org")
    ).user
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        post_comment(draft=draft, acting_user=editor_a, body="Und @c@example.org?")
    assert "c@example.org: only staff of the partners taking part" in str(refused.value)
    assert not DraftComment.objects.exists()
    assert not _mails_to(outsider)


def test_the_page_keeps_the_text_of_a_refused_comment(client, draft, editor_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("exchange_intern:joint_draft_comment", args=[draft.pk]),
        {"body": "Frage an @niemand@example.org"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Frage an @niemand@example.org</textarea>" in content
    assert "niemand@example.org:" in content


def test_the_body_is_sanitised_markdown(draft, editor_a):
    comment = post_comment(
        draft=draft, acting_user=editor_a, body="**fett** <script>alert(1)</script>"
    )
    assert "<strong>fett</strong>" in comment.body_html
    assert "<script" not in comment.body_html


def test_the_author_may_edit_for_15_minutes_and_the_history_keeps_the_text(client, draft, editor_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = post_comment(draft=draft, acting_user=editor_a, body="Erste Fassung")
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        edit_comment(comment=comment, acting_user=editor_a, body="Zweite Fassung")
    assert [h.body for h in comment.history.order_by("history_date")] == [
        "Erste Fassung",
        "Zweite Fassung",
    ]
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        with translation.override("en"), pytest.raises(ValidationError, match="first 15 minutes"):
            edit_comment(comment=comment, acting_user=editor_a, body="Dritte Fassung")
        client.force_login(editor_a)
        page = client.get(reverse("exchange_intern:joint_draft", args=[draft.pk])).content.decode()
    assert DraftComment.objects.get(pk=comment.pk).body == "Zweite Fassung"
    assert "bearbeitet" in page
    assert "Erste Fassung" in page  # the earlier version, under "Frühere Fassungen"
    assert (
        reverse("exchange_intern:joint_draft_comment_edit", args=[draft.pk, comment.pk]) not in page
    )


def test_a_late_save_of_the_edit_form_keeps_the_text_and_says_why(client, draft, editor_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = post_comment(draft=draft, acting_user=editor_a, body="Erste Fassung")
    client.force_login(editor_a)
    url = reverse("exchange_intern:joint_draft_comment_edit", args=[draft.pk, comment.pk])
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        response = client.post(url, {"body": "Zu spät"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zu spät</textarea>" in content
    assert "15 Minuten" in content


def test_only_the_author_edits(client, draft, editor_a, editor_b):
    comment = post_comment(draft=draft, acting_user=editor_a, body="Meins")
    client.force_login(editor_b)
    url = reverse("exchange_intern:joint_draft_comment_edit", args=[draft.pk, comment.pk])
    assert client.post(url, {"body": "Deins"}).status_code == 403
    assert DraftComment.objects.get(pk=comment.pk).body == "Meins"


def _page_queries(client, draft) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exchange_intern:joint_draft", args=[draft.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_draft_page_reads_a_constant_number_of_queries(client, draft, editor_a, editor_b):
    client.force_login(editor_b)
    first = post_comment(draft=draft, acting_user=editor_a, body="Eins @editor.b@example.org")
    edit_comment(comment=first, acting_user=editor_a, body="Eins, korrigiert")
    few = _page_queries(client, draft)
    for number in range(6):
        comment = post_comment(draft=draft, acting_user=editor_b, body=f"Kommentar {number}")
        edit_comment(comment=comment, acting_user=editor_b, body=f"Kommentar {number}, korrigiert")
    more = PartnerFactory(name="Dritter Partner")
    Participation.objects.create(project=draft.project, partner=more)
    MembershipFactory(partner=more, role=Membership.Role.EDITOR)
    assert _page_queries(client, draft) == few


def test_the_list_reads_a_constant_number_of_queries(
    client, editor_a, partner_a, partner_b, editor_b
):
    client.force_login(editor_a)
    start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])
    url = reverse("exchange_intern:joint_drafts")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one)
