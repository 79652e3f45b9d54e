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


def measure_page(client, url, runs) -> dict:
    """Median and 95th-percentile time (ms) of whole responses (streamed bodies read to the end), queries and size."""
    reset_queries()  # with DEBUG on, building the portfolio filled the query log that the count reads
    with CaptureQueriesContext(connection) as queries:
        size = fetch(client, url)
    count = len(queries.captured_queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    median, p95 = median_and_p95(timings)
    return {"median": median, "p95": p95, "queries": count, "bytes": size}


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
