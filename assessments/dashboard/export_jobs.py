"""Exports too big for one request, prepared by a task on the queue while the dashboard shows their progress.

The view enqueues `prepare_answers` (the answers of the latest assessments) or `prepare_table` (the alliances
table) with the dashboard's URL parameters; the task reads them again for the person who asked (what they may
see, on the day they asked), writes the file row by row, reports its progress every PROGRESS_EVERY rows and
keeps the file for them for a day (`jobs/files.py`). The dashboard lists their exports of that day
(`exports_of`).
"""

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation

from jobs.files import KEPT_FOR, keep_file
from jobs.models import Job, JobFile
from jobs.retrying import retried_task

from .. import access
from . import exports
from .filters import FilterForm, Moment
from .portfolio import portfolio
from .table import Sort

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# The answers CSV streams in the request up to this many rows: measured at about 7 µs a row
# (`make bench`), 200,000 rows take 1.5 s on SQLite and under 5 s on a loaded PostgreSQL.
CSV_AT_ONCE_ROWS = 200_000
# The alliances table, in either format, streams in the request up to this many alliances: at 10,000 on PostgreSQL
# (`make bench`, load about 2) the CSV takes 0.8 s and the Excel 1.3 s, so 20,000 stay within about 3 s.
TABLE_AT_ONCE_ALLIANCES = 20_000
# Rows written between two progress reports: about half a second of CPU in Excel (a write to the database each).
PROGRESS_EVERY = 5_000
# A failed attempt is tried once more, soon: the person is watching the page.
ATTEMPTS, RETRY_AFTER = 2, timedelta(seconds=10)
# The exports the dashboard lists: those asked for in the last day (their files' lifetime).
SHOWN_FOR = KEPT_FOR


@dataclass(frozen=True)
class Kind:
    """What one export writes: its header, sheet title, how many rows, and the rows with their strings prepared."""

    header: tuple
    title: Callable[[], str]
    total: Callable[[QuerySet], int]
    rows: Callable[[QuerySet, Moment, QueryDict, exports.Text], Iterator[tuple]]


ANSWERS = Kind(
    header=exports.ANSWERS_HEADER,
    title=lambda: translation.gettext("Answers"),
    total=exports.answers_behind,
    rows=lambda alliances, moment, query, text: exports.answer_rows(alliances, text),
)
TABLE = Kind(
    header=exports.TABLE_HEADER,
    title=lambda: translation.gettext("Alliances"),
    total=lambda alliances: alliances.count(),
    rows=lambda alliances, moment, query, text: exports.table_rows(
        alliances, Sort.parse(query.get("sort")), moment, text
    ),
)


def request_export(*, task, user, fmt: str, query: QueryDict, name: str, today: dt.date, now: dt.datetime) -> Job:
    """Queue an export (`prepare_answers` or `prepare_table`) for `user`, as the dashboard shows it with `query`;
    the Job to follow. `name` is the file's name (without its extension), the export's name on the dashboard
    meanwhile."""
    return task.enqueue_job(
        now=now,
        requested_by=user,
        subject=f"{name}.{fmt}",
        user_id=user.pk,
        fmt=fmt,
        query=query.urlencode(),
        today=today.isoformat(),
        language=translation.get_language(),
    )


@retried_task(max_attempts=ATTEMPTS, first_delay=RETRY_AFTER)
def prepare_answers(job, *, user_id, fmt, query, today, language):
    """Write every answer behind the dashboard's view into a file for the person who asked."""
    _prepare(ANSWERS, job, user_id=user_id, fmt=fmt, query=query, today=today, language=language)


@retried_task(max_attempts=ATTEMPTS, first_delay=RETRY_AFTER)
def prepare_table(job, *, user_id, fmt, query, today, language):
    """Write the dashboard's alliances table, in its order, into a file for the person who asked."""
    _prepare(TABLE, job, user_id=user_id, fmt=fmt, query=query, today=today, language=language)


def _prepare(kind: Kind, job, *, user_id, fmt, query, today, language) -> None:
    user = get_user_model().objects.get(pk=user_id)
    with translation.override(language):
        asked = QueryDict(query)
        form = FilterForm(asked, user=user, today=dt.date.fromisoformat(today))
        filters, moment = form.selection()
        alliances = portfolio(user, filters, moment)
        total = kind.total(alliances)
        job.report_progress(done=0, total=total, now=timezone.now())
        if fmt == "xlsx":
            rows = _reporting(job, kind.rows(alliances, moment, asked, exports.excel_text), total)
            file = exports.xlsx_file(kind.header, rows, kind.title())
            content_type = XLSX
        else:
            rows = _reporting(job, kind.rows(alliances, moment, asked, exports.defused), total)
            file = _csv_file(exports.csv_chunks(kind.header, rows))
            content_type = CSV
    with file:
        keep_file(job, file=file, name=job.subject, content_type=content_type, now=timezone.now())


def _reporting(job, rows: Iterable[tuple], total: int) -> Iterator[tuple]:
    """The rows, reporting to the job every PROGRESS_EVERY of them."""
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            job.report_progress(done=done, total=total, now=timezone.now())
    job.report_progress(done=done, total=total, now=timezone.now())


def _csv_file(chunks: Iterable[str]):
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- _prepare closes it once stored
    for chunk in chunks:
        file.write(chunk.encode("utf-8"))
    file.seek(0)
    return file


@dataclass(frozen=True)
class Export:
    """One export as its person sees it on the dashboard: how far it is, and its file once ready."""

    job: Job
    file: JobFile | None  # once written, until it expires

    @property
    def percent(self) -> int:
        if not self.job.total:
            return 100 if self.ready else 0
        return self.job.done * 100 // self.job.total

    @property
    def ready(self) -> bool:
        return self.file is not None

    @property
    def under_way(self) -> bool:
        return self.job.state in (Job.State.QUEUED, Job.State.RUNNING, Job.State.RETRYING)

    @property
    def failed(self) -> bool:
        return self.job.state == Job.State.FAILED

    @property
    def expired(self) -> bool:
        return self.job.state == Job.State.SUCCEEDED and self.file is None


def export_of(job: Job, *, now: dt.datetime) -> Export:
    """The export a job is preparing, with its file while it is kept."""
    job_file = getattr(job, "file", None)
    return Export(job, job_file if job_file is not None and not job_file.is_expired(now=now) else None)


def export_jobs_of(user):
    """The export jobs `user` asked for, each with its file: only theirs."""
    return (
        access.jobs_requested_by(user)
        .filter(task_name__in=[prepare_answers.name, prepare_table.name])
        .select_related("file")
    )


def exports_of(user, *, now: dt.datetime) -> list[Export]:
    """The exports `user` asked for in the last day, newest first (one query)."""
    return [export_of(job, now=now) for job in export_jobs_of(user).filter(created_at__gt=now - SHOWN_FOR)]
