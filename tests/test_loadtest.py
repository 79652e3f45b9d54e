"""The load test's own check: an acknowledged answer not stored with its last value counts as lost."""

import http.client

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from assessments import answering
from assessments.management import loadtest
from assessments.models import Answer, Assessment

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_answers_stored_as_acknowledged_are_not_lost_and_others_are(published, manager):
    """The last acknowledged value must be the stored one; a changed or missing answer is reported."""
    draft = AssessmentFactory(alliance__owner=manager)
    answering.save_answers(assessment=draft, replies={"C01-01": answering.Reply(4), "C01-02": answering.Reply(None)})
    respondent = loadtest.Respondent(
        port=0, session_key="x", alliance=draft.alliance_id, assessment=draft.pk, answers={"C01-01": 4, "C01-02": None}
    )
    assert loadtest.lost_answers([respondent]) == []
    respondent.acknowledged[draft.pk] |= {"C01-01": 5, "C01-03": 2}
    assert loadtest.lost_answers([respondent]) == [
        f"assessment {draft.pk} C01-01: acknowledged 5, stored 4",
        f"assessment {draft.pk} C01-03: acknowledged 2, stored nothing",
    ]


def test_prepared_respondents_have_a_signed_in_session_and_an_answered_draft(published):
    """Each respondent is a manager of its own, signed in, whose draft holds the answers it starts from."""
    [first, second] = loadtest.prepare(2, port=8103)
    assert first.assessment != second.assessment
    stored = dict(Answer.objects.filter(assessment_id=first.assessment).values_list("item__code", "value"))
    assert stored == first.acknowledged[first.assessment]
    assert len(stored) == published.items.count()
    session = SessionStore(first.session_key).load()
    assert session[SESSION_KEY] == str(Assessment.objects.get(pk=first.assessment).respondent_id)


def test_the_server_keeps_answering_while_it_logs_every_request(tmp_path):
    """gunicorn logs each request (gunicorn.conf.py): 400 requests, far past a pipe's 64 KB, are all answered."""
    port = 8104
    with open(tmp_path / "gunicorn.log", "w+") as log:
        server = loadtest.start_server(port, 1, log)
        try:
            statuses = []
            for _ in range(400):
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                client.request("GET", "/healthz")
                statuses.append(client.getresponse().status)
                client.close()
        finally:
            loadtest.stop_server(server)
    assert len(statuses) == 400
    assert (tmp_path / "gunicorn.log").stat().st_size > 64 * 1024
