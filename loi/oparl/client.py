"""A polite, careful HTTP client for OParl 1.1 sources (urllib3).

Polite: a user agent that names the portal, at most a few requests per second
per host, timeouts. Careful: every answer must be JSON of at most
OPARL_MAX_BYTES, lists are followed through `links.next` with loop detection and
a page limit, redirects are followed by hand so each hop is checked, and
addresses in private networks are refused unless OPARL_ALLOW_PRIVATE_HOSTS is
set (the test suite's local server). Anything else ends in an `OParlError`.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import urllib3
from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from .errors import OParlError

SCHEMA = "https://schema.oparl.org/1.1/"
MAX_REDIRECTS = 3

# The last request per host, shared by the clients of one worker process.
_last_request: dict[str, float] = {}
_lock = threading.Lock()


def user_agent() -> str:
    return f"Regio.hub-Portal/1.0 (+{settings.SITE_URL}; OParl-Client)"


def oparl_type(obj: dict) -> str:
    """'Paper' for 'https://schema.oparl.org/1.1/Paper' (also 1.0's type URLs)."""
    return str(obj.get("type", "")).rstrip("/").rsplit("/", 1)[-1]


def parse_oparl_datetime(value, *, url: str) -> datetime.datetime | None:
    """An OParl date-time (ISO 8601 with offset); a date alone counts as midnight."""
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(str(value))
        if parsed is None:
            day = parse_date(str(value))
            if day is None:
                raise ValueError(value)
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        raise OParlError("invalid_date", url=url, value=value) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


class OParlClient:
    def __init__(
        self,
        *,
        timeout: float | None = None,
        max_bytes: int | None = None,
        min_interval: float | None = None,
        max_pages: int | None = None,
        allow_private: bool | None = None,
    ):
        self.timeout = timeout if timeout is not None else settings.OPARL_TIMEOUT
        self.max_bytes = max_bytes if max_bytes is not None else settings.OPARL_MAX_BYTES
        self.min_interval = (
            min_interval if min_interval is not None else settings.OPARL_MIN_INTERVAL
        )
        self.max_pages = max_pages if max_pages is not None else settings.OPARL_MAX_PAGES
        self.allow_private = (
            allow_private if allow_private is not None else settings.OPARL_ALLOW_PRIVATE_HOSTS
        )
        self.http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
            retries=False,
            headers={"User-Agent": user_agent(), "Accept": "application/json"},
        )
        self.requests = 0

    # -- addresses ---------------------------------------------------------
    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise OParlError("bad_url", url=url)
        if self.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError as error:
            raise OParlError("unreachable", url=url, detail=error.strerror or error) from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise OParlError("private_host", url=url)

    def _throttle(self, host: str) -> None:
        with _lock:
            now = time.monotonic()
            wait = _last_request.get(host, 0.0) + self.min_interval - now
            _last_request[host] = max(now, now + wait)
        if wait > 0:
            time.sleep(wait)

    # -- one answer --------------------------------------------------------
    def get_json(self, url: str) -> dict:
        """The JSON object at `url` (after at most MAX_REDIRECTS checked redirects)."""
        original = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_url(url)
            self._throttle(urlsplit(url).netloc)
            self.requests += 1
            try:
                response = self.http.request("GET", url, preload_content=False, redirect=False)
            except urllib3.exceptions.HTTPError as error:
                raise OParlError("unreachable", url=url, detail=type(error).__name__) from None
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location", "")
                    if not location:
                        raise OParlError("http_status", url=url, status=response.status)
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise OParlError("http_status", url=url, status=response.status)
                content_type = response.headers.get("Content-Type", "")
                if "json" not in content_type.lower():
                    raise OParlError("not_json", url=url, content_type=content_type[:80] or "–")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise OParlError("too_large", url=url, limit=self.max_bytes // 1024)
                body = bytearray()
                try:
                    for chunk in response.stream(64 * 1024):
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            raise OParlError("too_large", url=url, limit=self.max_bytes // 1024)
                except urllib3.exceptions.HTTPError as error:
                    raise OParlError("unreachable", url=url, detail=type(error).__name__) from None
            finally:
                response.release_conn()
            try:
                data = json.loads(bytes(body))
            except (ValueError, UnicodeDecodeError):
                raise OParlError("bad_json", url=url) from None
            if not isinstance(data, dict):
                raise OParlError("bad_json", url=url)
            return data
        raise OParlError("too_many_redirects", url=original)

    def get_object(self, url: str, expected: str) -> dict:
        """One OParl object of the `expected` type (a deleted one comes as it is)."""
        data = self.get_json(url)
        if oparl_type(data) != expected or not data.get("id"):
            raise OParlError("not_oparl", url=url, type=expected)
        return data

    # -- lists -------------------------------------------------------------
    def iter_list(
        self, url: str, *, modified_since: datetime.datetime | None = None
    ) -> Iterator[dict]:
        """Every object of an external object list, page by page through `links.next`.

        A page seen before (a loop) or more than `max_pages` pages end in an
        OParlError; the objects yielded before are the caller's to discard.
        """
        if modified_since is not None:
            url = with_params(url, modified_since=modified_since.isoformat(timespec="seconds"))
        seen: set[str] = set()
        pages = 0
        while url:
            if url in seen:
                raise OParlError("loop", url=url)
            seen.add(url)
            pages += 1
            if pages > self.max_pages:
                raise OParlError("too_many_pages", url=url, limit=self.max_pages)
            page = self.get_json(url)
            items = page.get("data")
            if not isinstance(items, list):
                raise OParlError("not_oparl", url=url, type="list")
            for item in items:
                if isinstance(item, dict):
                    yield item
            links = page.get("links")
            next_url = (links.get("next") if isinstance(links, dict) else "") or ""
            if not isinstance(next_url, str):
                raise OParlError("not_oparl", url=url, type="list")
            url = urljoin(url, next_url) if next_url else ""


def with_params(url: str, **params) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params]
    query.extend(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))
