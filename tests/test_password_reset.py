"""The password-reset mail is the first background task: queued by the form, sent by the worker, retried."""

import re
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jobs.models import Job

from .factories import ManagerFactory
from .tasks import let_time_pass, run_ready_tasks

pytestmark = pytest.mark.django_db


def ask_for_a_reset(client):
    ManagerFactory(username="amira", email="amira@example.com")
    response = client.post(reverse("password_reset"), {"email": "amira@example.com"})
    assert response.url == reverse("password_reset_done")


def test_the_reset_mail_waits_for_the_worker(client):
    """Asking for a reset queues the mail, with no secret in the queue; the worker sends it and the job succeeds."""
    ask_for_a_reset(client)
    assert mail.outbox == []
    job = Job.objects.get()
    assert (job.task_name, job.state, job.requested_by) == ("send_password_reset_mail", Job.State.QUEUED, None)
    [queued] = DBTaskResult.objects.all()
    assert "token" not in queued.args_kwargs["kwargs"]["mail_context"]

    run_ready_tasks()
    [email] = mail.outbox
    assert email.subject == "Choose a new password for Alliance Maturity"
    assert re.search(r"http://testserver/accounts/reset/\S+/\S+/", email.body)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 1)


def test_a_failed_reset_mail_is_retried_and_then_sent(client, monkeypatch):
    """When the mail server drops the first try, the job waits to retry, and the next attempt sends the mail."""
    send_messages = EmailBackend.send_messages
    failures = iter([SMTPServerDisconnected("Connection unexpectedly closed")])

    def flaky_send_messages(backend, messages):
        if (failure := next(failures, None)) is not None:
            raise failure
        return send_messages(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky_send_messages)
    ask_for_a_reset(client)
    run_ready_tasks()

    job = Job.objects.get()
    assert (job.state, job.attempts) == (Job.State.RETRYING, 1)
    assert job.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []

    let_time_pass(timedelta(seconds=30))
    run_ready_tasks()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == (Job.State.SUCCEEDED, 2, "")
    [email] = mail.outbox
    assert email.to == ["amira@example.com"]

    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    assert client.get(link).status_code == 302  # the link works: Django swaps the token for a session value
