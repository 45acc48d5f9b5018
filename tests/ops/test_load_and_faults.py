"""Load and faults: two gunicorn instances, a shared Redis, and PostgreSQL stopped in the middle.

The run gets its own PostgreSQL cluster (initdb into a temporary directory), so
stopping the database never disturbs the rest of the suite. Eight clients mix
public reads with the project office's edits in the admin for LOAD_SECONDS
(default 60) against two app instances (2 sync workers each, production
settings without the SSL redirect) that share the database and a Redis cache.
In the middle PostgreSQL is stopped for 5 seconds.

Expected: no 5xx except the friendly 503 page while the database is away;
/healthz says 503 then; both instances serve again within 5 seconds of the
database coming back without being restarted; every acknowledged write is in
the database (the audit history keeps every version); a login and an edit on
one instance hold on the other. The figures are printed.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from tests.ops.htmlforms import FormParser

pytestmark = pytest.mark.load

ROOT = Path(__file__).resolve().parents[2]
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
OUTAGE_SECONDS = 5
RECOVERY_SECONDS = 5
CLIENTS = 8
FRIENDLY_503 = ("Das Portal ist kurz nicht erreichbar", "The portal is briefly unavailable")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin() -> Path:
    if os.environ.get("PGBIN"):
        return Path(os.environ["PGBIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL server binaries not found (apt-get install postgresql)")
    return found[-1].parent


def run(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class Cluster:
    """A throwaway PostgreSQL cluster of our own that the test may stop and start."""

    def __init__(self):
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="regiohub-loadpg."))
        self.as_pg = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/regiohub_load"

    def pg_ctl(self, *args):
        return run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), *args])

    def init(self):
        run([*self.as_pg, str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres",
             "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        self.start()
        run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", "regiohub_load"])  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=100"
        )
        self.pg_ctl("-l", str(self.dir / "server.log"), "-w", "-o", options, "start")

    def stop(self):
        self.pg_ctl("-m", "fast", "-w", "stop")

    def connect(self):
        return psycopg.connect(self.url)

    def destroy(self):
        subprocess.run(  # noqa: S603
            [*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m",
             "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)


SETUP_SCRIPT = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import MembershipFactory, PartnerFactory, UserFactory, make_project_office

office = make_project_office(UserFactory(email="office@load.example"))
partners = [PartnerFactory(name=f"Gemeinde Lasttest {n}") for n in range(8)]
member = MembershipFactory(partner=partners[0], user=UserFactory(email="member@load.example")).user
sessions = []
for _ in range(8):
    session = SessionStore()
    session[SESSION_KEY] = str(office.pk)
    session[BACKEND_SESSION_KEY] = "partners.backends.ModelBackend"
    session[HASH_SESSION_KEY] = office.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({
    "partners": [[p.pk, p.slug] for p in partners],
    "member": member.email,
    "sessions": sessions,
}))
"""


def app_env(cluster: Cluster, redis_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SESSION_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="regiohub.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; everything else as production
        DATABASE_URL=cluster.url,
        DATABASE_CONNECT_TIMEOUT="2",
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        SITE_URL="http://127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


# --- A tiny HTTP client with manual cookies ---------------------------------


@dataclass
class Result:
    started: float
    ended: float
    kind: str
    status: int | None
    error: str | None = None
    body: str = ""

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


def fetch(port, method, path, *, cookies=None, form=None, timeout=20):
    headers = {"Host": "127.0.0.1", "Accept-Language": "de"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text, set_cookies
    finally:
        conn.close()


@dataclass
class Writer:
    """The project office editing one partner's description in the admin."""

    partner_id: int
    cookies: dict
    acknowledged: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)

    def edit(self, port, value) -> tuple[int, str]:
        path = f"/admin/partners/partner/{self.partner_id}/change/"
        status, _headers, body, set_cookies = fetch(port, "GET", path, cookies=self.cookies)
        self.cookies.update(set_cookies)
        if status != 200:
            return status, body
        parser = FormParser("partner_form")
        parser.feed(body)
        form = [(k, v) for k, v in parser.fields if k != "description"]
        form += [("description", value), ("_save", "Sichern")]
        try:
            status, _headers, body, set_cookies = fetch(port, "POST", path, cookies=self.cookies,
                                                       form=form)  # fmt: skip
        except Exception:
            self.unacknowledged.append(value)
            raise
        self.cookies.update(set_cookies)
        if status == 302:
            self.acknowledged.append(value)
        else:
            self.unacknowledged.append(value)
        return status, body


# --- The run ----------------------------------------------------------------


@pytest.fixture
def cluster():
    cluster = Cluster()
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def redis_port():
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def portal(cluster, redis_port, tmp_path):
    """Migrated database with data, and two gunicorn instances (ports) on it."""
    env = app_env(cluster, redis_port)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env)
    data = json.loads(
        run([sys.executable, "manage.py", "shell", "-c", SETUP_SCRIPT], cwd=ROOT, env=env)
        .stdout.strip().splitlines()[-1]
    )  # fmt: skip
    servers, ports = [], []
    for number in range(2):
        port = free_port()
        log = (tmp_path / f"gunicorn-{number}.log").open("w")
        servers.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "regiohub.wsgi",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        ports.append(port)
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if fetch(port, "GET", "/healthz", timeout=5)[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.3)
        yield {"ports": ports, "servers": servers, "data": data, "logs": tmp_path}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def test_portal_survives_load_and_a_database_restart_on_two_instances(portal, cluster, capsys):
    ports, data = portal["ports"], portal["data"]
    slugs = [slug for _pk, slug in data["partners"]]
    results: list[Result] = []
    monitor: list[tuple[float, int, int | None]] = []
    writers = [
        Writer(partner_id=pk, cookies={"sessionid": data["sessions"][n]})
        for n, (pk, _slug) in enumerate(data["partners"])
    ]
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + LOAD_SECONDS

    def client(number: int):
        writer, step = writers[number], 0
        while time.monotonic() < stop_at:
            port = ports[step % 2]  # alternate between the instances
            step += 1
            began = time.monotonic()
            try:
                if step % 4 == 0:
                    kind = "write"
                    status, body = writer.edit(
                        port, f"Stand {number}-{step}-{uuid.uuid4().hex[:8]}"
                    )
                else:
                    kind, path = [
                        ("read /", "/"),
                        ("read /partner/", "/partner/"),
                        ("read partner page", f"/partner/{slugs[step % len(slugs)]}/"),
                    ][step % 3]
                    if step % 5 == 0:
                        kind, path = "read /healthz", "/healthz"
                    status, _headers, body, _cookies = fetch(port, "GET", path)
                result = Result(
                    began, time.monotonic(), kind, status, body=body if status >= 500 else ""
                )
            except Exception as error:  # connection refused, timeout: count them
                result = Result(began, time.monotonic(), "client", None, error=type(error).__name__)
            with lock:
                results.append(result)

    def watch_health():
        while time.monotonic() < stop_at:
            for port in ports:
                try:
                    status = fetch(port, "GET", "/healthz", timeout=5)[0]
                except OSError:
                    status = None
                monitor.append((time.monotonic(), port, status))
            time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    threads.append(threading.Thread(target=watch_health))
    for thread in threads:
        thread.start()

    time.sleep(max(0.0, LOAD_SECONDS / 2 - OUTAGE_SECONDS / 2))
    outage_began = time.monotonic()
    cluster.stop()
    database_stopped = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    cluster.start()
    database_back = time.monotonic()

    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 60)

    # --- Figures ---
    by_status = Counter(r.status if r.status is not None else r.error for r in results)
    latencies = [r.ms for r in results if r.status is not None]
    in_window = [
        r
        for r in results
        if r.ended >= outage_began and r.started <= database_back + RECOVERY_SECONDS
    ]
    recovered = {}
    for port in ports:
        after = [t for t, p, s in monitor if p == port and t >= database_back and s == 200]
        recovered[port] = (min(after) - database_back) if after else None

    # --- Consistency across the two instances ---
    login_status, cross_status, edit_visible = cross_instance_checks(ports, data, writers[0])

    with cluster.connect() as conn:
        history = {
            pk: {row[0] for row in conn.execute(
                "SELECT description FROM partners_historicalpartner WHERE id = %s", [pk])}
            for pk, _slug in data["partners"]
        }  # fmt: skip
        final = dict(conn.execute("SELECT id, description FROM partners_partner").fetchall())
    acknowledged = sum(len(w.acknowledged) for w in writers)
    missing = [
        (w.partner_id, value)
        for w in writers
        for value in w.acknowledged
        if value not in history[w.partner_id]
    ]
    stale = [
        w.partner_id
        for w in writers
        if w.acknowledged
        and final[w.partner_id] != w.acknowledged[-1]
        and final[w.partner_id] not in w.unacknowledged
        and final[w.partner_id] != "Ein Bearbeitungsstand von Instanz A"
    ]

    with capsys.disabled():
        print(
            f"\n[load] {LOAD_SECONDS}s, {CLIENTS} clients, 2 instances x 2 workers, "
            f"database stopped {database_back - database_stopped:.1f}s "
            f"(stop took {database_stopped - outage_began:.1f}s)\n"
            f"[load] requests: {len(results)} ({len(results) / LOAD_SECONDS:.1f}/s), "
            f"by kind: {dict(Counter(r.kind for r in results))}\n"
            f"[load] statuses: {dict(by_status)}; in the outage window: "
            f"{dict(Counter(r.status or r.error for r in in_window))}\n"
            f"[load] latency p50 {percentile(latencies, 0.5):.0f} ms, "
            f"p99 {percentile(latencies, 0.99):.0f} ms, "
            f"mean {statistics.fmean(latencies) if latencies else 0:.0f} ms\n"
            f"[load] recovery after the database came back: "
            f"{', '.join(f'{s:.1f}s' if s is not None else 'never' for s in recovered.values())}\n"
            f"[load] writes acknowledged: {acknowledged}, checked in the database: "
            f"{acknowledged - len(missing)}, missing: {len(missing)}; "
            f"unacknowledged attempts: {sum(len(w.unacknowledged) for w in writers)}\n"
            f"[load] two instances: login on A then /intern/ on B: {cross_status}; "
            f"edit on A visible on B: {edit_visible}"
        )

    assert not [r for r in results if r.status is None], "client errors: " + str(by_status)
    assert not [r for r in results if 400 <= r.status < 500], "client-side errors: " + str(
        by_status
    )
    server_errors = [r for r in results if r.status >= 500]
    assert all(r.status == 503 for r in server_errors), by_status
    # A 503 is right for a request that overlapped the outage or the recovery after it.
    assert all(
        r.ended >= outage_began and r.started <= database_back + RECOVERY_SECONDS
        for r in server_errors
    ), "a 503 outside the outage window: " + str(
        [
            (round(r.started - database_back, 2), round(r.ms), r.kind, r.body[:300])
            for r in server_errors
            if not (r.ended >= outage_began and r.started <= database_back + RECOVERY_SECONDS)
        ]
    )
    html_503 = [r for r in server_errors if r.kind != "read /healthz"]
    assert all(any(text in r.body for text in FRIENDLY_503) for r in html_503)
    assert not any("Traceback" in r.body for r in server_errors)
    for port in ports:
        assert any(
            s == 503 for t, p, s in monitor if p == port and database_stopped <= t <= database_back
        ), f"/healthz on {port} never reported the outage"
        assert recovered[port] is not None and recovered[port] <= RECOVERY_SECONDS
    assert all(server.poll() is None for server in portal["servers"]), "gunicorn was restarted"
    assert acknowledged >= 8
    assert not missing, missing
    assert not stale, stale
    assert login_status == 302 and cross_status == 200
    assert edit_visible
    for log in portal["logs"].glob("gunicorn-*.log"):
        text = log.read_text()
        assert "Traceback" not in text or "OperationalError" in text
        assert data["member"] not in text


def cross_instance_checks(ports, data, writer):
    """Log in on instance A and use the session on B; edit on A and read the page on B."""
    a, b = ports
    _status, _headers, body, cookies = fetch(a, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    login_status, _headers, _body, set_cookies = fetch(
        a, "POST", "/accounts/login/", cookies=cookies,
        form={"login": data["member"], "password": "correct horse battery staple",
              "csrfmiddlewaretoken": token},
    )  # fmt: skip
    cookies.update(set_cookies)
    cross_status = fetch(b, "GET", "/intern/", cookies=cookies)[0]

    slug = dict(data["partners"])[writer.partner_id]
    fetch(b, "GET", f"/partner/{slug}/")  # warm B's view of the page (and the shared page cache)
    value = "Ein Bearbeitungsstand von Instanz A"
    edit_status, _body = writer.edit(a, value)
    page = fetch(b, "GET", f"/partner/{slug}/")[2]
    return login_status, cross_status, edit_status == 302 and value in page
