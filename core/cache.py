"""The shared cache on Redis/Valkey, kept out of the request path when Redis is away.

Django's RedisCache raises on every call while Redis cannot be reached, so a
Redis restart would turn every page into a 500. Nothing the portal keeps in
the cache is the only copy of anything: the page cache can render again, the
rate limits can count again, sessions live in PostgreSQL (SESSION_STORE `db`
or `cached_db`). So while Redis is away this backend answers like an empty
cache that forgets what it is given, logs the error (at most one line every
LOG_EVERY seconds per process) and raises nothing:

- reads find nothing (`get` returns the default, `get_many` an empty dict);
- writes and deletes do nothing;
- `add` says the key was added and `incr` counts from zero, so a rate limit
  lets the request through instead of locking everybody out, allauth's login
  lock is taken and a TOTP code is accepted (its replay check pauses for the
  outage; the code itself is still checked);
- after a failure the backend does not ask Redis again for RETRY_AFTER
  seconds, so a Redis that times out does not add its timeout to every call.

A write or delete that could not reach Redis leaves whatever Redis held under
that key before (an old page generation, a session that has since ended in
PostgreSQL). The backend remembers these keys and deletes them as soon as
Redis answers again: the page cache then starts a new generation, a cached
session is read again from the database. Only connection errors and timeouts
are caught; any other Redis error is a bug and is raised.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 2.0
    LOG_EVERY = 10.0
    # Keys to delete once Redis is back; beyond this many the rest expire on their own.
    MAX_UNSURE_KEYS = 10_000

    def __init__(self, server, params):
        super().__init__(server, params)
        import redis

        self._outage_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._logged_at = -self.LOG_EVERY
        self._failures = 0
        self._unsure: set[str] = set()

    # --- the guard ---------------------------------------------------------

    def _guarded(self, operation: Callable[[], T], fallback: T, *, writes: Iterable[str] = ()) -> T:
        # First clear what the outage may have left stale, so nobody reads it.
        if self._unsure and time.monotonic() >= self._down_until:
            self._forget_unsure()
        if time.monotonic() < self._down_until:
            self._remember(writes)
            return fallback
        try:
            return operation()
        except self._outage_errors as error:
            self._remember(writes)
            self._failed(error)
            return fallback

    def _failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + self.RETRY_AFTER
            self._failures += 1
            if now - self._logged_at < self.LOG_EVERY:
                return
            self._logged_at, failures, self._failures = now, self._failures, 0
        logger.error(
            "Cache unavailable, serving without it (%d failed calls): %s: %s",
            failures,
            type(error).__name__,
            error,
        )

    def _remember(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                if len(self._unsure) >= self.MAX_UNSURE_KEYS:
                    break
                self._unsure.add(key)

    def _forget_unsure(self) -> None:
        with self._lock:
            keys, self._unsure = list(self._unsure), set()
        try:
            self._cache.delete_many(keys)  # type: ignore[attr-defined]  # missing in django-stubs
        except self._outage_errors as error:
            self._remember(keys)
            self._failed(error)
            return
        logger.warning(
            "Cache available again; %d keys written during the outage removed", len(keys)
        )

    # --- the cache API -----------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            True,
            writes=[made],
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        self._guarded(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            None,
            writes=[made],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(
            lambda: super(ResilientRedisCache, self).delete(key, version), False, writes=[made]
        )

    def get_many(self, keys, version=None) -> dict[str, Any]:
        return self._guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta, writes=[made]
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        made = [self.make_and_validate_key(key, version=version) for key in data]
        return self._guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            list(data),
            writes=made,
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        self._guarded(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version), None, writes=made
        )

    def clear(self) -> None:
        self._guarded(lambda: super(ResilientRedisCache, self).clear(), None)


def in_memory() -> bool:
    """Whether the default cache is held in memory (Redis, or locmem in a single
    process) rather than in the database table, where every read and write of
    a fragment is a query of its own: fragments that save less than a query
    each (the showcase's filter form) are only kept in a memory cache."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    return not isinstance(caches["default"], DatabaseCache)
