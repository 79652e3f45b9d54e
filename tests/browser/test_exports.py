"""An executive asks for the answers in Excel, watches the progress bar move, and downloads the file."""

import threading
import time

import pytest
from django.db import connection
from openpyxl import load_workbook

from assessments.dashboard import export_jobs, exports
from assessments.views import dashboard as dashboard_views
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import ExecutiveFactory
from tests.portfolio import TODAY, build_portfolio
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 4 * 74


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)
    return build_portfolio()


@pytest.fixture
def task_worker():
    """A worker beside the live server: the queue's own worker claims and runs each task the page enqueues.

    (`run_ready_tasks`, which is `db_worker`'s claim and run_task, in a loop of its own: `Worker.run` reconnects
    every tenth of a second, and each new connection to the test's in-memory SQLite locks its schema a moment.)
    """
    running = threading.Event()
    running.set()

    def work():
        while running.is_set():
            run_ready_tasks()
            time.sleep(0.1)
        connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    running.clear()
    thread.join(timeout=10)


@pytest.fixture
def slow_rows(monkeypatch):
    """Answers that take about three seconds to write, reported every 20 rows: long enough to watch."""
    answer_rows = exports.answer_rows

    def slowly(alliances, text):
        for row in answer_rows(alliances, text):
            time.sleep(0.01)
            yield row

    monkeypatch.setattr(exports, "answer_rows", slowly)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 20)


def test_executive_watches_the_excel_answers_being_prepared_and_downloads_them(
    page, sign_in, world, task_worker, slow_rows, tmp_path
):
    """The Excel button queues the export; its bar moves as the worker writes; the link then gives the sheet."""
    sign_in(ExecutiveFactory(username="elena"))
    page.get_by_role("button", name="Excel of the answers").click()
    page.wait_for_url("**/dashboard/#exports")
    line = page.locator("#exports li").first
    assert "answers-2025-11-15.xlsx" in line.inner_text()
    bar = page.locator("#exports progress")
    seen = set()
    while not page.locator("#exports a", has_text="Download").count():
        if bar.count() and bar.get_attribute("value") is not None:
            seen.add(int(bar.get_attribute("value")))
        page.wait_for_timeout(100)
    assert any(0 < value < ROWS for value in seen), seen  # the bar moved, and was seen part-way
    assert len(seen) >= 2, seen
    assert "Ready: kept for you until" in page.locator("#exports li").first.inner_text()
    screenshot(page, "dashboard-export-ready")
    assert serious_accessibility_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()  # the charts are drawn for the screen they load on
    page.locator("[data-figure=figure-heatmap] .main-svg").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") == 390  # the line fits a phone
    screenshot(page, "dashboard-export-ready-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download:
        page.locator("#exports a", has_text="Download").click()
    assert download.value.suggested_filename == "answers-2025-11-15.xlsx"
    path = tmp_path / "answers.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert (sheet.title, sheet.max_row) == ("Answers", 1 + ROWS)


def test_an_export_under_way_has_no_serious_accessibility_violation(page, sign_in, world, slow_rows):
    """axe-core finds nothing serious on the dashboard while an export waits for its turn (no worker here)."""
    sign_in(ExecutiveFactory(username="elena"))
    page.get_by_role("button", name="Excel of the answers").click()
    page.wait_for_url("**/dashboard/#exports")
    page.locator("#exports progress").wait_for()
    assert "Waiting for its turn…" in page.locator("#exports li").first.inner_text()
    screenshot(page, "dashboard-export-waiting")
    assert serious_accessibility_violations(page) == []
