"""Production settings, as documented in the README, pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "HTTPS": "on",
    "SECRET_KEY": "a-test-key-that-is-long-and-random-enough-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "alliances.example.com",
    "DATABASE_URL": "sqlite:////tmp/alliance-maturity-deploy-check.sqlite3",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment, as a server would have: nothing of the test run's own settings, nor of
    # the local demo's .env (make run's DEBUG=on).
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "ENV_FILE": "/dev/null"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_check_deploy():
    """With the documented production variables set, `check --deploy` finds no issue at all."""
    done = manage("check", "--deploy", **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert done.stderr == ""


def test_production_refuses_to_start_without_a_secret_key():
    """With DEBUG unset (so off), a missing SECRET_KEY stops the app instead of using the development one."""
    done = manage("check", **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert done.returncode == 1
    assert "Set the SECRET_KEY environment variable" in done.stderr


def test_debug_is_off_unless_set():
    """With DEBUG missing from the environment, the settings have it off."""
    done = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)", **PRODUCTION
    )
    assert (done.returncode, done.stdout) == (0, "False\n"), done.stderr


def test_https_switches_follow_their_own_variable():
    """Without HTTPS=on, a production-mode server (DEBUG off) neither redirects to HTTPS nor sends HSTS."""
    done = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        **{k: v for k, v in PRODUCTION.items() if k != "HTTPS"},
    )
    assert (done.returncode, done.stdout) == (0, "False False 0\n"), done.stderr


def test_the_database_cache_holds_the_dashboards_pages():
    """The database cache culls past 20,000 entries (its own variable moves it); another cache is left as it is."""
    printed = "from django.conf import settings; print(settings.CACHES['default'].get('OPTIONS'))"
    done = manage("shell", "--no-imports", "-c", printed, **PRODUCTION)
    assert (done.returncode, done.stdout) == (0, "{'MAX_ENTRIES': 20000}\n"), done.stderr
    done = manage("shell", "--no-imports", "-c", printed, **PRODUCTION, DB_CACHE_MAX_ENTRIES="500")
    assert done.stdout == "{'MAX_ENTRIES': 500}\n", done.stderr
    done = manage("shell", "--no-imports", "-c", printed, **PRODUCTION, CACHE_URL="locmemcache://")
    assert done.stdout == "None\n", done.stderr
