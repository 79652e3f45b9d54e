"""Retries with growing delays, and a Job people can follow: what django-tasks 0.12 leaves out.

A function decorated with `@retried_task()` becomes a task whose every attempt updates one `Job`.
When an attempt raises, the task is enqueued again to run after a delay that doubles each time,
until `max_attempts`; then the job is recorded as failed. The function gets the `Job` first, to
report its progress, then its keyword arguments (JSON values; `context` and `job_id` are taken).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import Task

from .models import Job

logger = logging.getLogger(__name__)


def retry_delay(*, failed_attempts, first_delay):
    """How long to wait after the given number of failed attempts: first_delay, then doubling."""
    return first_delay * 2 ** (failed_attempts - 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetriedTask(Task):
    """A task that keeps a Job and retries itself; enqueue it with `enqueue_job`.

    `func` is what the queue calls (one attempt); `work` is the decorated function it runs.
    """

    work: Callable
    max_attempts: int
    first_delay: timedelta

    def enqueue_job(self, *, now, requested_by=None, subject="", **kwargs):
        """Record a queued Job for this task and enqueue the first attempt; keyword arguments only."""
        job = Job.objects.create(
            task_name=self.name,
            subject=subject,
            max_attempts=self.max_attempts,
            requested_by=requested_by,
            created_at=now,
            updated_at=now,
        )
        self.enqueue(job_id=job.pk, **kwargs)
        return job


def run_attempt(task, *, job_id, kwargs, clock):
    """Run one attempt of the task's work for the job; on an error, queue the next attempt or fail the job; re-raise.

    `clock()` gives the time as the attempt starts and as it fails (the delay counts from the failure).
    Re-raising marks this attempt's task result failed, and the queue logs its traceback.
    """
    job = Job.objects.get(pk=job_id)
    job.start_attempt(now=clock())
    try:
        task.work(job, **kwargs)
    except Exception as error:
        now = clock()
        retry_at = None
        if job.attempts < task.max_attempts:
            retry_at = now + retry_delay(failed_attempts=job.attempts, first_delay=task.first_delay)
        job.record_failure(error=f"{type(error).__name__}: {error}", retry_at=retry_at, now=now)
        if retry_at:
            logger.warning(
                "Job %s (%s) attempt %s of %s failed; retrying at %s",
                job.pk,
                job.task_name,
                job.attempts,
                task.max_attempts,
                retry_at.isoformat(),
            )
            task.using(run_after=retry_at).enqueue(job_id=job_id, **kwargs)
        else:
            logger.error("Job %s (%s) failed after %s attempts", job.pk, job.task_name, job.attempts)
        raise
    job.succeed(now=clock())


def retried_task(*, max_attempts=5, first_delay=timedelta(seconds=30)):
    """Decorate a module-level function `func(job, **kwargs)` into a RetriedTask."""

    def decorate(func):
        def attempt(context, job_id, **kwargs):
            # The worker's clock is given here, at the edge; tests give their own.
            run_attempt(context.task_result.task, job_id=job_id, kwargs=kwargs, clock=timezone.now)

        # The queue stores a task by its module path, which must name the task this returns.
        # (Not functools.wraps: its __wrapped__ would hide the `context` argument the queue checks.)
        attempt.__module__, attempt.__name__, attempt.__qualname__ = func.__module__, func.__name__, func.__qualname__
        attempt.__doc__ = func.__doc__
        return RetriedTask(
            func=attempt, takes_context=True, work=func, max_attempts=max_attempts, first_delay=first_delay
        )

    return decorate
