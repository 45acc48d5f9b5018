"""Who may do what with joint drafts (pretix-style permission matrix over every new URL).

The draft is led by partner A; partner B is invited but has not answered, so
B's editor sees nothing of it yet. Personas: a visitor, an expert of the
network, an editor of an uninvolved partner C, B's editor, A's member, A's
editor (the author of the comment), the project office with MFA.
Logged out → login; not visible → 404; visible but not allowed → 403;
allowed → 200 (pages, downloads) or the redirect back to the draft (steps).
"""

import pytest
from django.urls import reverse

from exchange.coinit.models import Confirmation, DraftComment
from exchange.coinit.services import post_comment
from partners.models import Membership
from tests.exchange.factories import OpenNeedFactory, start_joint_draft
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "network_member", "editor_c", "editor_b", "member_a", "editor_a", "office"]
LOGIN = "login"
DONE = "done"  # a step was taken: back to the draft's page


def row(*expected):
    return dict(zip(PERSONAS, expected, strict=True))


@pytest.fixture
def editor_c(db):
    return MembershipFactory(
        partner=PartnerFactory(name="Gemeinde C"),
        role=Membership.Role.EDITOR,
        user=UserFactory(email="editor.c@example.org"),
    ).user


@pytest.fixture
def world(editor_a, partner_a, partner_b, editor_b):
    need = OpenNeedFactory(partner=partner_a)
    draft = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b], need=need)
    comment = post_comment(draft=draft, acting_user=editor_a, body="Erster Gedanke")
    return {
        "draft": draft,
        "need": need,
        "comment": comment,
        "partner_a": partner_a,
        "partner_b": partner_b,
    }


@pytest.fixture
def as_persona(request, client):
    def _client(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return _client


def _check(response, expected, world=None):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302, response.content[:300]
        assert response["Location"].startswith(world["draft"].get_absolute_url())
    else:
        assert response.status_code == expected


def _url(name, *args):
    return lambda w: reverse(f"exchange_intern:{name}", args=[a(w) for a in args])


def draft_pk(w):
    return w["draft"].pk


def partner_a_pk(w):
    return w["partner_a"].pk


def partner_b_pk(w):
    return w["partner_b"].pk


PAGES = {
    "list of joint drafts": (_url("joint_drafts"), row(LOGIN, 403, 200, 200, 200, 200, 200)),
    "start from scratch": (_url("joint_draft_create"), row(LOGIN, 403, 200, 200, 403, 200, 200)),
    "start from a need": (
        _url("joint_draft_start", lambda w: w["need"].pk),
        row(LOGIN, 403, 200, 200, 403, 200, 200),
    ),
    "the draft with its thread": (
        _url("joint_draft", draft_pk),
        row(LOGIN, 403, 404, 404, 200, 200, 200),
    ),
    "edit a comment (the author's)": (
        _url("joint_draft_comment_edit", draft_pk, lambda w: w["comment"].pk),
        row(LOGIN, 403, 404, 404, 403, 200, 403),
    ),
    "submit (confirmation page)": (
        _url("joint_draft_submit", draft_pk),
        row(LOGIN, 403, 404, 404, 403, 200, 200),
    ),
    "council paper PDF": (
        _url("council_paper_pdf", draft_pk, partner_a_pk),
        row(LOGIN, 403, 404, 404, 200, 200, 200),
    ),
    "council paper ODT": (
        _url("council_paper_odt", draft_pk, partner_a_pk),
        row(LOGIN, 403, 404, 404, 200, 200, 200),
    ),
    # B's council decides on joining before B answers: B's editor reads B's paper.
    "council paper PDF of the invited partner": (
        _url("council_paper_pdf", draft_pk, partner_b_pk),
        row(LOGIN, 403, 404, 200, 200, 200, 200),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(as_persona, world, persona, page):
    url_for, expected = PAGES[page]
    _check(as_persona(persona).get(url_for(world)), expected[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_comment(as_persona, world, persona):
    url = reverse("exchange_intern:joint_draft_comment", args=[world["draft"].pk])
    response = as_persona(persona).post(url, {"body": "Noch ein Gedanke"})
    expected = row(LOGIN, 403, 404, 404, DONE, DONE, DONE)[persona]
    _check(response, expected, world)
    assert DraftComment.objects.filter(body="Noch ein Gedanke").exists() == (expected == DONE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_confirm(as_persona, world, persona):
    url = reverse("exchange_intern:joint_draft_confirm", args=[world["draft"].pk])
    response = as_persona(persona).post(url, {"partner": world["partner_a"].pk})
    # A confirmation speaks for the partner: its editors, not its members or the office.
    expected = row(LOGIN, 403, 404, 404, 403, DONE, 403)[persona]
    _check(response, expected, world)
    assert Confirmation.objects.exists() == (expected == DONE)


def test_unknown_draft_is_404_inside(client, editor_a):
    client.force_login(editor_a)
    assert client.get(reverse("exchange_intern:joint_draft", args=[99999])).status_code == 404


def test_pages_answer_head(client, world, editor_a):
    client.force_login(editor_a)
    for name in ("joint_drafts", "joint_draft_create"):
        assert client.head(reverse(f"exchange_intern:{name}")).status_code == 200
    assert client.head(world["draft"].get_absolute_url()).status_code == 200


def test_a_comment_of_another_draft_is_404(client, world, editor_a, partner_a, partner_b):
    other = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])
    client.force_login(editor_a)
    url = reverse("exchange_intern:joint_draft_comment_edit", args=[other.pk, world["comment"].pk])
    assert client.get(url).status_code == 404
