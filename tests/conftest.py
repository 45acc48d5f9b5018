"""Fixtures for the whole suite: personas (STYLE.md), clients, and the browser.

Personas follow the pretix/healthchecks pattern: people of partner A in each
role, an admin of partner B (the outsider), the project office and a superuser.
"""

import os
import re
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from core.permissions import vouch_for_mfa
from partners.models import Membership
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    make_project_office,
    with_totp,
)

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """The load-and-fault run (marker `load`) runs only when a `-m` expression names it.

    It takes a minute and more of its own, so `make test` and a plain `pytest` leave it
    out, also with another marker expression such as `-m "not browser"`; `make loadtest`
    runs it with `-m load`.
    """
    if re.search(r"\bload\b", config.getoption("markexpr") or ""):
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("load") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """`make test took 4 min 10 s`, just above pytest's last line: the whole run, set-up
    included, from the start time the Makefile exports (MAKE_STARTED, MAKE_TARGET)."""
    result = yield
    started = os.environ.get("MAKE_STARTED")
    if started:
        seconds = round(time.time() - float(started))
        target = os.environ.get("MAKE_TARGET", "test")
        terminalreporter.write_line(f"make {target} took {seconds // 60} min {seconds % 60} s")
    return result


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hash test passwords with MD5 instead of PBKDF2 (as healthchecks does, for speed).

    PBKDF2 costs about 0.3 s per hash on this machine and the suite creates
    about a thousand accounts; what the tests check never depends on the
    algorithm. Subprocess servers (load test, deploy check) keep the real one.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def record_mfa_step(client: Client, user) -> None:
    """Write into the client's session what allauth writes when the MFA step is passed."""
    session = client.session
    records = session.get("account_authentication_methods") or []
    if session.get("account_authentication_methods_user") != str(user.pk):
        records = []
    records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture(autouse=True, scope="session")
def _force_login_is_a_whole_login():
    """`client.force_login(user)` stands for a complete login: a person with an
    authenticator has passed the MFA step as well, as allauth asks of them.

    Office and superuser rights hold only in a session that passed MFA (core.mfa).
    A test of a session without that step logs in a person without an
    authenticator, or removes the record (tests/core/test_office_rights_need_mfa.py).
    """
    from allauth.mfa.models import Authenticator

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        authenticators = Authenticator.objects.filter(user=user).exclude(
            type=Authenticator.Type.RECOVERY_CODES
        )
        if authenticators.exists():
            record_mfa_step(self, user)

    with mock.patch.object(Client, "_login", _login):
        yield


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate-limit counters and cached pages never leak from one test to the next.

    The cache lives in the database by default, so only tests with database
    access touch it.
    """
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES & set(
        request.fixturenames
    )
    # A module's shared world clears the cache once for the module (tests/browser): inside
    # the test's transaction the live server would wait for the rows it locks.
    uses_db = uses_db and "module_world" not in request.fixturenames
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()


# --- Personas -------------------------------------------------------------


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name="Landkreis Testland A", kind="landkreis")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name="Stadt Testhausen B", kind="stadt")


def _member(partner, role, email):
    return MembershipFactory(partner=partner, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def member_a(partner_a):
    return _member(partner_a, Membership.Role.MEMBER, "member.a@example.org")


@pytest.fixture
def editor_a(partner_a):
    return _member(partner_a, Membership.Role.EDITOR, "editor.a@example.org")


@pytest.fixture
def admin_a(partner_a):
    return _member(partner_a, Membership.Role.ADMIN, "admin.a@example.org")


@pytest.fixture
def admin_b(partner_b):
    return _member(partner_b, Membership.Role.ADMIN, "admin.b@example.org")


@pytest.fixture
def office(db):
    """A member of the project office (with MFA set up where the accounts app requires it)."""
    return make_project_office(UserFactory(email="office@example.org"))


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@example.org")
    user.is_staff = user.is_superuser = True
    user.save()
    return vouch_for_mfa(with_totp(user))  # as after an MFA login (make_project_office)


@pytest.fixture
def client_of(client):
    """`client_of(user)`: the test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- Real browser ---------------------------------------------------------


@pytest.fixture(scope="session")
def live_server_thread(request):
    """pytest-django's live server, serving the static files `make test` collected.

    pytest-django serves /static/ through the staticfiles finders, which do not
    know the fingerprinted names of the manifest storage the suite runs with:
    every stylesheet was a 404 and the browser tests saw unstyled pages. Django's
    own handler for live servers serves STATIC_ROOT, like whitenoise in production.
    """
    from django.test.testcases import _StaticFilesHandler
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _StaticFilesHandler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(live_server_thread):
    """The live server under the name pytest-django knows: a test that uses it gets a
    transactional database, emptied after the test. Tests that share one world for a
    whole module (tests/browser/conftest.py, `module_world`) use `live_server_thread`."""
    return live_server_thread


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserGuard:
    """Collects what must never happen in a page: foreign requests and CSP violations."""

    def __init__(self, origin: str):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.csp_violations: list[str] = []
        self.page_errors: list[str] = []
        self.failed_resources: list[str] = []
        # axe-core, injected by the test, reads every stylesheet (for its CSS
        # orientation rule) and re-creates one with an @import (as in Django
        # admin's forms.css) as a <style> element, which the strict CSP blocks.
        # Such reports come from the test's own script (no URL) while axe runs;
        # they are kept apart and are no finding about the page.
        self.axe_running = False
        self.axe_csp_reports: list[str] = []

    def route(self, route):
        url = route.request.url
        if url.startswith((self.origin, "data:", "blob:")):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            where = message.location or {}  # the script (and line) that broke the policy
            text = f"{message.text} [at {where.get('url')}:{where.get('lineNumber')}]"
            if self.axe_running and not where.get("url"):
                self.axe_csp_reports.append(text)
            else:
                self.csp_violations.append(text)

    def response(self, response):
        """A stylesheet, script, font or image that fails makes the page untestable."""
        if response.request.resource_type != "document" and response.status >= 400:
            self.failed_resources.append(f"{response.status} {response.url}")

    def assert_clean(self):
        assert not self.foreign_requests, f"requests left the test server: {self.foreign_requests}"
        assert not self.csp_violations, f"CSP violations: {self.csp_violations}"
        assert not self.page_errors, f"JavaScript errors: {self.page_errors}"
        assert not self.failed_resources, f"failed page resources: {self.failed_resources}"


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab against the live server; fails on foreign requests or CSP errors."""
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    guard = BrowserGuard(live_server.url)
    tab.route("**/*", guard.route)
    tab.on("console", guard.console)
    tab.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    tab.on("response", guard.response)
    tab.guard = guard
    yield tab
    context.close()
    guard.assert_clean()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page and return its violations."""
    guard = getattr(page, "guard", None)
    if guard is not None:
        guard.axe_running = True
    try:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            })"""
        )
    finally:
        if guard is not None:
            guard.axe_running = False
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """`assert_accessible(page)`: axe finds no WCAG 2.1 A/AA violation on the current page."""

    def _check(page):
        violations = axe_violations(page)
        assert not violations, f"axe on {page.url}:\n{format_violations(violations)}"

    return _check
