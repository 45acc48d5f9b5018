import pytest
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
