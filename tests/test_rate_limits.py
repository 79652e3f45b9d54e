"""Request limits counted in Django's cache, and the limited password-reset form."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from assessments.rate_limits import Limit, count_request
from tests.factories import ManagerFactory
from tests.tasks import run_ready_tasks

NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
LIMIT = Limit(scope="test", count=2, window=dt.timedelta(hours=1))
LIMITED = "Too many password reset requests. Try again after 13:00 UTC."

# The counts live in the cache, a database table: each test's counts roll back with its transaction.
pytestmark = pytest.mark.django_db


def test_requests_within_the_limit_pass():
    """The first `count` requests of a window pass."""
    assert [count_request(LIMIT, ["a"], now=NOON) for _ in range(2)] == [None, None]


def test_a_request_past_the_limit_is_told_when_the_window_ends():
    """The request after the limit gets the end of its window, when a new count starts."""
    for _ in range(2):
        count_request(LIMIT, ["a"], now=NOON)
    assert count_request(LIMIT, ["a"], now=NOON + dt.timedelta(minutes=59)) == NOON + dt.timedelta(hours=1)
    assert count_request(LIMIT, ["a"], now=NOON + dt.timedelta(hours=1)) is None


def test_each_key_counts_apart_and_any_key_past_its_limit_stops_the_request():
    """Keys are counted apart; a request is stopped when one of its keys is past the limit."""
    for _ in range(2):
        count_request(LIMIT, ["a"], now=NOON)
    assert count_request(LIMIT, ["b"], now=NOON) is None
    assert count_request(LIMIT, ["b", "a"], now=NOON) is not None


@pytest.fixture
def reset_limit(settings, time_at_noon):
    settings.PASSWORD_RESET_LIMIT = 2
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60


@pytest.fixture
def time_at_noon(monkeypatch):
    monkeypatch.setattr("assessments.views.accounts.timezone.now", lambda: NOON)


def ask_reset(client, email, address="127.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_past_the_limit_sends_nothing_and_says_when(client, reset_limit):
    """The third reset request for one email address in the hour sends no mail and says when to try again (429)."""
    ManagerFactory(username="amira", email="amira@example.com")
    for address in ("198.51.100.1", "198.51.100.2"):
        assert ask_reset(client, "amira@example.com", address).url == reverse("password_reset_done")
    response = ask_reset(client, "Amira@example.com", "198.51.100.3")
    assert response.status_code == 429
    assert LIMITED in response.text
    run_ready_tasks()  # the task worker sends the mails
    assert len(mail.outbox) == 2


def test_password_reset_is_limited_per_client_address(client, reset_limit):
    """One address asking for many email addresses is stopped at the limit too."""
    ManagerFactory(username="ben", email="ben@example.com")
    ask_reset(client, "nobody@example.com")
    ask_reset(client, "someone@example.com")
    response = ask_reset(client, "ben@example.com")
    assert response.status_code == 429
    assert LIMITED in response.text
    run_ready_tasks()
    assert mail.outbox == []
