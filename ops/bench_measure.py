"""The benchmark's measurements: pages in-process, exports, page weight, HTTP load.

Used by `manage.py bench` (ops/management/commands/bench.py). Every
function returns `Row`s; the command prints them as one table and writes them
as JSON. Budgets are those of issue 10 ("Fast at any size").
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess  # runs only our own commands with fixed arguments  # nosec B404
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import brotli
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import Resolver404, resolve

MAX_QUERIES = 8


@dataclass
class Row:
    check: str
    n: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    queries: int | None = None
    bytes: int | None = None
    rps: float | None = None
    budget: str = ""
    result: str = ""  # "within", "over", "missing", "skipped", "info", "error"
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Budget:
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = MAX_QUERIES

    def describe(self) -> str:
        parts = []
        if self.p50_ms is not None:
            parts.append(f"p50≤{self.p50_ms:g}")
        if self.p95_ms is not None:
            parts.append(f"p95≤{self.p95_ms:g}")
        if self.queries is not None:
            parts.append(f"q≤{self.queries}")
        return " ".join(parts)

    def verdict(self, row: Row) -> str:
        over = (
            (self.p50_ms is not None and row.p50_ms is not None and row.p50_ms > self.p50_ms)
            or (self.p95_ms is not None and row.p95_ms is not None and row.p95_ms > self.p95_ms)
            or (self.queries is not None and row.queries is not None and row.queries > self.queries)
        )
        return "over" if over else "within"


SHOWCASE = Budget(20, 30)
API_LIST = Budget(25)
DETAIL = Budget(15)
OTHER = Budget(30)
ADMIN = Budget(100)
EXPORT = Budget(2000, queries=None)
CATALOGUE = Budget(100)


@dataclass
class Page:
    name: str
    url: str | Callable[[], str]
    app: str
    budget: Budget
    user: str = ""  # "editor" or "office"
    n: int = 200
    # Run before every request, untimed (e.g. replace the content generation so
    # a cached body is rebuilt: the cost of the first request after an edit).
    before: Callable[[], None] | None = None
    note: str = ""

    def resolve_url(self) -> str:
        return self.url() if callable(self.url) else self.url

    def get(self, client: Client, url: str):
        if self.before is not None:
            self.before()
        return client.get(url)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _installed(page: Page, url: str) -> bool:
    if not apps.is_installed(page.app):
        return False
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return True


def measure_page(page: Page, clients: dict[str, Client], *, n: int | None = None) -> Row:
    """Median and p95 of `n` warm requests, plus the query count and response size."""
    try:
        url = page.resolve_url()
    except LookupError as error:
        return Row(page.name, budget=page.budget.describe(), result="missing", note=str(error))
    if not _installed(page, url):
        return Row(page.name, budget=page.budget.describe(), result="missing", note=url)
    client = clients[page.user or "anonymous"]
    count = n or page.n
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _warm in range(3):
            response = page.get(client, url)
            body = _body(response)
        if response.status_code != 200:
            return Row(page.name, result="error", note=f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            _body(page.get(client, url))
        # Read now: the log is emptied at the start of every later request.
        query_total = len(queries.captured_queries)
        timings = []
        for _request in range(count):
            if page.before is not None:
                page.before()
            started = time.perf_counter()
            _body(client.get(url))
            timings.append((time.perf_counter() - started) * 1000)
    row = Row(
        page.name,
        n=count,
        p50_ms=statistics.median(timings),
        p95_ms=_percentile(timings, 0.95),
        queries=query_total,
        bytes=len(body),
        budget=page.budget.describe(),
        note=page.note,
        extra={"url": url, "html": response.get("Content-Type", "").startswith("text/html")},
    )
    row.result = page.budget.verdict(row)
    return row


def _middle(rows: list[Row], key: Callable[[Row], float]) -> Row:
    """The row with the median `key` (the lower of the middle two for an even number)."""
    return sorted(rows, key=key)[(len(rows) - 1) // 2]


def median_row(rows: list[Row]) -> Row:
    """Of the same measurement taken several times, the one with the median p50."""
    timed = [row for row in rows if row.p50_ms is not None]
    return _middle(timed, lambda row: row.p50_ms) if timed else rows[0]


def median_round(rounds: list[Row]) -> Row:
    """A page measured in several rounds, each with its round's calibration
    (`extra["calibration_ms"]`): the round whose multiple of its calibration is the
    median, with every round's multiple in `extra["rounds"]`.

    The medians of a page vary from run to run on a virtual machine by up to
    40 %, in bursts of seconds that one round of a page meets and the next one
    does not; the median round is the page's typical figure, not its luckiest.
    A round that went wrong (missing, error) is returned as it is.
    """
    for row in rounds:
        if row.p50_ms is None or row.result in {"missing", "error"}:
            return row

    def multiple(row: Row) -> float:
        return row.p50_ms / (row.extra.get("calibration_ms") or 1.0)

    chosen = _middle(rounds, multiple)
    chosen.extra["rounds"] = [multiple(row) for row in rounds]
    return chosen


def query_count(page: Page, clients: dict[str, Client]) -> int | None:
    """Only the SQL query count (for the comparison at a small data size)."""
    try:
        url = page.resolve_url()
    except LookupError:
        return None
    if not _installed(page, url):
        return None
    client = clients[page.user or "anonymous"]
    with override_settings(PAGE_CACHE_SECONDS=0):
        _body(page.get(client, url))
        with CaptureQueriesContext(connection) as queries:
            response = page.get(client, url)
            _body(response)
    return len(queries.captured_queries) if response.status_code == 200 else None


def measure_cached(url: str, n: int = 200) -> Row:
    """The same page answered by the anonymous page cache."""
    client = Client()
    client.get(url)
    timings = []
    for _request in range(n):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    hit = response.get("X-Cache") == "hit"
    row = Row(
        "showcase, page cache hit",
        n=n,
        p50_ms=statistics.median(timings),
        p95_ms=_percentile(timings, 0.95),
        bytes=len(response.content),
        budget="X-Cache: hit",
        result="within" if hit else "over",
        extra={"url": url},
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    row.queries = len(queries.captured_queries)
    return row


def measure_not_modified(url: str, n: int = 200) -> Row:
    """Conditional GETs of an API list with the ETag of its last answer: every one a 304,
    and no SQL beyond the cache's own table (none at all with Redis)."""
    client = Client()
    etag = client.get(url)["ETag"]
    timings, statuses = [], set()
    for _request in range(n):
        started = time.perf_counter()
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_IF_NONE_MATCH=etag)
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    own = [q for q in queries.captured_queries if cache_table not in q["sql"]]
    row = Row(
        "API conditional GET (If-None-Match)",
        n=n,
        p50_ms=statistics.median(timings),
        p95_ms=_percentile(timings, 0.95),
        queries=len(own),
        budget="304, no SQL but the cache's",
        result="within" if statuses == {304} and not own else "over",
        note=(
            f"statuses {sorted(statuses)}; "
            f"{len(queries.captured_queries) - len(own)} queries on the cache table"
        ),
        extra={"url": url},
    )
    return row


# --- Exports ---------------------------------------------------------------


def probe_export(fmt: str) -> dict:
    """Run in a child process: one export; its time to the first byte, to the first
    project row and to the end, and the process's peak RSS."""
    import resource

    client = Client()
    # Warm the new process (URLs, templates, translations, the connection): a HEAD
    # runs the view without reading the export.
    client.head(f"/projekte/export.{fmt}")
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(f"/projekte/export.{fmt}")
    size = 0
    first_byte = first_row = None
    head = 0
    for chunk in response.streaming_content:
        now = time.perf_counter()
        if chunk and first_byte is None:
            first_byte, head = now, len(chunk)
        elif chunk and first_row is None:
            first_row = now
        size += len(chunk)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": fmt,
        "streaming": response.streaming,
        "status": response.status_code,
        "seconds": seconds,
        "first_byte_ms": ((first_byte or started) - started) * 1000,
        # The first chunk is the header (CSV) or the envelope (JSON); the next one
        # carries the first project.
        "first_row_ms": ((first_row or first_byte or started) - started) * 1000,
        "head_bytes": head,
        "bytes": size,
        "base_kb": base_kb,
        "peak_kb": peak_kb,
    }


def run_export_probe(fmt: str) -> dict:
    result = subprocess.run(  # noqa: S603 – our own manage.py with fixed arguments  # nosec B603
        [sys.executable, "manage.py", "bench", "--probe-export", fmt],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    if result.returncode != 0:
        raise RuntimeError(f"export probe ({fmt}) failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# The first project row of an export arrives within this (issue 21), at any size.
EXPORT_FIRST_ROW_MS = 300
# The peak memory of an export process may grow by this much from 1,000 projects on.
EXPORT_RSS_GROWTH_MB = 16


def export_rows(reference: dict[str, dict], measured: dict[str, dict], profile: str) -> list[Row]:
    """Time to the first row and in all, and the peak memory compared with `reference`
    (the same export at 1,000 projects)."""
    rows = []
    for fmt in ("json", "csv"):
        a, b = reference.get(fmt), measured.get(fmt)
        if not a or not b:
            rows.append(Row(f"export.{fmt}", result="missing"))
            continue
        # What the export itself adds to its process (peak after the export minus the
        # warmed-up process before it), at this size compared with 1,000 projects:
        # the processes' own footprints differ by what they loaded on the way.
        growth_mb = ((b["peak_kb"] - b["base_kb"]) - (a["peak_kb"] - a["base_kb"])) / 1024
        ok = (
            b["streaming"]
            and b["first_row_ms"] <= EXPORT_FIRST_ROW_MS
            and growth_mb <= EXPORT_RSS_GROWTH_MB
        )
        rows.append(
            Row(
                f"export.{fmt}: first row / total",
                n=1,
                p50_ms=b["first_row_ms"],
                p99_ms=b["seconds"] * 1000,
                bytes=b["bytes"],
                budget=f"first row ≤{EXPORT_FIRST_ROW_MS} ms, streamed, RSS flat",
                result="within" if ok else "over",
                note=(
                    f"{profile}: first byte {b['first_byte_ms']:.0f} ms, first row "
                    f"{b['first_row_ms']:.0f} ms, total {b['seconds']:.1f} s; the export adds "
                    f"{(a['peak_kb'] - a['base_kb']) / 1024:.1f} MB to its process at 1,000 "
                    f"projects, {(b['peak_kb'] - b['base_kb']) / 1024:.1f} MB here "
                    f"({growth_mb:+.1f} MB; {'streaming' if b['streaming'] else 'NOT streaming'})"
                ),
                extra={"reference": a, "measured": b},
            )
        )
    return rows


CALIBRATION_URL = "/bench-calibration/"
# Calibration requests timed after each page of a round (ops/management/commands/bench.py).
CALIBRATION_BLOCK = 20


def calibration_timings(n: int) -> list[float]:
    """`n` timed requests of the calibration workload, after five untimed ones (the
    first requests after another page find the processor's caches full of it)."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _warm in range(5):
            client.get(CALIBRATION_URL)
        timings = []
        for _request in range(n):
            started = time.perf_counter()
            client.get(CALIBRATION_URL)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def calibration_row(timings: list[float]) -> Row:
    """The calibration workload (ops/bench_urls.py): one query, 20 rows, a fixed template,
    the whole middleware; its median over `timings` (under the benchmark's URLconf)."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        response = client.get(CALIBRATION_URL)
    return Row(
        "calibration (1 query, 20 rows, fixed template)",
        n=len(timings),
        p50_ms=statistics.median(timings),
        p95_ms=_percentile(timings, 0.95),
        queries=len(queries.captured_queries),
        bytes=len(response.content),
        result="info" if response.status_code == 200 else "error",
        extra={"url": CALIBRATION_URL, "html": True},
    )


# --- Page weight -----------------------------------------------------------

ASSET_RE = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/static/[^"]+)"')
CSS_URL_RE = re.compile(r'url\(\s*["\']?(?!data:)([^"\')]+)["\']?\s*\)')
FINGERPRINT_RE = re.compile(r"\.[0-9a-f]{12}\.\w+$")


def _compressed(data: bytes) -> tuple[int, int]:
    return len(gzip.compress(data, 9)), len(brotli.compress(data))


def page_weight(url: str) -> list[Row]:
    """HTML size, first visit (everything, compressed) and repeat visit (HTML only)."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        html = client.get(url).content
    gz, br = _compressed(html)
    assets: dict[str, tuple[int, str, str]] = {}
    queue = [m for m in ASSET_RE.findall(html.decode()) if m.endswith((".css", ".js"))]
    while queue:
        asset = queue.pop(0)
        if asset in assets:
            continue
        response = client.get(asset, HTTP_ACCEPT_ENCODING="br, gzip")
        body = _body(response)
        assets[asset] = (
            len(body),
            response.get("Cache-Control", ""),
            response.get("Content-Encoding", ""),
        )
        if asset.endswith(".css"):
            plain = _body(client.get(asset))
            base = asset.rsplit("/", 1)[0]
            for ref in CSS_URL_RE.findall(plain.decode("utf-8", "replace")):
                ref = ref.split("#")[0].split("?")[0]
                queue.append(ref if ref.startswith("/") else os.path.normpath(f"{base}/{ref}"))
    total = br + sum(size for size, _cc, _enc in assets.values())
    cacheable = [
        a
        for a, (_size, cache_control, _enc) in assets.items()
        if FINGERPRINT_RE.search(a) and _max_age(cache_control) >= 31536000
    ]
    not_cacheable = sorted(set(assets) - set(cacheable))
    return [
        Row(
            "showcase HTML",
            bytes=len(html),
            budget="≤60 KB",
            result="within" if len(html) <= 60 * 1024 else "over",
            note=f"gzip {gz / 1024:.1f} KB, brotli {br / 1024:.1f} KB",
        ),
        Row(
            "first visit (HTML+CSS+JS+fonts, compressed)",
            n=len(assets) + 1,
            bytes=total,
            budget="≤300 KB",
            result="within" if total <= 300 * 1024 else "over",
            note=", ".join(
                f"{a.rsplit('/', 1)[-1].split('.')[0]} {s / 1024:.1f}{' ' + e if e else ''}"
                for a, (s, _c, e) in sorted(assets.items(), key=lambda i: -i[1][0])
            ),
            extra={
                "assets": {
                    a: {"bytes": s, "cache_control": c, "encoding": e}
                    for a, (s, c, e) in assets.items()
                }
            },
        ),
        Row(
            "repeat visit (only the HTML)",
            n=1,
            bytes=br,
            budget="assets fingerprinted, max-age≥1 year",
            result="within" if not not_cacheable else "over",
            note=(
                f"{len(cacheable)}/{len(assets)} assets cached for a year"
                + (f"; not: {', '.join(not_cacheable)}" if not_cacheable else "")
            ),
        ),
    ]


def _max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


# --- Over HTTP -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """Our gunicorn (2 sync workers on 127.0.0.1) with the bench settings."""

    def __init__(self, *, page_cache: bool, baseline_bytes: int):
        self.port = _free_port()
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = "ops.bench_settings"
        env["REGIOHUB_BENCH_BASELINE_BYTES"] = str(baseline_bytes)
        env["PAGE_CACHE_SECONDS"] = str(settings.PAGE_CACHE_SECONDS or 600) if page_cache else "0"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 – fixed arguments  # nosec B603
            [
                str(gunicorn),
                "regiohub.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:  # noqa: S310 – loopback URL we built  # nosec B310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str) -> tuple[bytes, dict]:
        with urllib.request.urlopen(f"{self.base}{path}", timeout=10) as answer:  # noqa: S310 – loopback URL we built  # nosec B310
            return answer.read(), dict(answer.headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, seconds: int = 10, connections: int = 8) -> dict:
    """requests/s, p50 and p99 with wrk, or with a small Python load generator without it."""
    wrk_path = shutil.which("wrk")
    if wrk_path:
        output = subprocess.run(  # noqa: S603 – fixed arguments  # nosec B603
            [wrk_path, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {
            "tool": "wrk",
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": _ms(latency["50"]),
            "p99_ms": _ms(latency["99"]),
            "non_2xx": int(errors.group(1)) if errors else 0,
        }
    return _python_load(url, seconds, connections)


def _python_load(url: str, seconds: int, connections: int) -> dict:
    timings: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 – loopback URL we built  # nosec B310
                    answer.read()
                    ok = answer.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                failures[0] += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "tool": "python",
        "rps": len(timings) / seconds,
        "p50_ms": statistics.median(timings),
        "p99_ms": _percentile(timings, 0.99),
        "non_2xx": failures[0],
    }


def http_rows(showcase: str, detail: str | None, out) -> list[Row]:
    """Uncached pages and the baseline with the page cache off, then cached pages and
    the baseline again with it on; the ratio compares figures of the same server."""
    probe = Gunicorn(page_cache=False, baseline_bytes=1)
    try:
        size = len(probe.get(showcase)[0])
    finally:
        probe.stop()
    rows: list[Row] = []
    results: dict[str, dict] = {}
    for cache_on in (False, True):
        server = Gunicorn(page_cache=cache_on, baseline_bytes=size)
        try:
            label = "cached" if cache_on else "uncached"
            targets = [(f"HTTP baseline ({label} run, {size:,} B string)", "/bench-baseline/")]
            targets.append((f"HTTP showcase {label}", showcase))
            if detail:
                targets.append((f"HTTP detail {label}", detail))
            for name, path in targets:
                if cache_on and path != "/bench-baseline/":
                    _body_headers = server.get(path)  # fill the cache
                    if _body_headers[1].get("X-Cache") not in {"hit", "miss"}:
                        out.write(f"  warning: {path} is not cacheable")
                out.write(f"  wrk 8 connections, 10 s: {name} …")
                results[name] = figures = wrk(server.base + path)
                rows.append(
                    Row(
                        name,
                        p50_ms=figures["p50_ms"],
                        p99_ms=figures["p99_ms"],
                        rps=figures["rps"],
                        bytes=size if "baseline" in name else None,
                        result="info",
                        note=f"{figures['tool']}, non-2xx {figures['non_2xx']}",
                        extra=figures,
                    )
                )
        finally:
            server.stop()
    uncached = next(r for r in rows if r.check == "HTTP showcase uncached")
    uncached.budget = "≥100 req/s, p99≤100"
    uncached.result = "within" if uncached.rps >= 100 and uncached.p99_ms <= 100 else "over"
    cached = next(r for r in rows if r.check == "HTTP showcase cached")
    baseline = next(r for r in rows if r.check.startswith("HTTP baseline (cached"))
    ratio = cached.rps / baseline.rps if baseline.rps else 0
    cached.budget = "≥50 % of baseline"
    cached.result = "within" if ratio >= 0.5 else "over"
    cached.note += f"; {ratio:.0%} of the baseline's req/s"
    cached.extra["ratio_to_baseline"] = ratio
    return rows
