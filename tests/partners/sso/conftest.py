"""A real OpenID Connect provider on 127.0.0.1 for the single-sign-on tests.

The session fixture `idp` starts django-allauth's own provider (idp/) as a
process of its own on a free port, with a client registered for the portal and
the people below, and stops it at the end. `sso_login` drives the authorization-
code flow: the portal's test client starts it, `requests` logs in at the provider
as a browser would, and the callback with the code goes back to the portal, which
exchanges the code with the provider over HTTP.
"""

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from partners.models import PartnerIdentityProvider

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "regiohub-test"
CLIENT_SECRET = "test-client-secret-only-for-the-local-provider"  # nosec B105
SECRET_ENV = "REGIOHUB_SSO_TEST_SECRET"
IDP_PASSWORD = "idp-password-for-tests"  # nosec B105
PORTAL = "http://testserver"
SLUGS = ["bezirk-nord", "bezirk-sued"]
START_TIMEOUT = 30  # seconds; the provider is usually up in two or three

# The people the provider knows (their accounts at their administration).
PEOPLE = [
    {"email": "anna@nord.example", "first_name": "Anna", "last_name": "Amt"},
    {"email": "bernd@nord.example", "first_name": "Bernd", "last_name": "Bauer"},
    {"email": "clara@nord.example", "first_name": "Clara", "last_name": "Chef",
     "groups": ["portal-admins", "staff"]},
    {"email": "dora@nord.example", "first_name": "Dora", "last_name": "Dienst"},
    {"email": "otto@nord.example", "first_name": "Otto", "last_name": "Office"},
    {"email": "paul@nord.example", "first_name": "Paul", "last_name": "Pendler"},
    {"email": "eve@anderswo.example", "first_name": "Eve", "last_name": "Extern"},
    {"email": "erik@nord.example", "first_name": "Erik", "last_name": "Editor"},
]  # fmt: skip


@dataclass(frozen=True)
class IdentityProviderServer:
    url: str

    def row(self, partner, *, slug: str = SLUGS[0], **fields) -> PartnerIdentityProvider:
        """The portal's configuration of this provider for `partner`."""
        values = {
            "name": "Bezirksamt Nord",
            "server_url": self.url,
            "client_id": CLIENT_ID,
            "client_secret_env": SECRET_ENV,
            "email_domains": "nord.example",
        } | fields
        provider = PartnerIdentityProvider(partner=partner, slug=slug, **values)
        provider.full_clean()
        provider.save()
        return provider


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(tmp_path_factory, portal: str = PORTAL):
    """Start the provider with a client whose redirect URIs point at `portal`; stop it after."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    port = _free_port()
    setup = {
        "client": {
            "id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "redirect_uris": [f"{portal}/accounts/oidc/{slug}/login/callback/" for slug in SLUGS],
            "post_logout_redirect_uris": [f"{portal}/"],
        },
        "users": [person | {"password": IDP_PASSWORD} for person in PEOPLE],
    }
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.partners.sso.idp.settings",
        "IDP_DATA_DIR": str(tmp_path_factory.mktemp("idp")),
        "IDP_PRIVATE_KEY": pem,
        "IDP_SETUP": json.dumps(setup),
    }
    log = (tmp_path_factory.getbasetemp() / f"idp-{port}.log").open("w")
    process = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "tests.partners.sso.idp.server", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the test provider stopped: see {log.name}")
            try:
                if requests.get(f"{url}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test provider did not start in time: see {log.name}")
            time.sleep(0.1)
        yield IdentityProviderServer(url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    with running_provider(tmp_path_factory) as server:
        yield server


@pytest.fixture(autouse=True)
def _client_secret_in_the_environment(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Flow:
    """One login through the provider, stopped where the provider sends back to the portal."""

    callback: str  # path and query of the portal's callback (code and state)
    browser: requests.Session  # the provider's cookies (its own session)

    @property
    def params(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.callback).query).items()}

    def with_params(self, **changes: str) -> str:
        parts = urlsplit(self.callback)
        return urlunsplit(parts._replace(query=urlencode(self.params | changes)))


def log_in_at_provider(authorize_url: str, email: str, password: str = IDP_PASSWORD) -> Flow:
    """As a browser: open the provider's authorization URL, log in, return the callback."""
    browser = requests.Session()
    url, data = authorize_url, None
    for _hop in range(10):
        response = (
            browser.post(url, data=data, allow_redirects=False, timeout=10)
            if data
            else browser.get(url, allow_redirects=False, timeout=10)
        )
        data = None
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(PORTAL):
                return Flow(callback=url.removeprefix(PORTAL), browser=browser)
            continue
        assert response.status_code == 200, (response.status_code, response.text[:500])
        token = _CSRF.search(response.text)
        assert token, response.text[:500]
        data = {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
        if "next=" in url:
            data["next"] = parse_qs(urlsplit(url).query)["next"][0]
    raise AssertionError("the provider did not send back to the portal")


def start(client, email: str = "", provider: str = ""):
    """Start at the portal's login page section; the answer is the page that moves on to
    the provider (provider_url() reads where)."""
    data = {"email": email} if email else {"provider": provider}
    return client.post("/accounts/sso/", data)


_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def provider_url(response) -> str:
    """The provider's authorization URL the hand-over page moves on to."""
    assert response.status_code == 200, response.content[:500]
    found = _REFRESH.search(response.content.decode())
    assert found, response.content[:500]
    url = html.unescape(found.group(1))
    assert f'href="{found.group(1)}"' in response.content.decode()  # the same as a button
    return url


def sso_login(client, email: str, **start_with):
    """The whole login: portal → provider (log in) → portal; the portal's last answer."""
    response = start(client, **(start_with or {"email": email}))
    flow = log_in_at_provider(provider_url(response), email)
    return client.get(flow.callback)
