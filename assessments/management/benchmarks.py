"""What the benchmark commands share: a throw-away database, and medians and 95th percentiles."""

import math
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def median_and_p95(timings: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of some timings."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]


def measure_page(client, url, runs, before_each=lambda: None) -> dict:
    """Median and 95th-percentile time (ms) of whole responses (streamed bodies read to the end), the median of
    this process's CPU time (ms: what a shared machine's load adds is waiting, not CPU), queries and size.

    `before_each()` runs before each request, untimed (making the cached figures stale, for cold timings).
    """
    reset_queries()  # with DEBUG on, building the portfolio filled the query log that the count reads
    before_each()
    with CaptureQueriesContext(connection) as queries:
        size = fetch(client, url)
    count = len(queries.captured_queries)
    timings, cpu = [], []
    for _ in range(runs):
        before_each()
        started, started_cpu = time.perf_counter(), time.process_time()
        fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    median, p95 = median_and_p95(timings)
    return {"median": median, "p95": p95, "cpu": statistics.median(cpu), "queries": count, "bytes": size}


def fetch(client, url) -> int:
    """GET a page that must answer 200; the size of its body."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return sum(len(part) for part in response.streaming_content)
    return len(response.content)


class ThrowawayDatabase:
    """A fresh, migrated database for a benchmark, dropped afterwards (a temporary file on SQLite)."""

    def __enter__(self):
        self.folder = tempfile.TemporaryDirectory()
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(self.folder.name) / "bench.sqlite3")
        self.old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return self

    def __exit__(self, *exc):
        connection.creation.destroy_test_db(self.old_name, verbosity=0)
        self.folder.cleanup()


def measure_export(client, url, runs) -> dict:
    """Median time (ms) of asking for an export by POST; when it is queued, the task's time (s) run by the real
    worker in this process, and the file's size; its rows, from the job."""
    from django.core.files.storage import default_storage
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench-worker",
        excluded_queue_names=[],
    )
    requests, tasks, peaks, before = [], [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.post(url)
        body = b"".join(response.streaming_content) if response.streaming else b""
        requests.append((time.perf_counter() - started) * 1000)
        if response.status_code == 302:
            started = time.perf_counter()
            _reset_peak_memory()
            before.append(_memory_mb("VmRSS"))
            while (task_result := DBTaskResult.objects.ready().first()) is not None:
                task_result.claim(worker.worker_id)
                worker.run_task(task_result)
            tasks.append(time.perf_counter() - started)
            peaks.append(_memory_mb("VmHWM"))
    if not tasks:
        return {
            "request_ms": statistics.median(requests),
            "queued": False,
            "rows": body.count(b"\n") - 1 if response["Content-Type"].startswith("text/csv") else None,
            "bytes": len(body),
        }
    job = Job.objects.select_related("file").latest("pk")
    return {
        "request_ms": statistics.median(requests),
        "queued": True,
        "task_s": statistics.median(tasks),
        "peak_mb": max(peaks),
        # What the process held as the task began (Django, the portfolio built, the caches): the task's own
        # memory is the peak less this.
        "before_mb": max(before),
        "rows": job.total,
        "bytes": default_storage.size(job.file.path),
    }


def _reset_peak_memory() -> None:
    """Start counting this process's peak resident memory again (Linux: /proc/self/clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def _memory_mb(field: str) -> float:
    """This process's resident memory now (VmRSS) or its peak since the last reset (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")
