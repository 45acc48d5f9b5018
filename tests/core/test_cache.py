"""The shared cache on Redis: while Redis is away the portal serves on and logs it."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from core.cache import ResilientRedisCache
from tests.factories import PASSWORD
from tests.projects.factories import PublishedProjectFactory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server():
    """A Redis of our own on a free loopback port (the load-and-fault run starts one too)."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def redis_cache(port: int) -> ResilientRedisCache:
    backend = ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.2}},
    )
    backend.RETRY_AFTER = 0.1
    return backend


def test_it_answers_like_an_empty_cache_while_redis_is_away(caplog):
    backend = redis_cache(free_port())  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="core.cache"):
        assert backend.get("page", "default") == "default"
        backend.set("page", "content")
        assert backend.get_many(["page", "generation"]) == {}
        assert backend.delete("page") is False
    assert "Cache unavailable" in caplog.text


def test_rate_limits_and_the_login_lock_let_requests_through_while_redis_is_away():
    backend = redis_cache(free_port())
    assert backend.add("rl:login:1", 1, 60) is True
    assert backend.incr("rl:login:1") == 1


def test_it_logs_an_outage_once_not_on_every_call(caplog):
    backend = redis_cache(free_port())
    backend.RETRY_AFTER = 0  # ask Redis every time
    with caplog.at_level(logging.ERROR, logger="core.cache"):
        for _ in range(50):
            backend.get("page")
    assert len(caplog.records) == 1


def test_other_redis_errors_are_raised(redis_server):
    backend = redis_cache(redis_server)
    backend.set("counter", "not a number")
    with pytest.raises(Exception, match="not an integer"):
        backend.incr("counter")


def test_what_changed_during_an_outage_is_not_served_stale_afterwards(redis_server):
    backend = redis_cache(redis_server)
    backend.set("pagecache:generation", "before")
    backend.set("session:abc", {"user": 7})
    # Redis is unreachable for a moment but keeps its data (a network partition).
    backend._cache.get_client(write=True).execute_command("CLIENT", "PAUSE", "600", "ALL")
    backend.set("pagecache:generation", "during")  # content changed meanwhile
    backend.delete("session:abc")  # the person logged out meanwhile
    time.sleep(0.8)

    assert backend.get("pagecache:generation") is None
    assert backend.get("session:abc") is None
    backend.set("pagecache:generation", "after")
    assert backend.get("pagecache:generation") == "after"


@pytest.mark.django_db
def test_pages_and_logins_work_while_redis_is_away(editor_a):
    PublishedProjectFactory(title="Rufbus im Fläming")
    away = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=away):
        assert isinstance(caches["default"], ResilientRedisCache)
        visitor = Client()
        for _ in range(2):
            response = visitor.get("/projekte/")
            assert response.status_code == 200
            assert "Rufbus im Fläming" in response.content.decode()

        staff = Client()
        login = staff.post(
            reverse("account_login"), {"login": editor_a.email, "password": PASSWORD}
        )
        assert login.status_code == 302
        assert staff.get("/intern/").status_code == 200
