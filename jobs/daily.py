"""The daily jobs, and `run_daily`, which does them at most once a day however often it is called.

Each daily job is a function `job(*, now) -> int` (how many things it did), quick, and written to
catch up by itself (it works on everything due up to `now`), so that the one run after a missed
day covers it. Heavy work enqueues a task instead of doing it here. Add a job to DAILY_JOBS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actions.reminders import send_reminders
from assessments import surveys
from assessments.dashboard import refresh
from assessments.kept_files import delete_unconfirmed_uploads
from assessments.respondents import erase_old_addresses

from .files import delete_expired_files
from .models import DailyRun, Job


def finished_before(now):
    """The cut-off before which finished jobs and task results are purged."""
    return now - timedelta(days=settings.JOBS_KEEP_DAYS)


def purge_finished_jobs(*, now):
    """Delete the jobs that succeeded or failed more than JOBS_KEEP_DAYS ago."""
    finished = [Job.State.SUCCEEDED, Job.State.FAILED]
    deleted, _ = Job.objects.filter(state__in=finished, updated_at__lt=finished_before(now)).delete()
    return deleted


def purge_task_results(*, now):
    """Delete the queue's records of attempts that finished more than JOBS_KEEP_DAYS ago."""
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    deleted, _ = DBTaskResult.objects.filter(status__in=finished, finished_at__lt=finished_before(now)).delete()
    return deleted


# Files first: a job purged later takes its file's record with it, never the file in storage.
DAILY_JOBS = [
    delete_expired_files,
    delete_unconfirmed_uploads,
    purge_finished_jobs,
    purge_task_results,
    erase_old_addresses,
    surveys.close_due_surveys,
    surveys.remind_before_deadlines,
    send_reminders,
    refresh.draw_for_the_new_day,
]


def run_daily(*, today, now):
    """Do the daily jobs and record the day, unless it is recorded already; the DailyRun, or None.

    The day's row and the jobs' work commit together: a run that fails leaves the day to do again,
    and of two runs at once (two machines' cron) the second finds the day taken and does nothing.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                daily_run = DailyRun.objects.create(day=today, started_at=now)
        except IntegrityError:
            return None
        daily_run.results = {job.__name__: job(now=now) for job in DAILY_JOBS}
        daily_run.save(update_fields=["results"])
    return daily_run
