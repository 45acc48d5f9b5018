"""Rate limits for the portal's own forms, backed by the shared cache, and who the client is.

allauth limits logins, password resets and the like itself; this module is for
everything else (invitations, transfer interest, barrier reports, exports), so
that every app process counts in the same place.

    if not ratelimit.allow(request, "invite", limit=20, period=3600):
        ...show the "too many requests" message...

`client_ip()` is the one answer to "which address is this visitor?" for every
limit, allauth's included (partners.adapters.AccountAdapter.get_client_ip).
Behind a reverse proxy REMOTE_ADDR is the proxy, the same for everybody; the
client is then read from X-Forwarded-For, counting TRUSTED_PROXY_COUNT entries
from the right. Each trusted proxy appends the address it was connected from,
so the entries further left were written by the client and prove nothing.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

# allauth's default (RATE_LIMIT_IPV6_PREFIX): one IPv6 client owns a whole /64.
IPV6_PREFIX = 64


def _address(value: str) -> str | None:
    """The IP address in `value` (with or without a port), normalised; None if there is none."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the visitor, as far as the trusted proxies vouch for it.

    With TRUSTED_PROXY_COUNT = n > 0 it is the n-th entry of X-Forwarded-For
    from the right (the leftmost one when the header has fewer entries, i.e. the
    request passed fewer proxies); with 0, or without a usable header,
    REMOTE_ADDR.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
        if forwarded:
            address = _address(forwarded[-min(count, len(forwarded))])
            if address:
                return address
    remote = request.META.get("REMOTE_ADDR", "")
    return _address(remote) or remote or "unknown"


def client_network(request) -> str:
    """The client's address for counting: an IPv6 client counts as its /64."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def client_key(request) -> str:
    """The user id when logged in, else the client's address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_network(request)}"


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
