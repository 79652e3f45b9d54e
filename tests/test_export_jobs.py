"""Exports prepared on the task queue (the answers, and a large alliances table): their progress, their file, who
may download it and for how long."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.dashboard import export_jobs, exports
from assessments.views import dashboard as dashboard_views
from jobs.files import delete_expired_files
from jobs.models import Job, JobFile

from .factories import ExecutiveFactory
from .portfolio import TODAY, build_portfolio
from .tasks import let_time_pass, run_ready_tasks
from .test_dashboard_exports import csv_rows

ANSWERS_XLSX = reverse("dashboard-answers-export", args=["xlsx"])
ANSWERS_CSV = reverse("dashboard-answers-export", args=["csv"])
ROWS = 4 * 74  # four latest assessments of the default questionnaire


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)


@pytest.fixture
def world(published, client, executive):
    client.force_login(executive)
    return build_portfolio()


def line(client, job) -> str:
    """The export's line as the dashboard's script fetches it."""
    response = client.get(reverse("dashboard-export", args=[job.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def file_url(job) -> str:
    return reverse("dashboard-export-file", args=[job.pk])


def test_excel_answers_are_queued_and_the_dashboard_says_so(client, world, executive):
    """Asking for the answers in Excel queues a job for the asker and returns to the same view, its line waiting."""
    response = client.post(ANSWERS_XLSX + "?unit=Consumer")
    assert response.status_code == 302
    assert response.url == reverse("dashboard") + "?unit=Consumer#exports"
    job = Job.objects.get()
    assert (job.subject, job.state, job.requested_by, job.total) == (
        "answers-consumer-2025-11-15.xlsx",
        Job.State.QUEUED,
        executive,
        None,
    )
    page = " ".join(client.get(reverse("dashboard")).content.decode().split())
    assert "Your exports of the last day" in page
    assert "answers-consumer-2025-11-15.xlsx" in page
    assert "Waiting for its turn…" in page
    assert f'data-export-poll="/dashboard/exports/{job.pk}/"' in page


def test_the_task_reports_its_progress_as_it_writes(client, world, monkeypatch):
    """Every PROGRESS_EVERY rows the job says how many of how many are written; the line shows it."""
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 100)
    reports = []
    report = Job.report_progress
    monkeypatch.setattr(
        Job, "report_progress", lambda job, **kw: (reports.append((kw["done"], kw["total"])), report(job, **kw))
    )
    client.post(ANSWERS_XLSX)
    run_ready_tasks()
    assert reports == [(0, ROWS), (100, ROWS), (200, ROWS), (ROWS, ROWS)]
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, done=100)
    JobFile.objects.all().delete()
    text = line(client, job)
    assert f"100 of {ROWS} rows written (33 %)." in text
    assert f'max="{ROWS}" value="100"' in text


def test_the_file_is_kept_for_the_asker_with_formula_like_text_as_text(client, world):
    """The finished job's file sits in default_storage; its line links it, and it opens as the answers sheet."""
    alliance = world.alpha
    alliance.name = '=HYPERLINK("http://evil.example","x")'
    alliance.save()
    client.post(ANSWERS_XLSX)
    run_ready_tasks()
    job = Job.objects.get()
    assert job.state == Job.State.SUCCEEDED
    kept = JobFile.objects.get(job=job)
    assert kept.name == "answers-2025-11-15.xlsx"
    assert default_storage.exists(kept.path)
    assert kept.expires_at - job.updated_at < timedelta(days=1, seconds=5)
    assert f'href="{file_url(job)}"' in line(client, job)
    response = client.get(file_url(job))
    assert response["Content-Disposition"] == 'attachment; filename="answers-2025-11-15.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert len(list(sheet.values)) == 1 + ROWS
    name = sheet.cell(row=2, column=1)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil.example","x")', "s")


def test_only_the_person_who_asked_finds_the_export(client, world):
    """Another executive gets a 404 for the line and the file, and sees no export on the dashboard."""
    client.post(ANSWERS_XLSX)
    run_ready_tasks()
    job = Job.objects.get()
    client.force_login(ExecutiveFactory())
    assert client.get(reverse("dashboard-export", args=[job.pk])).status_code == 404
    assert client.get(file_url(job)).status_code == 404
    assert "Your exports" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(world.amira)  # a manager: the dashboard's pages are not theirs at all
    assert client.get(reverse("dashboard-export", args=[job.pk])).status_code == 403
    assert client.get(file_url(job)).status_code == 403


def test_after_a_day_the_download_is_refused_and_the_daily_run_deletes_the_file(client, world, monkeypatch):
    """A day on, the link sends back to the dashboard with a message; the daily job deletes file and record."""
    client.post(ANSWERS_XLSX)
    run_ready_tasks()
    job, kept = Job.objects.get(), JobFile.objects.get()
    a_day_later = kept.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(dashboard_views, "_now", lambda: a_day_later)
    response = client.get(file_url(job))
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "That file was kept for a day and is now deleted: ask for the export again."
    ]
    assert delete_expired_files(now=a_day_later) == 1
    assert not default_storage.exists(kept.path)
    assert not JobFile.objects.exists()
    monkeypatch.setattr(dashboard_views, "_now", lambda: kept.expires_at - timedelta(hours=1))
    assert "Its day is over and the file is deleted: ask for it again." in line(client, job)


def test_a_failed_export_is_tried_again_then_reported(client, world, monkeypatch):
    """A failing attempt waits to retry (said on its line), the second failure fails the job, and the line says so."""

    def broken(alliances, text):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(exports, "answer_rows", broken)
    client.post(ANSWERS_XLSX)
    run_ready_tasks()
    job = Job.objects.get()
    assert job.state == Job.State.RETRYING
    assert f"A try failed; it is tried again at {timezone.localtime(job.next_attempt_at):%H:%M:%S}." in line(
        client, job
    )
    let_time_pass(export_jobs.RETRY_AFTER)
    run_ready_tasks()
    job.refresh_from_db()
    assert (job.state, job.last_error) == (Job.State.FAILED, "ConnectionError: the database went away")
    assert "Preparing it failed, twice." in line(client, job)
    assert not JobFile.objects.exists()


def test_a_csv_past_the_size_for_one_request_is_prepared_on_the_queue(client, world, monkeypatch):
    """Above CSV_AT_ONCE_ROWS the CSV is queued too; at or below it, it streams at once."""
    monkeypatch.setattr(export_jobs, "CSV_AT_ONCE_ROWS", ROWS - 1)
    response = client.post(ANSWERS_CSV)
    assert response.status_code == 302
    run_ready_tasks()
    body = b"".join(client.get(file_url(Job.objects.get())).streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert (rows[0][0], len(rows)) == ("Alliance", 1 + ROWS)
    monkeypatch.setattr(export_jobs, "CSV_AT_ONCE_ROWS", ROWS)
    assert client.post(ANSWERS_CSV).streaming


def test_exports_are_asked_for_by_post_only(client, world):
    """A link cannot start an export: GET is refused (405), and an unknown format is not found."""
    assert client.get(ANSWERS_XLSX).status_code == 405
    assert client.get(reverse("dashboard-alliances-export", args=["csv"])).status_code == 405
    assert client.post(reverse("dashboard-answers-export", args=["pdf"])).status_code == 404


TABLE_CSV = reverse("dashboard-alliances-export", args=["csv"])
TABLE_XLSX = reverse("dashboard-alliances-export", args=["xlsx"])


@pytest.mark.parametrize("query", ["", "?sort=-stage&region=EMEA"])
def test_a_table_past_the_size_for_one_request_is_prepared_on_the_queue_as_it_would_stream(
    client, world, executive, monkeypatch, query
):
    """Above TABLE_AT_ONCE_ALLIANCES the alliances table is queued, and its file holds the rows the request would
    have streamed, in the same order, with the same filters; at or below it, it streams at once."""
    streamed = csv_rows(client.post(TABLE_CSV + query))
    alliances = len(streamed) - 1
    monkeypatch.setattr(export_jobs, "TABLE_AT_ONCE_ALLIANCES", alliances - 1)
    response = client.post(TABLE_CSV + query)
    assert (response.status_code, response.url) == (302, reverse("dashboard") + query + "#exports")
    job = Job.objects.get()
    assert (job.subject, job.requested_by, job.task_name) == (
        f"alliances-{'emea-' if query else ''}2025-11-15.csv",
        executive,
        export_jobs.prepare_table.name,
    )
    assert "Waiting for its turn…" in line(client, job)
    run_ready_tasks()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.SUCCEEDED, alliances, alliances)
    assert csv_rows(client.get(file_url(job))) == streamed
    monkeypatch.setattr(export_jobs, "TABLE_AT_ONCE_ALLIANCES", alliances)
    assert client.post(TABLE_CSV + query).streaming


def test_a_queued_table_in_excel_is_the_sheet_the_request_would_give(client, world, monkeypatch):
    """The Excel table prepared on the queue opens as the same sheet, formula-like text kept as text."""
    world.alpha.name = "=1+1"
    world.alpha.save()
    at_once = load_workbook(io.BytesIO(b"".join(client.post(TABLE_XLSX).streaming_content))).active
    monkeypatch.setattr(export_jobs, "TABLE_AT_ONCE_ALLIANCES", 0)
    client.post(TABLE_XLSX)
    run_ready_tasks()
    response = client.get(file_url(Job.objects.get()))
    assert response["Content-Disposition"] == 'attachment; filename="alliances-2025-11-15.xlsx"'
    queued = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(queued.values) == list(at_once.values)
    assert ("=1+1", "s") in {(cell.value, cell.data_type) for cell in queued["A"]}
    client.force_login(ExecutiveFactory())
    assert client.get(file_url(Job.objects.get())).status_code == 404
