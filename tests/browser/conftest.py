"""The browser suite's own fixtures: a browser tab logged in as a persona."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client

from tests.conftest import BrowserGuard


def session_cookie_for(user, origin: str) -> dict:
    """A session cookie for `user`, as after a login (MFA is set up where required)."""
    client = Client()
    client.force_login(user)
    # As allauth records a login by password (and TOTP where set up), so pages
    # that ask for a recent login (MFA settings) open without re-authenticating.
    session = client.session
    now = time.time()
    methods = [{"method": "password", "at": now, "email": user.email}]
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        methods.append({"method": "mfa", "at": now, "type": "totp"})
    session["account_authentication_methods"] = methods
    session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": origin,
    }


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files of each test go to a directory of their own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def tab_as(browser, live_server):
    """`tab_as(user_or_None)`: a fresh tab, logged in as the user, guarded like `page`."""
    opened = []

    def _open(user=None, *, viewport=None):
        context = browser.new_context(
            locale="de-DE",
            base_url=live_server.url,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        if user is not None:
            context.add_cookies([session_cookie_for(user, live_server.url)])
        tab = context.new_page()
        guard = BrowserGuard(live_server.url)
        tab.route("**/*", guard.route)
        tab.on("console", guard.console)
        tab.on("pageerror", lambda error: guard.page_errors.append(str(error)))
        tab.on("response", guard.response)
        opened.append((context, guard))
        tab.guard = guard  # the route test reports which page broke the rules
        return tab

    yield _open
    for context, _guard in opened:
        context.close()
    for _context, guard in opened:
        guard.assert_clean()
