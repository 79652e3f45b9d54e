"""Errors go to standard error as one JSON object a line, which log collectors read as they are."""

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import include, path
from pythonjsonlogger.json import JsonFormatter

ROOT = Path(__file__).resolve().parents[1]


def broken_page(request):
    raise RuntimeError("the page broke")


urlpatterns = [path("broken/", broken_page), path("", include("alliance_maturity.urls"))]


@pytest.fixture
def json_log():
    """What the root logger's JSON handler writes, for the length of a test."""
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    written = io.StringIO()
    stream = handler.setStream(written)
    yield written
    handler.setStream(stream)


@pytest.mark.urls("tests.test_logging")
def test_a_server_error_is_logged_as_one_json_line(client, json_log):
    """A view's exception is one JSON line with time, level, logger, message, status and traceback."""
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500

    [line] = json_log.getvalue().splitlines()
    record = json.loads(line)
    assert (record["level"], record["logger"], record["message"], record["status_code"]) == (
        "ERROR",
        "django.request",
        "Internal Server Error: /broken/",
        500,
    )
    assert record["exc_info"].endswith("RuntimeError: the page broke")
    assert record["timestamp"].endswith("+00:00")


def test_information_below_the_log_level_is_left_out(json_log):
    """At the default level (WARNING) an info message writes nothing."""
    logging.getLogger("jobs").info("worker started")
    assert json_log.getvalue() == ""


def test_a_process_writes_its_errors_to_standard_error():
    """A command's logged error reaches the process's standard error as JSON, and nothing reaches its output."""
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "import logging; logging.getLogger('jobs').error('disk full')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == ""
    record = json.loads(done.stderr)
    assert (record["level"], record["logger"], record["message"]) == ("ERROR", "jobs", "disk full")
