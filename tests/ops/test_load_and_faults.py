"""Load and faults: what people do on the portal, and four things that go wrong in production.

The run gets its own PostgreSQL cluster (initdb into a temporary directory),
its own Redis and its own mail server (a small SMTP sink in this process), so
stopping them never disturbs the rest of the suite. Two app instances
(gunicorn, 2 sync workers each, production settings without the SSL redirect,
sessions in `cached_db`) share the database and the Redis cache; the task
worker (`manage.py db_worker`) delivers the mail, supervised as systemd would
(`requeue_mail` before every start, restarted when it exits).

Eight clients do for LOAD_SECONDS (default 60) what people do: the showcase
with filters and full-text search, project pages, partner pages, CSV/JSON
exports; partner editors logged in with their session edit their project and
upload documents (with the CSRF token, as a browser); the project office edits
partner profiles in the admin and publishes announcements, which the task
worker e-mails to every partner staff member. Meanwhile, one after another:

1. Redis is stopped for 5 s: pages are still served (no 5xx), cache errors
   are logged, not raised; existing sessions hold and a new login works.
2. PostgreSQL is stopped for 5 s: the friendly 503 page, /healthz 503, both
   instances serve again within 5 s without a restart.
3. A gunicorn worker is killed with SIGKILL under load: only the requests it
   was answering fail, the master starts a new worker, no acknowledged write
   is lost.
4. The task worker is killed while the mail server is taking a mail and is
   restarted: every queued mail is delivered, none twice (by Message-ID and
   by recipient and subject).

Every acknowledged write (partner profile, project, document, announcement) is
looked up in the database afterwards. The figures are printed.
"""

import hashlib
import http.client
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
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
import time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from partners.models import Membership
from tests.factories import MembershipFactory, PartnerFactory, UserFactory, make_project_office
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

def session_of(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "partners.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # As after a login with password and code: the office's rights need the MFA step.
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return session.session_key

office = make_project_office(UserFactory(email="office@load.example"))
partners = [PartnerFactory(name=f"Gemeinde Lasttest {n}") for n in range(8)]
member = MembershipFactory(partner=partners[0], user=UserFactory(email="member@load.example")).user
fields = [FieldOfActionFactory(name=name, slug=slug) for name, slug in [
    ("Mobilität", "mobilitaet"), ("Gesundheit", "gesundheit"), ("Bildung", "bildung"),
    ("Verwaltung", "verwaltung")]]
words = ["Rufbus", "Telemedizin", "Bürgerportal", "Radweg", "Schulcloud", "Sensorik"]
published = [
    PublishedProjectFactory(
        lead_partner=partners[n % 8], title=f"{words[n % 6]} im Fläming {n}",
        summary=f"{words[n % 6]} für die Region", fields=[fields[n % 4]])
    for n in range(40)
]
editors = []
for n, partner in enumerate(partners):
    editor = MembershipFactory(partner=partner, role=Membership.Role.EDITOR,
                               user=UserFactory(email=f"editor{n}@load.example")).user
    draft = ProjectFactory(lead_partner=partner, title=f"Entwurf Lasttest {n}")
    editors.append([session_of(editor), draft.pk])
for n in range(12):
    MembershipFactory(partner=partners[n % 8], user=UserFactory(email=f"staff{n}@load.example"))
print(json.dumps({
    "partners": [[p.pk, p.slug] for p in partners],
    "member": member.email,
    "sessions": [session_of(office) for _ in range(8)],
    "editors": editors,
    "projects": [p.slug for p in published],
    "fields": [f.slug for f in fields],
    "words": words,
}))
"""


def app_env(cluster: Cluster, redis_port: int, smtp_port: int) -> dict[str, str]:
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
        SESSION_STORE="cached_db",  # what docs/operations.md recommends with Redis
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        EMAIL_TIMEOUT="30",
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
    port: int = 0
    error: str | None = None
    body: str = ""
    cache: str = ""

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


def multipart(fields, files) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, filename, content_type, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def fetch(port, method, path, *, cookies=None, form=None, files=None, timeout=20):
    headers = {"Host": "127.0.0.1", "Accept-Language": "de"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if files is not None:
        body, boundary = multipart(form or [], files)
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif form is not None:
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


class SessionLost(Exception):
    """A logged-in page answered with the login page: the session did not hold."""


@dataclass
class Staff:
    """A logged-in person who submits forms as a browser would (CSRF token included)."""

    cookies: dict
    acknowledged: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    rejected: int = 0

    def submit(self, port, path, form_id, value, change, files=None) -> tuple[int, str]:
        status, _headers, body, set_cookies = fetch(port, "GET", path, cookies=self.cookies)
        self.cookies.update(set_cookies)
        if status == 302:
            raise SessionLost(path)
        if status != 200:
            return status, body
        parser = FormParser(form_id)
        parser.feed(body)
        form = change(parser.fields)
        try:
            status, headers, body, set_cookies = fetch(
                port, "POST", path, cookies=self.cookies, form=form, files=files
            )
        except Exception:
            self.unacknowledged.append(value)
            raise
        self.cookies.update(set_cookies)
        if status == 302 and "/accounts/login/" not in headers.get("Location", ""):
            self.acknowledged.append(value)
        else:
            self.unacknowledged.append(value)
            if status in (200, 400):
                self.rejected += 1  # the form said no: a bug in this run, reported below
        return status, body


def replace(fields, **values):
    return [(k, v) for k, v in fields if k not in values] + list(values.items())


@dataclass
class Writer(Staff):
    """The project office editing one partner's description in the admin."""

    partner_id: int = 0

    def edit(self, port, value) -> tuple[int, str]:
        return self.submit(
            port,
            f"/admin/partners/partner/{self.partner_id}/change/",
            "partner_form",
            value,
            lambda fields: replace(fields, description=value, _save="Sichern"),
        )


@dataclass
class Editor(Staff):
    """A partner's editor working on their draft project and its documents."""

    project_id: int = 0
    documents: list[str] = field(default_factory=list)

    def edit(self, port, value) -> tuple[int, str]:
        return self.submit(
            port,
            f"/intern/projekte/{self.project_id}/bearbeiten/",
            "post",
            value,
            lambda fields: replace(fields, summary=value),
        )

    def upload(self, port, title) -> tuple[int, str]:
        before = len(self.acknowledged)
        result = self.submit(
            port,
            f"/intern/projekt-dokumente/{self.project_id}/",
            "post",
            title,
            lambda fields: replace(fields, title=title, description="Protokoll der Sitzung"),
            files=[("file", "protokoll.pdf", "application/pdf", PDF)],
        )
        if len(self.acknowledged) > before:  # kept apart from the project edits
            self.documents.append(self.acknowledged.pop())
        return result


def small_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


PDF = small_pdf()


# --- The mail server --------------------------------------------------------


class SMTPSink:
    """A mail server on loopback that keeps what it accepted.

    A message counts as accepted when the server answers 250 to its data, as
    in SMTP. `hold()` makes the server keep the next message unanswered (a slow
    relay): `holding` is set while it waits, and a client that disappears
    meanwhile (killed) leaves the message unaccepted.
    """

    def __init__(self):
        self.accepted: list[tuple[float, str, str, str]] = []  # time, to, Message-ID, subject
        self.dropped: list[str] = []
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self._hold = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def hold(self):
        self.holding.clear()
        self._hold.set()

    def close(self):
        self._stop = True
        self.server.close()

    def _serve(self):
        while not self._stop:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 sink ESMTP\r\n")
            recipients = []
            while True:
                line = reader.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250-sink\r\n250 8BITMIME\r\n")
                elif verb == b"MAIL":
                    recipients = []
                    conn.sendall(b"250 ok\r\n")
                elif verb == b"RCPT":
                    recipients.append(line.split(b"<", 1)[1].split(b">", 1)[0].decode())
                    conn.sendall(b"250 ok\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = []
                    while (chunk := reader.readline()) not in (b".\r\n", b""):
                        data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    if not self._accept(conn, b"".join(data), recipients):
                        return
                    conn.sendall(b"250 accepted\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # RSET, NOOP
                    conn.sendall(b"250 ok\r\n")

    def _accept(self, conn, data: bytes, recipients) -> bool:
        from email import message_from_bytes
        from email.header import decode_header, make_header

        message = message_from_bytes(data)
        message_id = message.get("Message-ID", "")
        if self._hold.is_set():
            self._hold.clear()
            self.holding.set()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                readable, _w, _x = select.select([conn], [], [], 0.05)
                if readable and conn.recv(1, socket.MSG_PEEK) == b"":
                    with self.lock:  # the client died before we said 250: not accepted
                        self.dropped.append(message_id)
                    return False
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        with self.lock:
            for to in recipients:
                self.accepted.append((time.monotonic(), to, message_id, subject))
        return True


class TaskWorker:
    """`manage.py db_worker`, supervised as systemd does with the unit in docs/operations.md:
    `requeue_mail` before each start (ExecStartPre), started again when it exits (Restart=always).
    """

    def __init__(self, env, log_path: Path):
        self.env, self.log = env, log_path.open("a")
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.requeued: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._supervise, daemon=True)

    def manage(self, *args, check=True):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=check,
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    def start(self):
        self._start()
        self._thread.start()

    def _start(self):
        while not self._stop.is_set():
            result = self.manage("requeue_mail", check=False)
            if result.returncode == 0:
                self.requeued.append(result.stdout.strip())
                break
            time.sleep(1)  # the database is away: systemd's RestartSec
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
             "--no-startup-delay"], cwd=ROOT, env=self.env, stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.starts += 1

    def _supervise(self):
        while not self._stop.wait(0.2):
            if self.process is not None and self.process.poll() is not None:
                time.sleep(1)  # RestartSec=1
                self._start()

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)

    def stop(self):
        self._stop.set()
        self._thread.join(10)
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- Processes --------------------------------------------------------------


class Redis:
    """redis-server on a fixed loopback port, so it can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def busy_worker(master: int, port: int) -> int | None:
    """A worker of this gunicorn that holds an open client connection: one mid-request."""
    connections = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        _n, local, _remote, state, *rest = line.split()
        if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:  # ESTABLISHED
            connections.add(f"socket:[{rest[5]}]")
    for pid in children(master):
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor) in connections:
                    return pid
            except OSError:
                continue
    return None


@pytest.fixture
def cluster():
    cluster = Cluster()
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def redis():
    server = Redis()
    server.start()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.fixture
def smtp():
    sink = SMTPSink()
    try:
        yield sink
    finally:
        sink.close()


@pytest.fixture
def portal(cluster, redis, smtp, tmp_path):
    """Migrated database with data, two gunicorn instances (ports) and the task worker."""
    env = app_env(cluster, redis.port, smtp.port)
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
    worker = TaskWorker(env, tmp_path / "worker.log")
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
        worker.start()
        yield {
            "ports": ports,
            "servers": servers,
            "data": data,
            "logs": tmp_path,
            "worker": worker,
            "env": env,
        }
    finally:
        worker.stop()
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


def seconds(value: float | None) -> str:
    return f"{value:.1f}s" if value is not None else "never"


def latency(results) -> str:
    values = [r.ms for r in results if r.status is not None]
    return f"p50 {percentile(values, 0.5):.0f} ms, p99 {percentile(values, 0.99):.0f} ms"


def window(results, began, ended, port=None):
    return [
        r
        for r in results
        if r.ended >= began and r.started <= ended and (port is None or r.port == port)
    ]


def login(port, email) -> tuple[int, dict]:
    _status, _headers, body, cookies = fetch(port, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, _headers, _body, set_cookies = fetch(
        port, "POST", "/accounts/login/", cookies=cookies,
        form={"login": email, "password": "correct horse battery staple",
              "csrfmiddlewaretoken": token},
    )  # fmt: skip
    cookies.update(set_cookies)
    return status, cookies


def announce(office: Staff, port, title) -> tuple[int, str]:
    """The office publishes an announcement to all partner staff, e-mailed by the task worker."""
    return office.submit(
        port,
        "/intern/aktuelles/neu/",
        "post",
        title,
        lambda fields: replace(
            fields,
            title=title,
            body="Die nächste Sitzung findet im Rathaus statt.",
            audience="partners",
            publish="on",
            publish_at=time.strftime("%Y-%m-%dT%H:%M", time.localtime()),
        ),
    )


def test_portal_survives_load_and_four_faults(portal, cluster, redis, smtp, capsys):
    ports, data, worker = portal["ports"], portal["data"], portal["worker"]
    slugs = [slug for _pk, slug in data["partners"]]
    projects, fields, words = data["projects"], data["fields"], data["words"]
    results: list[Result] = []
    monitor: list[tuple[float, int, int | None]] = []
    writers = [
        Writer(cookies={"sessionid": data["sessions"][n]}, partner_id=pk)
        for n, (pk, _slug) in enumerate(data["partners"])
    ]
    editors = [
        Editor(cookies={"sessionid": session}, project_id=pk) for session, pk in data["editors"]
    ]
    announcer = Staff(cookies={"sessionid": data["sessions"][0]})
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + LOAD_SECONDS

    def request(number: int, step: int, port: int) -> tuple[str, int, dict, str]:
        """One thing a person does; returns (kind, status, body, headers)."""
        writer, editor, tag = writers[number], editors[number], f"{number}-{step}"
        choice = step % 12
        if choice == 0:
            return "office edits partner", *writer.edit(port, f"Stand {tag}"), {}
        if choice == 4:
            return "editor edits project", *editor.edit(port, f"Stand {tag}"), {}
        if choice == 8 and step % 24 == 8:
            return "editor uploads document", *editor.upload(port, f"Protokoll {tag}"), {}
        if choice == 10 and number == 0 and step % 24 == 10:
            return "office announces", *announce(announcer, port, f"Sitzung {tag}"), {}
        kind, path = [
            ("showcase filtered", f"/projekte/?handlungsfeld={fields[step % len(fields)]}"),
            ("showcase search", "/projekte/?q=" + urllib.parse.quote(words[step % len(words)])),
            ("project page", f"/projekte/{projects[step % len(projects)]}/"),
            ("home", "/"),
            ("showcase filtered", f"/projekte/?status=idea&handlungsfeld={fields[step % 4]}"),
            ("partner list", "/partner/"),
            ("partner page", f"/partner/{slugs[step % len(slugs)]}/"),
            ("export", "/projekte/export.csv?handlungsfeld=" + fields[step % len(fields)]),
            ("project page", f"/projekte/{projects[(step * 7) % len(projects)]}/"),
            ("export", "/projekte/export.json")
            if step % 24 == 9
            else ("project page", f"/projekte/{projects[(step * 3) % len(projects)]}/"),
            ("showcase search", "/projekte/?q=" + urllib.parse.quote(f"{words[step % 6]} Fläming")),
            ("health", "/healthz"),
        ][choice]
        status, headers, body, _cookies = fetch(port, "GET", path)
        return kind, status, body, headers

    def client(number: int):
        step = 0
        while time.monotonic() < stop_at:
            port = ports[step % 2]  # alternate between the instances
            step += 1
            began = time.monotonic()
            try:
                kind, status, body, headers = request(number, step, port)
                result = Result(
                    began, time.monotonic(), kind, status, port=port,
                    body=body if status >= 500 else "", cache=headers.get("X-Cache", ""),
                )  # fmt: skip
            except SessionLost as lost:
                result = Result(began, time.monotonic(), "session lost", None, port, str(lost))
            except Exception as error:  # connection refused or reset, timeout: count them
                result = Result(began, time.monotonic(), "client", None, port, type(error).__name__)
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

    def at(share):
        time.sleep(max(0.0, start + LOAD_SECONDS * share - time.monotonic()))

    # 1. Redis away for 5 s; a new login in the middle of it.
    at(0.15)
    redis_stopped = time.monotonic()
    redis.stop()
    time.sleep(0.5)
    outage_login, outage_cookies = login(ports[1], data["member"])
    outage_intern = fetch(ports[0], "GET", "/intern/", cookies=outage_cookies)[0]
    login_done = time.monotonic() - redis_stopped  # printed: the login fell into the outage
    time.sleep(max(0.0, redis_stopped + OUTAGE_SECONDS - time.monotonic()))
    redis.start()
    redis_back = time.monotonic()
    after_redis_intern = fetch(ports[1], "GET", "/intern/", cookies=outage_cookies)[0]

    # 2. PostgreSQL away for 5 s.
    at(0.40)
    outage_began = time.monotonic()
    cluster.stop()
    database_stopped = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    cluster.start()
    database_back = time.monotonic()

    # 3. One gunicorn worker of instance A killed with SIGKILL under load.
    at(0.65)
    master = portal["servers"][0].pid
    workers_before = children(master)
    victim = None
    while victim is None and time.monotonic() < start + LOAD_SECONDS * 0.75:
        victim = busy_worker(master, ports[0])
    mid_request = victim is not None
    victim = victim or min(workers_before)
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    respawned = None
    while time.monotonic() < killed_at + 30:
        now_workers = children(portal["servers"][0].pid)
        if victim not in now_workers and len(now_workers) == len(workers_before):
            respawned = time.monotonic() - killed_at
            break
        time.sleep(0.05)

    # 4. The task worker killed while the mail server takes a mail; restarted by its supervisor.
    at(0.80)
    smtp.hold()
    announce(announcer, ports[0], "Sitzung während des Ausfalls")
    held = smtp.holding.wait(20)
    worker_killed_at = time.monotonic()
    starts_before = worker.starts
    if held:
        worker.kill()
    while worker.starts == starts_before and time.monotonic() < worker_killed_at + 30:
        time.sleep(0.1)
    worker_restarted = time.monotonic() - worker_killed_at

    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 60)

    # --- Every queued mail delivered ---
    def outbox():
        with cluster.connect() as conn:
            return conn.execute("SELECT key, status FROM community_outgoingmail").fetchall()

    drain_began = time.monotonic()
    while any(status != "sent" for _key, status in outbox()):
        if time.monotonic() > drain_began + 60:
            break
        time.sleep(0.5)
    drained = time.monotonic() - drain_began

    # --- Figures ---
    by_status = Counter(r.status if r.status is not None else r.error for r in results)
    redis_window = window(results, redis_stopped, redis_back)
    pg_window = window(results, outage_began, database_back + RECOVERY_SECONDS)
    cut = window(results, killed_at - 0.05, killed_at + 1, port=ports[0])
    recovered = {}
    for port in ports:
        after = [t for t, p, s in monitor if p == port and t >= database_back and s == 200]
        recovered[port] = (min(after) - database_back) if after else None
    hits_again = [r.started - redis_back for r in results if r.started >= redis_back and r.cache]
    cache_back = min(hits_again) if hits_again else None
    login_status, cross_status, edit_visible = cross_instance_checks(ports, data, writers[0])

    with cluster.connect() as conn:
        partner_history = {
            pk: {row[0] for row in conn.execute(
                "SELECT description FROM partners_historicalpartner WHERE id = %s", [pk])}
            for pk, _slug in data["partners"]
        }  # fmt: skip
        project_history = {
            e.project_id: {row[0] for row in conn.execute(
                "SELECT summary FROM projects_historicalproject WHERE id = %s", [e.project_id])}
            for e in editors
        }  # fmt: skip
        documents = {row[0] for row in conn.execute("SELECT title FROM community_document")}
        announcements = dict(
            conn.execute("SELECT title, recipient_count FROM community_announcement").fetchall()
        )
        mails = conn.execute("SELECT key, status FROM community_outgoingmail").fetchall()
        expected_ids = {
            row[0]: row[1] for row in conn.execute(
                "SELECT key, \"to\" FROM community_outgoingmail")
        }  # fmt: skip
    missing = [(w.partner_id, v) for w in writers for v in w.acknowledged
               if v not in partner_history[w.partner_id]]  # fmt: skip
    missing += [(e.project_id, v) for e in editors for v in e.acknowledged
                if v not in project_history[e.project_id]]  # fmt: skip
    missing += [v for e in editors for v in e.documents if v not in documents]
    missing += [v for v in announcer.acknowledged if v not in announcements]
    acknowledged = {
        "partner profiles": sum(len(w.acknowledged) for w in writers),
        "projects": sum(len(e.acknowledged) for e in editors),
        "documents": sum(len(e.documents) for e in editors),
        "announcements": len(announcer.acknowledged),
    }
    rejected = sum(s.rejected for s in [*writers, *editors, announcer])

    def message_id_of(key):
        return hashlib.sha256(key.encode()).hexdigest()[:40]

    received = Counter(message_id for _t, _to, message_id, _s in smtp.accepted)
    by_recipient = Counter((to, subject) for _t, to, _m, subject in smtp.accepted)
    delivered = sum(1 for key in expected_ids if received[f"<{message_id_of(key)}@regiohub.local>"])
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    duplicates_by_recipient = sum(n - 1 for n in by_recipient.values() if n > 1)
    not_sent = [key for key, status in mails if status != "sent"]
    held_again = [t - worker_killed_at for t, _to, m, _s in smtp.accepted if m in smtp.dropped]
    log_text = {log.name: log.read_text() for log in portal["logs"].glob("gunicorn-*.log")}
    cache_errors = sum(text.count("Cache unavailable") for text in log_text.values())

    with capsys.disabled():
        print(
            f"\n[load] {LOAD_SECONDS}s, {CLIENTS} clients, 2 instances x 2 workers, 1 task worker\n"
            f"[load] requests: {len(results)} ({len(results) / LOAD_SECONDS:.1f}/s), "
            f"{latency(results)}; by kind: {dict(Counter(r.kind for r in results))}\n"
            f"[load] statuses: {dict(by_status)}\n"
            f"[load] Redis stopped {redis_back - redis_stopped:.1f}s: {len(redis_window)} "
            f"requests, {dict(Counter(r.status or r.error for r in redis_window))}, "
            f"{latency(redis_window)}; cache errors logged: {cache_errors} lines; "
            f"new login during it (done after {login_done:.1f}s): {outage_login}, "
            f"then /intern/: {outage_intern}, "
            f"after: {after_redis_intern}; page cache hits again after "
            f"{seconds(cache_back)}\n"
            f"[load] PostgreSQL stopped {database_back - database_stopped:.1f}s "
            f"(stop took {database_stopped - outage_began:.1f}s): "
            f"{dict(Counter(r.status or r.error for r in pg_window))} up to 5 s after; "
            f"recovery: {', '.join(seconds(s) for s in recovered.values())}\n"
            f"[load] gunicorn worker killed (SIGKILL) "
            f"{'while answering a request' if mid_request else 'idle'}: requests on its "
            f"instance in the next second: {dict(Counter(r.status or r.error for r in cut))}; "
            f"new worker after {seconds(respawned)}\n"
            f"[load] task worker killed mid-delivery: {'yes' if held else 'no mail in flight'}, "
            f"mails cut off: {len(smtp.dropped)}, restarted after {worker_restarted:.1f}s "
            f"(starts: {worker.starts}), cut-off mail delivered after "
            f"{', '.join(f'{t:.1f}s' for t in held_again) or 'never'}\n"
            f"[load] mails queued: {len(mails)}, delivered: {delivered}, not sent: "
            f"{len(not_sent)}, duplicates: {duplicates} by Message-ID, "
            f"{duplicates_by_recipient} by recipient and subject; outbox drained "
            f"{drained:.1f}s after the load\n"
            f"[load] writes acknowledged: {acknowledged}, missing: {len(missing)}; "
            f"unacknowledged attempts: "
            f"{sum(len(s.unacknowledged) for s in [*writers, *editors, announcer])}, "
            f"rejected forms: {rejected}\n"
            f"[load] two instances: login on A then /intern/ on B: {cross_status}; "
            f"edit on A visible on B: {edit_visible}"
        )

    killed = (killed_at - 0.05, killed_at + 2)
    client_errors = [r for r in results if r.status is None]
    assert not [r for r in client_errors if r.kind == "session lost"], "a session did not hold"
    assert all(
        r.port == ports[0] and r.ended >= killed[0] and r.started <= killed[1]
        for r in client_errors
    ), "client errors outside the worker kill: " + str(by_status)
    assert not [
        r for r in results if r.status and 400 <= r.status < 500
        and not (r.status == 429 and r.kind == "export")
    ], "client-side errors: " + str(by_status)  # fmt: skip
    server_errors = [r for r in results if r.status and r.status >= 500]
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
    html_503 = [r for r in server_errors if r.kind != "health"]
    assert all(any(text in r.body for text in FRIENDLY_503) for r in html_503)
    assert not any("Traceback" in r.body for r in server_errors)
    # Redis away: pages served (no 5xx before the database outage), logins work, errors logged.
    assert [r for r in redis_window if r.status == 200]
    assert not [r for r in redis_window if r.status and r.status >= 500 and r.ended < outage_began]
    assert outage_login == 302 and outage_intern == 200 and after_redis_intern == 200
    assert cache_errors >= 1
    assert cache_back is not None
    for port in ports:
        assert any(
            s == 503 for t, p, s in monitor if p == port and database_stopped <= t <= database_back
        ), f"/healthz on {port} never reported the outage"
        assert recovered[port] is not None and recovered[port] <= RECOVERY_SECONDS
    assert all(server.poll() is None for server in portal["servers"]), "gunicorn was restarted"
    assert mid_request and respawned is not None
    assert acknowledged["partner profiles"] >= 8 and all(acknowledged.values()), acknowledged
    assert not missing, missing
    assert rejected == 0
    assert held and smtp.dropped and held_again, "the task worker was not killed mid-delivery"
    assert not not_sent, not_sent
    assert delivered == len(mails)
    assert duplicates == 0 and duplicates_by_recipient == 0
    assert login_status == 302 and cross_status == 200
    assert edit_visible
    for text in log_text.values():
        assert "Traceback" not in text or "OperationalError" in text
        assert data["member"] not in text


def cross_instance_checks(ports, data, writer):
    """Log in on instance A and use the session on B; edit on A and read the page on B."""
    a, b = ports
    login_status, cookies = login(a, data["member"])
    cross_status = fetch(b, "GET", "/intern/", cookies=cookies)[0]

    slug = dict(data["partners"])[writer.partner_id]
    fetch(b, "GET", f"/partner/{slug}/")  # warm B's view of the page (and the shared page cache)
    value = "Ein Bearbeitungsstand von Instanz A"
    edit_status, _body = writer.edit(a, value)
    page = fetch(b, "GET", f"/partner/{slug}/")[2]
    return login_status, cross_status, edit_status == 302 and value in page
