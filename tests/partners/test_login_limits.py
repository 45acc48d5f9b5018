"""Behind the reverse proxy, failed logins count per client and per account at that client.

Every request reaches the portal from the proxy's address; the proxy appends
the client's address to X-Forwarded-For (TRUSTED_PROXY_COUNT = 1).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.worker import committed

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "198.51.100.7"
CLIENT_B = "203.0.113.9"
TOO_MANY = "Zu viele gescheiterte Anmeldeversuche"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def account_x(db):
    return UserFactory(email="x@example.org")


@pytest.fixture
def account_y(db):
    return UserFactory(email="y@example.org")


def log_in(address: str, email: str, password: str = PASSWORD, *, forwarded: str = ""):
    """A fresh browser at `address` logging in; returns (response, logged in?)."""
    browser = Client()
    response = browser.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded or address,
        HTTP_ACCEPT_LANGUAGE="de",
    )
    return response, "_auth_user_id" in browser.session


def fail_five_times(address: str, email: str) -> None:
    for _ in range(5):
        response, logged_in = log_in(address, email, "falsches Passwort")
        assert not logged_in and TOO_MANY not in response.content.decode()


def test_five_failures_from_one_client_lock_that_client_out_of_the_account(account_x):
    fail_five_times(CLIENT_A, account_x.email)
    response, logged_in = log_in(CLIENT_A, account_x.email)
    assert not logged_in
    assert TOO_MANY in response.content.decode()


def test_another_client_still_logs_in_to_the_same_account(account_x):
    fail_five_times(CLIENT_A, account_x.email)
    assert log_in(CLIENT_B, account_x.email)[1]


def test_another_client_still_logs_in_to_another_account(account_x, account_y):
    fail_five_times(CLIENT_A, account_x.email)
    assert log_in(CLIENT_B, account_y.email)[1]


def test_the_failing_client_may_still_log_in_to_another_account(account_x, account_y):
    fail_five_times(CLIENT_A, account_x.email)
    assert log_in(CLIENT_A, account_y.email)[1]


def test_made_up_entries_left_of_the_proxy_s_do_not_get_round_the_limit(account_x):
    for number in range(5):
        log_in(CLIENT_A, account_x.email, "falsch", forwarded=f"192.0.2.{number}, {CLIENT_A}")
    response, logged_in = log_in(CLIENT_A, account_x.email, forwarded=f"192.0.2.99, {CLIENT_A}")
    assert not logged_in
    assert TOO_MANY in response.content.decode()


def test_a_client_trying_many_accounts_is_stopped_and_nobody_else(account_y):
    for number in range(20):
        response, logged_in = log_in(CLIENT_A, f"person{number}@example.org", "raten")
        assert not logged_in and TOO_MANY not in response.content.decode()
    response, logged_in = log_in(CLIENT_A, account_y.email)
    assert not logged_in
    assert TOO_MANY in response.content.decode()
    assert log_in(CLIENT_B, account_y.email)[1]


def test_guesses_at_one_account_from_many_clients_are_bounded_too(settings, account_x):
    # 50 an hour in production; 10 here, so the test needs only two clients.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "10/h/key",
    }
    fail_five_times(CLIENT_A, account_x.email)
    fail_five_times(CLIENT_B, account_x.email)
    response, _logged_in = log_in("198.51.100.200", account_x.email, "noch ein Versuch")
    assert TOO_MANY in response.content.decode()


def test_a_correct_login_does_not_use_up_the_limit(account_x):
    for _ in range(8):
        assert log_in(CLIENT_A, account_x.email)[1]
    fail_five_times(CLIENT_A, account_x.email)


def test_a_password_reset_lets_the_locked_out_client_in_again(account_x, mailoutbox):
    fail_five_times(CLIENT_A, account_x.email)
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    committed(lambda: browser.post(reverse("account_reset_password"), {"email": account_x.email}))
    [link] = re.findall(r"https?://\S+/accounts/password/reset/key/\S+/", mailoutbox[0].body)
    form = browser.get(link.split("testserver", 1)[-1], follow=True)
    new_password = "ein ganz neues Kennwort 42"
    done = browser.post(
        form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    assert done.status_code == 302
    assert log_in(CLIENT_A, account_x.email, new_password)[1]
