"""A database failure on an autosave answers JSON with status 503, which the page retries on."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from assessments import answering
from assessments.middleware import NOT_SAVED_RETRYING

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
ANSWER = {"item": "S1-P1-01", "value": "4"}


@pytest.fixture
def signed_in(manager, published):
    """A client signed in as the manager, which hands back the 500 page instead of raising."""
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    return client


@pytest.fixture
def answer_url(manager, published):
    return reverse("assessment-answer", args=[AssessmentFactory(alliance__owner=manager).pk])


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_session_read_that_fails_before_the_view_answers_503_json(signed_in, answer_url, error):
    """The session cannot be read (the database is restarting): the autosave gets 503 JSON to retry on."""
    with mock.patch.object(SessionStore, "load", side_effect=error):
        response = signed_in.post(answer_url, ANSWER, **JSON)
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json() == {"error": str(NOT_SAVED_RETRYING)}


def test_a_save_that_fails_in_the_view_answers_503_json(signed_in, answer_url):
    """The database drops the connection while the answer is written: 503 JSON, nothing saved."""
    with mock.patch.object(answering, "save_answer", side_effect=OperationalError("terminating connection")):
        response = signed_in.post(answer_url, ANSWER, **JSON)
    assert (response.status_code, response.json()) == (503, {"error": str(NOT_SAVED_RETRYING)})


def test_a_page_request_during_an_outage_still_gets_the_error_page(signed_in):
    """A person opening a page (HTML first) gets the usual server error page, not JSON."""
    accept = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}
    with mock.patch.object(SessionStore, "load", side_effect=OperationalError("down")):
        response = signed_in.get(reverse("home"), **accept)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_other_errors_stay_server_errors(signed_in, answer_url):
    """Only a database failure is a 503: a bug in the code stays a 500."""
    with mock.patch.object(answering, "save_answer", side_effect=KeyError("bug")):
        response = signed_in.post(answer_url, ANSWER, **JSON)
    assert response.status_code == 500
