import pytest
from allauth.account.adapter import get_adapter
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core import ratelimit

pytestmark = pytest.mark.django_db


def _request(address="192.0.2.1"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_it_allows_up_to_the_limit_and_then_refuses():
    request = _request()
    results = [ratelimit.allow(request, "feedback", limit=3, period=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_limits_are_counted_per_client_and_per_action():
    for _ in range(3):
        ratelimit.allow(_request("192.0.2.1"), "feedback", limit=3, period=60)
    assert not ratelimit.allow(_request("192.0.2.1"), "feedback", limit=3, period=60)
    assert ratelimit.allow(_request("192.0.2.2"), "feedback", limit=3, period=60)
    assert ratelimit.allow(_request("192.0.2.1"), "export", limit=3, period=60)


PROXY = "10.0.0.2"


def _forwarded(header: str, remote: str = PROXY):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    request.user = AnonymousUser()
    return request


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(_forwarded("198.51.100.7")) == PROXY


@pytest.mark.parametrize(
    ("count", "header", "client"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.66, 198.51.100.7", "198.51.100.7"),  # the left entry is the client's word
        (2, "192.0.2.66, 198.51.100.7, 203.0.113.1", "198.51.100.7"),
        (2, "198.51.100.7", "198.51.100.7"),  # fewer hops than proxies: the outermost one
        (1, "198.51.100.7:51234", "198.51.100.7"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, " 2001:DB8::7 ", "2001:db8::7"),
    ],
)
def test_behind_proxies_the_client_is_counted_from_the_right(settings, count, header, client):
    settings.TRUSTED_PROXY_COUNT = count
    assert ratelimit.client_ip(_forwarded(header)) == client


@pytest.mark.parametrize("header", ["", "unknown", "198.51.100.7, not-an-address"])
def test_an_unusable_forwarded_header_falls_back_to_the_connection(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(_forwarded(header)) == PROXY


def test_behind_a_proxy_each_client_has_its_own_count(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        ratelimit.allow(_forwarded("198.51.100.7"), "feedback", limit=3, period=60)
    assert not ratelimit.allow(
        _forwarded("192.0.2.1, 198.51.100.7"), "feedback", limit=3, period=60
    )
    assert ratelimit.allow(_forwarded("203.0.113.9"), "feedback", limit=3, period=60)


def test_an_ipv6_client_counts_as_its_whole_network(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(3):
        ratelimit.allow(_forwarded(f"2001:db8:1:2::{number}"), "feedback", limit=3, period=60)
    assert not ratelimit.allow(_forwarded("2001:db8:1:2::ffff"), "feedback", limit=3, period=60)
    assert ratelimit.allow(_forwarded("2001:db8:1:3::1"), "feedback", limit=3, period=60)


def test_allauth_sees_the_same_client(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.7")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
