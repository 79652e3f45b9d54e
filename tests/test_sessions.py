"""Idle sessions: they end after a working day without activity, renewed at most every few minutes."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse

from assessments.session_refresh import renew_session

START = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def test_a_working_day_without_activity_ends_the_session():
    """By default a session lasts 9 hours after its last renewal."""
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_a_new_session_is_renewed():
    """A session never renewed is marked for saving."""
    session = SessionStore()
    assert renew_session(session, now=START)
    assert session.modified


def test_a_session_renewed_minutes_ago_is_left_alone():
    """Within SESSION_REFRESH_MINUTES (5) of its last renewal, a session is not marked for saving."""
    session = SessionStore()
    renew_session(session, now=START)
    session.modified = False
    assert not renew_session(session, now=START + dt.timedelta(minutes=4, seconds=59))
    assert not session.modified


def test_a_session_renewed_long_enough_ago_is_renewed_again():
    """Once its last renewal is SESSION_REFRESH_MINUTES old, a session is renewed again."""
    session = SessionStore()
    renew_session(session, now=START)
    session.modified = False
    assert renew_session(session, now=START + dt.timedelta(minutes=5))
    assert session.modified


@pytest.mark.django_db
def test_signing_in_counts_as_a_renewal(client, manager):
    """Right after signing in, a request does not write the session again."""
    with mock.patch("django.utils.timezone.now", return_value=START):
        client.force_login(manager)
    stored = Session.objects.get().expire_date
    with mock.patch("django.utils.timezone.now", return_value=START + dt.timedelta(minutes=4)):
        client.get(reverse("alliance-list"))
    assert Session.objects.get().expire_date == stored == START + dt.timedelta(hours=9)


@pytest.mark.django_db
def test_requests_move_the_expiry_at_most_every_few_minutes(client, manager):
    """Requests a minute apart leave the stored expiry alone; one 6 minutes later moves it to 9 hours from then."""
    with mock.patch("django.utils.timezone.now", return_value=START - dt.timedelta(minutes=10)):
        client.force_login(manager)

    def expiry_after_request_at(moment):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            client.get(reverse("alliance-list"))
        return Session.objects.get().expire_date

    first = expiry_after_request_at(START)
    assert first == START + dt.timedelta(hours=9)
    assert expiry_after_request_at(START + dt.timedelta(minutes=1)) == first
    later = START + dt.timedelta(minutes=6)
    assert expiry_after_request_at(later) == later + dt.timedelta(hours=9)


@pytest.mark.django_db
def test_an_idle_session_is_signed_out(client, manager):
    """A request more than 9 hours after the last renewal finds the user signed out."""
    with mock.patch("django.utils.timezone.now", return_value=START):
        client.force_login(manager)
    with mock.patch("django.utils.timezone.now", return_value=START + dt.timedelta(hours=9, minutes=1)):
        response = client.get(reverse("alliance-list"))
    assert response.url == f"{reverse('login')}?next={reverse('alliance-list')}"
