"""Running the database task queue inside a test, as `manage.py db_worker --batch` would; a task to run."""

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from jobs.retrying import retried_task


def run_ready_tasks():
    """Claim and run every task ready now with the real worker's run_task, until none is left.

    (Not Worker.run: it closes the database connection between tasks, and with it the test's transaction.)
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (task_result := DBTaskResult.objects.ready().first()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)


def let_time_pass(delay: timedelta):
    """Bring forward by `delay` the tasks deferred to later, as if that much time had passed."""
    for task_result in DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lt=timezone.now() + delay):
        task_result.run_after -= delay
        task_result.save(update_fields=["run_after"])


@retried_task(max_attempts=3, first_delay=timedelta(seconds=10))
def count_items(job, *, total, failing_attempts):
    """Count to total, reporting each step; the first `failing_attempts` attempts fail halfway."""
    for done in range(1, total + 1):
        job.report_progress(done=done, total=total, now=timezone.now())
        if job.attempts <= failing_attempts and done == total // 2:
            raise ConnectionError("the mail server went away")
