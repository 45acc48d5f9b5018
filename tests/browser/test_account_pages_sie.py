"""The account pages (allauth: password, e-mail, two-factor, sessions) in German say
"Sie", never "du". Not a browser test: Django's test client, the route list's world."""

import re

import pytest
from django.test import Client

from .conftest import session_cookie_for
from .routes import ANONYMOUS, ROUTES
from .world import build_world

DU = re.compile(r"\b(du|dein\w*|dich|dir)\b", re.IGNORECASE)
ACCOUNT_PREFIXES = ("account_", "mfa_", "usersessions_", "socialaccount_", "sso_")
ACCOUNT_ROUTES = [r for r in ROUTES if r.name.startswith(ACCOUNT_PREFIXES)]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_every_account_page_says_sie_in_german():
    assert len(ACCOUNT_ROUTES) > 15
    world = build_world()
    wrong = []
    for route in ACCOUNT_ROUTES:
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        if route.persona != ANONYMOUS:
            cookie = session_cookie_for(world[route.persona], "http://testserver")
            client.cookies[cookie["name"]] = cookie["value"]
        response = client.get(route.path(world), follow=True)
        assert response.status_code == 200, route.name
        found = DU.findall(visible_text(response.content.decode()))
        if found:
            wrong.append(f"{route.name}: {found}")
    assert not wrong, "\n".join(wrong)
