"""/healthz: the database, the cache and the task queue checked for a load balancer, on any host, over HTTP."""

import datetime as dt
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.health import oldest_ready_task_wait

from .tasks import count_items

ALL_OK = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "task_queue": "ok"}}
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def enqueued(at, run_after=None):
    """A task enqueued at `at` (to run after `run_after`, if given)."""
    task = count_items.using(run_after=run_after) if run_after else count_items
    job = task.enqueue_job(now=at, total=1, failing_attempts=0)
    DBTaskResult.objects.filter(args_kwargs__kwargs__job_id=job.pk).update(enqueued_at=at)


def test_all_checks_pass(client):
    """With the database, the cache and the queue well, it answers 200 and says so in JSON, not to be cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert response["Cache-Control"] == "no-store"


def test_a_probe_by_address_is_answered_whatever_allowed_hosts_says(client):
    """A load balancer asking the machine's own address gets the health; another page on it is refused."""
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").json() == ALL_OK
    assert client.get("/accounts/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_the_probe_is_not_redirected_to_https(client, settings):
    """With the HTTPS redirect on, a plain-HTTP probe is answered; other pages are redirected."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_a_database_that_does_not_answer_fails_the_check(client, caplog):
    """When the database raises, the database check and those read from it (the default cache, the queue) fail: 503."""
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server closed the connection")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "failing", "cache": "failing", "task_queue": "failing"},
    }
    assert "Health check: the database does not answer" in caplog.messages


def test_a_cache_that_keeps_nothing_fails_the_check(client, settings, caplog):
    """A cache that forgets what it was given (here Django's dummy cache) fails the cache check."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing", "task_queue": "ok"}
    assert "Health check: the cache does not keep a value" in caplog.messages


def test_a_cache_that_raises_fails_the_check(client, caplog):
    """A cache server that cannot be reached fails the cache check instead of the page."""
    with mock.patch("jobs.health.cache.set", side_effect=ConnectionError("Error 111 connecting to redis:6379")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"
    assert "Health check: the cache fails" in caplog.messages


def test_a_task_waiting_too_long_fails_the_queue_check(client, settings, caplog):
    """A task ready for longer than TASK_QUEUE_MAX_AGE means no worker runs: 503."""
    settings.TASK_QUEUE_MAX_AGE = 300
    enqueued(at=timezone.now() - timedelta(seconds=400))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "task_queue": "failing"}
    assert any(m.startswith("Health check: a task has waited 4") for m in caplog.messages)


def test_a_task_deferred_for_later_has_not_waited_yet():
    """A task waits from its enqueueing, or from its run_after when deferred; one deferred to later does not count."""
    assert oldest_ready_task_wait(now=NOW) is None
    enqueued(at=NOW - timedelta(hours=1), run_after=NOW + timedelta(minutes=5))
    assert oldest_ready_task_wait(now=NOW) is None
    enqueued(at=NOW - timedelta(hours=1), run_after=NOW - timedelta(minutes=2))
    assert oldest_ready_task_wait(now=NOW) == timedelta(minutes=2)
    enqueued(at=NOW - timedelta(minutes=3))
    assert oldest_ready_task_wait(now=NOW) == timedelta(minutes=3)


def test_a_queue_other_than_the_database_is_not_checked(client, settings):
    """With another task backend the queue check passes: that queue has its own monitoring."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="tests.tasks.count_items", backend_name="default"
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(days=1))
    assert client.get("/healthz").json() == ALL_OK
