"""The browser suite's own fixtures: a browser tab logged in as a persona, and one world
shared by all tests of a module that opens many pages."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings

from tests.conftest import BrowserGuard

from .checks import DESKTOP
from .routes import ADMIN, ANONYMOUS, EDITOR, MEMBER, OFFICE, SUPERUSER
from .world import build_world


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


# The logged-in personas of world.py, by their keys in the world.
PEOPLE = (MEMBER, EDITOR, ADMIN, OFFICE, SUPERUSER)


def open_tab(browser, origin: str, user=None, *, viewport=None):
    """(context, tab): a fresh tab against `origin`, logged in as `user` (None: nobody),
    whose guard (`tab.guard`) collects foreign requests, CSP violations, script errors
    and failed resources."""
    context = browser.new_context(locale="de-DE", base_url=origin, viewport=viewport or DESKTOP)
    context.set_default_timeout(10_000)
    if user is not None:
        context.add_cookies([session_cookie_for(user, origin)])
    tab = context.new_page()
    guard = BrowserGuard(origin)
    tab.route("**/*", guard.route)
    tab.on("console", guard.console)
    tab.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    tab.on("response", guard.response)
    tab.guard = guard  # the page tests report which page broke the rules
    return context, tab


@pytest.fixture(autouse=True)
def _private_media(request, settings, tmp_path):
    """Uploaded files of each test go to a directory of their own (a module world keeps
    the one its data was built with)."""
    if "module_world" not in request.fixturenames:
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def tab_as(browser, live_server):
    """`tab_as(user_or_None)`: a fresh tab, logged in as the user, guarded like `page`."""
    opened = []

    def _open(user=None, *, viewport=None):
        context, tab = open_tab(browser, live_server.url, user, viewport=viewport)
        opened.append((context, tab.guard))
        return tab

    yield _open
    for context, _guard in opened:
        context.close()
    for _context, guard in opened:
        guard.assert_clean()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, live_server_thread, tmp_path_factory):
    """The data of world.build_world(), built and committed once for all tests of the module.

    A module that opens many pages gives each page a test of its own, so that a failure
    names the page, without building the data and logging in again for every page. Its
    tests are marked `django_db` (not transactional): pytest-django wraps each in a
    transaction that it rolls back, which leaves the committed world alone (after a
    transactional test, and after every test that names `live_server`, hence
    `live_server_thread`, it empties the tables). So the test itself writes nothing: the
    live server would not see the rows, or would wait for their locks (module_tab logs in
    beforehand). The tables are emptied at the end of the module, as after a
    transactional test. Pages that change data do not belong in such a module.
    """
    private_media = tmp_path_factory.mktemp("private-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=private_media),
        # What pytest-django's live_server fixture switches on for each test (ALLOWED_HOSTS).
        live_server_thread._live_server_modified_settings,
    ):
        cache.clear()
        try:
            yield build_world()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()
            # Playwright's sync API runs an event loop in this thread, so Django (asgiref)
            # keeps the connections opened meanwhile apart from the thread's own: closed
            # here, or they would outlive the test database.
            connections.close_all()


@pytest.fixture(scope="module")
def module_tab(browser, live_server_thread, module_world, django_db_blocker):
    """`module_tab(persona)`: the module's one tab of that persona (ANONYMOUS or a person
    of the world), logged in and guarded; opened on first use, closed after the module.
    Each test reads what the guard collected on its own page (checks.guard_problems)."""
    origin = live_server_thread.url
    with django_db_blocker.unblock():  # every persona's session, before any test's transaction
        cookies = {persona: session_cookie_for(module_world[persona], origin) for persona in PEOPLE}
    contexts = []
    tabs = {}

    def _tab(persona: str):
        if persona not in tabs:
            context, tabs[persona] = open_tab(browser, origin)
            if persona != ANONYMOUS:
                context.add_cookies([cookies[persona]])
            contexts.append(context)
        return tabs[persona]

    yield _tab
    for context in contexts:
        context.close()
