"""run_daily: the daily jobs done once a day however often it runs, a missed day once, old records purged."""

import datetime as dt
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments import kept_files
from jobs import daily
from jobs.daily import run_daily
from jobs.models import DailyRun, Job

from .factories import UserFactory
from .tasks import count_items

NOW = dt.datetime(2026, 12, 1, 3, 15, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def no_kept_uploads():
    """No upload kept by another test: the in-memory storage lives as long as the process."""
    storage = kept_files.default_storage
    for name in storage.listdir(kept_files.FOLDER)[1] if storage.exists(kept_files.FOLDER) else []:
        storage.delete(f"{kept_files.FOLDER}/{name}")


def finished_job(state, updated_at):
    return Job.objects.create(
        task_name="count_items", state=state, max_attempts=1, created_at=updated_at, updated_at=updated_at
    )


@pytest.mark.django_db
def test_a_second_run_the_same_day_does_nothing():
    """The first run of the day purges; one later that day finds the day done and purges nothing more."""
    finished_job(Job.State.SUCCEEDED, NOW - timedelta(days=31))
    first = run_daily(today=TODAY, now=NOW)
    assert first.results == {
        "delete_expired_files": 0,
        "delete_unconfirmed_uploads": 0,
        "purge_finished_jobs": 1,
        "purge_task_results": 0,
        "erase_old_addresses": 0,
        "close_due_surveys": 0,
        "remind_before_deadlines": 0,
        "send_reminders": 0,
        "draw_for_the_new_day": 0,
    }

    kept = finished_job(Job.State.SUCCEEDED, NOW - timedelta(days=31))
    assert run_daily(today=TODAY, now=NOW + timedelta(hours=5)) is None
    assert Job.objects.get() == kept
    assert list(DailyRun.objects.values_list("day", flat=True)) == [TODAY]


@pytest.mark.django_db
def test_a_missed_day_is_done_once_by_the_next_run():
    """After a day with no run, the next day's run does the work once and records only its own day."""
    run_daily(today=TODAY, now=NOW)
    finished_job(Job.State.FAILED, NOW - timedelta(days=30))
    finished_job(Job.State.SUCCEEDED, NOW - timedelta(days=29))

    two_days_later = run_daily(today=TODAY + timedelta(days=2), now=NOW + timedelta(days=2))
    assert two_days_later.results == {
        "delete_expired_files": 0,
        "delete_unconfirmed_uploads": 0,
        "purge_finished_jobs": 2,
        "purge_task_results": 0,
        "erase_old_addresses": 0,
        "close_due_surveys": 0,
        "remind_before_deadlines": 0,
        "send_reminders": 0,
        "draw_for_the_new_day": 0,
    }
    assert list(DailyRun.objects.values_list("day", flat=True)) == [TODAY + timedelta(days=2), TODAY]


@pytest.mark.django_db
def test_only_jobs_finished_before_the_kept_days_are_purged(settings):
    """Jobs finished more than JOBS_KEEP_DAYS ago go; recent ones and those not finished stay."""
    settings.JOBS_KEEP_DAYS = 7
    old = NOW - timedelta(days=7, seconds=1)
    finished_job(Job.State.SUCCEEDED, old)
    finished_job(Job.State.FAILED, old)
    waiting = [finished_job(state, old) for state in (Job.State.QUEUED, Job.State.RUNNING, Job.State.RETRYING)]
    recent = finished_job(Job.State.SUCCEEDED, NOW - timedelta(days=6))

    assert daily.purge_finished_jobs(now=NOW) == 2
    assert set(Job.objects.all()) == {*waiting, recent}


@pytest.mark.django_db
def test_old_finished_task_results_are_purged_and_waiting_ones_kept(settings):
    """The queue's finished attempts older than JOBS_KEEP_DAYS go; recent and ready ones stay."""
    settings.JOBS_KEEP_DAYS = 7
    for _ in range(4):
        count_items.enqueue_job(now=NOW, total=2, failing_attempts=0)
    old, failed_old, recent, _ready = DBTaskResult.objects.order_by("enqueued_at")
    old.status, old.finished_at = TaskResultStatus.SUCCESSFUL, NOW - timedelta(days=8)
    failed_old.status, failed_old.finished_at = TaskResultStatus.FAILED, NOW - timedelta(days=8)
    recent.status, recent.finished_at = TaskResultStatus.SUCCESSFUL, NOW - timedelta(days=6)
    for task_result in (old, failed_old, recent):
        task_result.save()

    assert daily.purge_task_results(now=NOW) == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL", "READY"}


@pytest.mark.django_db
def test_uploads_never_confirmed_are_deleted_once_their_token_has_expired():
    """The daily run deletes a kept criteria file an hour after it was kept; a younger one waits to be confirmed."""
    storage, editor = kept_files.default_storage, UserFactory()
    stale = kept_files.keep("stale", user=editor, now=NOW - timedelta(seconds=kept_files.MAX_AGE_SECONDS + 1))
    young = kept_files.keep("young", user=editor, now=NOW - timedelta(minutes=59))
    assert run_daily(today=TODAY, now=NOW).results["delete_unconfirmed_uploads"] == 1
    assert [name[:16] for name in storage.listdir(kept_files.FOLDER)[1]] == ["20261201T021600Z"]
    with pytest.raises(kept_files.FileGone):
        kept_files.take(stale, user=editor)
    assert kept_files.take(young, user=editor) == "young"
    assert kept_files.delete_unconfirmed_uploads(now=NOW + timedelta(days=1)) == 0


@pytest.mark.django_db
def test_a_run_that_fails_leaves_the_day_to_do_again(monkeypatch):
    """When a daily job raises, nothing of the run is kept, so the next run does the day."""

    def broken_job(*, now):
        raise RuntimeError("disk full")

    finished_job(Job.State.SUCCEEDED, NOW - timedelta(days=31))
    monkeypatch.setattr(daily, "DAILY_JOBS", [daily.purge_finished_jobs, broken_job])
    with pytest.raises(RuntimeError, match="disk full"):
        run_daily(today=TODAY, now=NOW)
    assert not DailyRun.objects.exists()
    assert Job.objects.count() == 1

    monkeypatch.setattr(daily, "DAILY_JOBS", [daily.purge_finished_jobs])
    assert run_daily(today=TODAY, now=NOW).results == {"purge_finished_jobs": 1}


@pytest.mark.django_db
def test_the_command_says_what_it_did_then_that_the_day_is_done(capsys):
    """`manage.py run_daily` prints each job's count, and on a second run that the day is already done."""
    today = timezone.localdate().isoformat()
    call_command("run_daily")
    jobs = (
        "delete_expired_files 0, delete_unconfirmed_uploads 0, purge_finished_jobs 0, purge_task_results 0,"
        " erase_old_addresses 0, close_due_surveys 0, remind_before_deadlines 0, send_reminders 0,"
        " draw_for_the_new_day 0"
    )
    assert capsys.readouterr().out == f"Daily jobs done for {today}: {jobs}.\n"
    call_command("run_daily")
    assert capsys.readouterr().out == f"Daily jobs already done for {today}; nothing to do.\n"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_do_the_day_once(monkeypatch):
    """Two machines' cron starting together: one does the day's work, the other waits, finds the day done."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is one connection's: there is nothing to race")
    done = []

    def slow_job(*, now):
        done.append(now)
        time.sleep(0.5)
        return 1

    monkeypatch.setattr(daily, "DAILY_JOBS", [slow_job])
    start, outcomes = threading.Barrier(2), []

    def cron():
        start.wait()
        try:
            outcomes.append(run_daily(today=TODAY, now=NOW))
        finally:
            connection.close()

    machines = [threading.Thread(target=cron) for _ in range(2)]
    for machine in machines:
        machine.start()
    for machine in machines:
        machine.join()

    assert len(done) == 1
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    assert DailyRun.objects.get().results == {"slow_job": 1}
