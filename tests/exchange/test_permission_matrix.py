"""Who may do what with needs (pretix-style permission matrix over every new URL).

Personas: a visitor, an expert of the network (network member, no partner staff),
an editor of another partner (B), the need's own editor and admin (A), the
project office with MFA. Logged out → login; not visible → 404; visible but not
allowed → 403; allowed → 200 (pages) or the redirect back to the need (steps).
"""

import pytest
from django.urls import reverse

from exchange.models import NeedState, NeedSupport
from tests.exchange.factories import NeedFactory, OpenNeedFactory, PublicNeedFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "network_member", "editor_b", "editor_a", "admin_a", "office"]
LOGIN = "login"
DONE = "done"  # a step was taken: back to the need's page


@pytest.fixture
def needs(partner_a, partner_b):
    return {
        "draft": NeedFactory(partner=partner_a, title="Entwurf A"),
        "network": OpenNeedFactory(partner=partner_a, title="Netzwerkbedarf A"),
        "public": PublicNeedFactory(partner=partner_a, title="Öffentlicher Bedarf A"),
    }


@pytest.fixture
def as_persona(request, client, partner_a, partner_b):
    def _client(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return _client


def _check(response, expected, need=None):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == DONE:
        assert response.status_code == 302, response.content[:300]
        assert response["Location"] == need.get_internal_url()
    else:
        assert response.status_code == expected


def row(anonymous, network_member, editor_b, editor_a, admin_a, office):
    return dict(
        zip(PERSONAS, [anonymous, network_member, editor_b, editor_a, admin_a, office], strict=True)
    )


PAGES = {
    "public list": (lambda n: reverse("exchange:list"), row(200, 200, 200, 200, 200, 200)),
    "public need": (
        lambda n: reverse("exchange:detail", args=[n["public"].slug]),
        row(200, 200, 200, 200, 200, 200),
    ),
    "network-only need on the public page": (
        lambda n: reverse("exchange:detail", args=[n["network"].slug]),
        row(404, 404, 404, 404, 404, 404),
    ),
    "draft on the public page": (
        lambda n: reverse("exchange:detail", args=[n["draft"].slug]),
        row(404, 404, 404, 404, 404, 404),
    ),
    "internal list": (
        lambda n: reverse("exchange_intern:list"),
        row(LOGIN, 403, 200, 200, 200, 200),
    ),
    "record a need": (
        lambda n: reverse("exchange_intern:create"),
        row(LOGIN, 403, 200, 200, 200, 200),
    ),
    "draft": (
        lambda n: reverse("exchange_intern:detail", args=[n["draft"].pk]),
        row(LOGIN, 403, 404, 200, 200, 200),
    ),
    "network-only need": (
        lambda n: reverse("exchange_intern:detail", args=[n["network"].pk]),
        row(LOGIN, 403, 200, 200, 200, 200),
    ),
    "edit a draft": (
        lambda n: reverse("exchange_intern:edit", args=[n["draft"].pk]),
        row(LOGIN, 403, 404, 200, 200, 200),
    ),
    "edit an open need": (
        lambda n: reverse("exchange_intern:edit", args=[n["network"].pk]),
        row(LOGIN, 403, 403, 200, 200, 200),
    ),
    "solve (confirmation)": (
        lambda n: reverse("exchange_intern:solve", args=[n["network"].pk]),
        row(LOGIN, 403, 403, 200, 200, 200),
    ),
    "close (confirmation)": (
        lambda n: reverse("exchange_intern:close", args=[n["public"].pk]),
        row(LOGIN, 403, 403, 200, 200, 200),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(as_persona, needs, persona, page):
    url_for, expected = PAGES[page]
    response = as_persona(persona).get(url_for(needs))
    _check(response, expected[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_unknown_need_is_404_inside(as_persona, needs, persona):
    response = as_persona(persona).get(reverse("exchange_intern:detail", args=[99999]))
    _check(response, row(LOGIN, 403, 404, 404, 404, 404)[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_open_a_draft(as_persona, needs, persona):
    need = needs["draft"]
    response = as_persona(persona).post(reverse("exchange_intern:open", args=[need.pk]))
    expected = row(LOGIN, 403, 404, DONE, DONE, DONE)[persona]
    _check(response, expected, need)
    need.refresh_from_db()
    assert (need.state == NeedState.OPEN) == (expected == DONE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_the_exchange(as_persona, needs, persona):
    need = needs["network"]
    response = as_persona(persona).post(reverse("exchange_intern:start_exchange", args=[need.pk]))
    expected = row(LOGIN, 403, 403, DONE, DONE, DONE)[persona]
    _check(response, expected, need)
    need.refresh_from_db()
    assert (need.state == NeedState.IN_EXCHANGE) == (expected == DONE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_close_with_confirmation(as_persona, needs, persona):
    need = needs["public"]
    url = reverse("exchange_intern:close", args=[need.pk])
    response = as_persona(persona).post(url, {"confirmed": "yes", "reason": "Erledigt."})
    expected = row(LOGIN, 403, 403, DONE, DONE, DONE)[persona]
    _check(response, expected, need)
    need.refresh_from_db()
    assert (need.state == NeedState.CLOSED) == (expected == DONE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_co_sign(as_persona, needs, partner_b, persona):
    """Only another partner's editor co-signs; the own partner is told it is its own need."""
    need = needs["network"]
    url = reverse("exchange_intern:cosign", args=[need.pk])
    response = as_persona(persona).post(url, {"partner": partner_b.pk})
    # The own editor and admin edit for a partner: the step answers with a message.
    expected = row(LOGIN, 403, DONE, DONE, DONE, 403)[persona]
    _check(response, expected, need)
    assert NeedSupport.objects.filter(need=need).exists() == (persona == "editor_b")


def test_co_signing_a_draft_of_another_partner_is_404(client, needs, editor_b, partner_b):
    client.force_login(editor_b)
    need = needs["draft"]
    response = client.post(
        reverse("exchange_intern:cosign", args=[need.pk]), {"partner": partner_b.pk}
    )
    assert response.status_code == 404
