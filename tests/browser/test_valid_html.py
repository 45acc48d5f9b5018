"""Every page of the route list is valid HTML: 0 errors in the Nu Html Checker (vnu).

The pages are fetched from the live server as each persona sees them, in German
and English, and checked in one run of the checker (`make test` fetches the pinned
vnu.jar, scripts/fetch-vnu; it needs Java). Only the server's HTML is checked, as a
browser without JavaScript receives it.
"""

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from .checks import with_language
from .conftest import PEOPLE, session_cookie_for
from .routes import ANONYMOUS, ROUTES

ROOT = Path(__file__).resolve().parents[2]
JARS = sorted((ROOT / ".cache" / "vnu").glob("vnu-*.jar"))
LANGUAGES = ("de", "en")

# Django's admin is Django's markup; the portal's own pages are checked.
PAGES = [route for route in ROUTES if not route.name.startswith("admin:")]


def fetch(url: str, cookie: str | None) -> str:
    request = urllib.request.Request(url)  # noqa: S310 (the test's own live server)
    if cookie:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200, url
        return response.read().decode()


@pytest.mark.browser
@pytest.mark.django_db  # reads the module's world (module_world)
@pytest.mark.xdist_group("valid_html")
def test_every_page_is_valid_html(module_world, live_server_thread, django_db_blocker, tmp_path):
    assert JARS, "vnu.jar is missing: `make test` fetches it (scripts/fetch-vnu)"
    origin = live_server_thread.url
    with django_db_blocker.unblock():
        cookies = {
            persona: session_cookie_for(module_world[persona], origin)["value"]
            for persona in PEOPLE
        }
    files = {}
    for index, route in enumerate(PAGES):
        for language in LANGUAGES:
            path = with_language(route.path(module_world), language)
            html = fetch(
                origin + path, None if route.persona == ANONYMOUS else cookies[route.persona]
            )
            file = tmp_path / f"{index:03d}-{language}.html"
            file.write_text(html)
            files[file.name] = f"{route.name} as {route.persona} ({path})"
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs it (openjdk-17-jre-headless)"
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [java, "-jar", str(JARS[-1]), "--errors-only", "--format", "json", "--exit-zero-always",
         *sorted(str(tmp_path / name) for name in sorted(p.name for p in tmp_path.iterdir()))],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1])}, "
        f"line {message.get('lastLine')}: {message['message']} "
        f"[{message.get('extract', '').strip()[:120]}]"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(sorted(errors)[:80])
