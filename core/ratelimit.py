"""Rate limits for the portal's own forms, backed by the shared cache.

allauth limits logins, password resets and the like itself; this module is for
everything else (invitations, transfer interest, barrier reports, exports), so
that every app process counts in the same place.

    if not ratelimit.allow(request, "invite", limit=20, period=3600):
        ...show the "too many requests" message...
"""

import hashlib
import time

from django.core.cache import cache


def client_key(request) -> str:
    """The user id when logged in, else the client's address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def allow(request, action: str, *, limit: int, period: int, key: str | None = None) -> bool:
    """Count one attempt of `action`; False once `limit` attempts fall into `period` seconds."""
    subject = key or client_key(request)
    window = int(time.time() // period)
    digest = hashlib.sha256(f"{action}:{subject}".encode()).hexdigest()[:32]
    cache_key = f"rl:{action}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=period)
        return True
    return count <= limit
