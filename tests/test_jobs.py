"""Jobs: an attempt count, retries with growing delays, and progress people can see in the admin."""

import datetime as dt
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.retrying import retry_delay, run_attempt

from .factories import UserFactory
from .tasks import count_items, let_time_pass, run_ready_tasks

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_retry_delay_doubles_after_each_failed_attempt():
    """The wait before a retry is the first delay, then twice it, then four times it."""
    first = timedelta(seconds=30)
    assert [retry_delay(failed_attempts=n, first_delay=first) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
    ]


@pytest.mark.django_db
def test_enqueue_job_records_a_queued_job_and_queues_its_first_attempt():
    """Enqueueing makes a queued Job with who asked, and one task ready to run that names it."""
    amira = UserFactory(username="amira")
    job = count_items.enqueue_job(now=NOW, requested_by=amira, total=4, failing_attempts=0)

    job.refresh_from_db()
    assert (job.task_name, job.state, job.attempts, job.max_attempts) == ("count_items", Job.State.QUEUED, 0, 3)
    assert (job.requested_by, job.created_at, job.updated_at) == (amira, NOW, NOW)
    [task_result] = DBTaskResult.objects.all()
    assert task_result.task_path == "tests.tasks.count_items"
    assert task_result.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk, "total": 4, "failing_attempts": 0}}


@pytest.mark.django_db
def test_a_job_that_succeeds_shows_its_progress_done():
    """The worker runs the attempt; the job ends succeeded with all its steps done, in one attempt."""
    job = count_items.enqueue_job(now=NOW, total=4, failing_attempts=0)
    run_ready_tasks()

    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts, job.last_error) == (Job.State.SUCCEEDED, 4, 4, 1, "")


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_after_a_delay_then_succeeds():
    """A failure records its error and waits; once the delay has passed the next attempt succeeds."""
    job = count_items.enqueue_job(now=NOW, total=4, failing_attempts=1)
    run_ready_tasks()

    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == (Job.State.RETRYING, 2, 1)
    assert job.last_error == "ConnectionError: the mail server went away"
    assert DBTaskResult.objects.failed().count() == 1
    [waiting] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.run_after == job.next_attempt_at

    run_ready_tasks()  # too early: nothing runs
    job.refresh_from_db()
    assert job.state == Job.State.RETRYING

    let_time_pass(timedelta(seconds=10))
    run_ready_tasks()
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts, job.last_error, job.next_attempt_at) == (
        Job.State.SUCCEEDED,
        4,
        2,
        "",
        None,
    )


@pytest.mark.django_db
def test_a_job_failing_every_attempt_is_failed_after_the_last():
    """After max_attempts failures the job is failed with its last error, and nothing is queued again."""
    job = count_items.enqueue_job(now=NOW, total=4, failing_attempts=99)
    for delay in (0, 10, 20):
        let_time_pass(timedelta(seconds=delay))
        run_ready_tasks()

    job.refresh_from_db()
    assert (job.state, job.attempts, job.next_attempt_at) == (Job.State.FAILED, 3, None)
    assert job.last_error == "ConnectionError: the mail server went away"
    assert DBTaskResult.objects.failed().count() == 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@pytest.mark.django_db
def test_each_retry_waits_twice_as_long_as_the_one_before_from_the_failure():
    """A failure 5 minutes into the attempt retries 10 s after it; the next failure waits 20 s."""
    job = Job.objects.create(task_name="count_items", max_attempts=3, created_at=NOW, updated_at=NOW)
    kwargs = {"total": 4, "failing_attempts": 99}
    failed_at = NOW + timedelta(minutes=5)
    with pytest.raises(ConnectionError):
        run_attempt(count_items, job_id=job.pk, kwargs=kwargs, clock=iter([NOW, failed_at]).__next__)
    job.refresh_from_db()
    assert (job.next_attempt_at, job.updated_at) == (failed_at + timedelta(seconds=10), failed_at)

    later = failed_at + timedelta(seconds=10)
    with pytest.raises(ConnectionError):
        run_attempt(count_items, job_id=job.pk, kwargs=kwargs, clock=iter([later, later]).__next__)
    job.refresh_from_db()
    assert job.next_attempt_at == later + timedelta(seconds=20)


@pytest.mark.django_db
def test_a_job_cannot_have_done_more_than_its_total():
    """The database refuses a job whose done count passes its total."""
    with pytest.raises(IntegrityError, match="jobs_job_done_within_total"):
        Job.objects.create(task_name="x", max_attempts=1, done=5, total=4, created_at=NOW, updated_at=NOW)


@pytest.mark.django_db
def test_a_job_cannot_have_more_attempts_than_its_most():
    """The database refuses a job with more attempts than it allows."""
    with pytest.raises(IntegrityError, match="jobs_job_attempts_within_most"):
        Job.objects.create(task_name="x", max_attempts=2, attempts=3, created_at=NOW, updated_at=NOW)


@pytest.mark.django_db
def test_the_admin_lists_jobs_read_only(admin_client):
    """The admin lists each job's state, progress and attempts, and offers no way to add or change one."""
    job = Job.objects.create(
        task_name="count_items",
        state=Job.State.RETRYING,
        done=2,
        total=4,
        attempts=1,
        max_attempts=3,
        last_error="ConnectionError: the mail server went away",
        created_at=NOW,
        updated_at=NOW,
    )
    listing = admin_client.get(reverse("admin:jobs_job_changelist")).text
    assert '<td class="field-state">Waiting to retry</td>' in listing
    assert '<td class="field-progress">2 of 4</td>' in listing
    assert '<td class="field-attempts_made">1 of 3</td>' in listing
    assert reverse("admin:jobs_job_add") not in listing

    page = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert "ConnectionError: the mail server went away" in page
    assert 'name="_save"' not in page
