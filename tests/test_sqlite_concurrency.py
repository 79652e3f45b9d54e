"""On a SQLite file, submits that run while others autosave are never refused "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .sqlite_race import AUTOSAVERS, SAVES_EACH, SUBMITTERS

ROOT = Path(__file__).resolve().parents[1]


def test_submits_while_others_autosave_all_go_through(tmp_path):
    """12 respondents submit at once while 12 others autosave: every submit and every save is stored."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "alliance_maturity.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "DEBUG": "on",
        "SECRET_KEY": "throwaway",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_race"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome == {"submitted": SUBMITTERS, "saved": AUTOSAVERS * SAVES_EACH, "errors": []}
