"""A bounded load test: respondents autosaving, with submits mixed in, against a real gunicorn.

Each respondent is a thread signed in as a manager of its own, with its own alliance and draft.
It answers the statements at random (each new answer based on the revision the last reply gave,
as the page does), now and then submits and starts again, until the time or the request budget
runs out. Every answer the server acknowledged is then read back from the database: the last value
acknowledged must be the one stored.
"""

import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from .. import answering, roles, scale
from ..models import Alliance, Answer, Assessment, Questionnaire
from .benchmarks import median_and_p95

USERNAME = "loadtest-{:03}"
SUBMIT_EVERY = 30  # autosaves, on average, between a respondent's submits once every statement is answered
TIMEOUT_SECONDS = 60
# What gunicorn needs on http://127.0.0.1 with DEBUG off (and this process's SECRET_KEY, which
# signs the sessions made here): no HTTPS switches.
SERVER_ENVIRONMENT = {
    "DEBUG": "off",
    "ALLOWED_HOSTS": "127.0.0.1",
    "HTTPS": "off",
    "SECURE_SSL_REDIRECT": "off",
    "SESSION_COOKIE_SECURE": "off",
    "CSRF_COOKIE_SECURE": "off",
}


@dataclass
class Tally:
    """What the respondents saw, shared between their threads."""

    timings: dict[str, list[float]] = field(default_factory=lambda: {"autosave": [], "submit": [], "start": []})
    errors: Counter = field(default_factory=Counter)
    submitted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, started: float, error: str | None = None) -> None:
        with self.lock:
            self.timings[kind].append((time.perf_counter() - started) * 1000)
            if error:
                self.errors[error] += 1

    @property
    def requests(self) -> int:
        return sum(len(timings) for timings in self.timings.values())


class Respondent:
    """One manager answering their own draft through HTTP, as the questionnaire page does."""

    def __init__(self, *, port: int, session_key: str, alliance: int, assessment: int, answers: dict):
        self.port = port
        self.session_key = session_key
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret the cookie and header share
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={self.csrf}"
        self.alliance = alliance
        self.assessment = assessment
        self.codes = list(answers)
        self.revisions: dict[str, int] = dict.fromkeys(answers, 1)
        # Acknowledged answers by assessment: item code -> the value stored last (None for "don't know").
        self.acknowledged: dict[int, dict[str, int | None]] = {assessment: dict(answers)}
        self.submitted: list[int] = []

    def run(self, tally: Tally, deadline: float, budget: threading.Semaphore) -> None:
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            answered = self.acknowledged[self.assessment]
            if len(answered) < len(self.codes) or random.randrange(SUBMIT_EVERY):
                self.autosave(tally, random.choice(self.codes))
            elif not self.submit(tally):
                return  # no draft to answer any more

    def autosave(self, tally: Tally, code: str) -> None:
        value = random_value()
        revision = self.revisions.get(code, 0)
        body = {"item": code, "value": scale.DONT_KNOW if value is None else str(value), "revision": str(revision)}
        started = time.perf_counter()
        status, headers, data = self.post(reverse("assessment-answer", args=[self.assessment]), body)
        match = re.search(rb'"revision": (\d+)', data)
        if status == 200 and match:
            self.revisions[code] = int(match.group(1))
            self.acknowledged[self.assessment][code] = value
            tally.record("autosave", started)
        else:
            tally.record("autosave", started, f"autosave {status}")

    def submit(self, tally: Tally) -> bool:
        """Submit the draft and start the next one; False when there is no draft to carry on with."""
        started = time.perf_counter()
        status, headers, _ = self.post(reverse("assessment-submit", args=[self.assessment]), {})
        if status != 302 or headers.get("Location") != reverse("assessment-result", args=[self.assessment]):
            tally.record("submit", started, f"submit {status}")
            return True
        tally.record("submit", started)
        with tally.lock:
            tally.submitted += 1
        self.submitted.append(self.assessment)
        started = time.perf_counter()
        status, headers, _ = self.post(reverse("assessment-start", args=[self.alliance]), {})
        match = re.fullmatch(r"/assessments/(\d+)/", headers.get("Location", ""))
        if status != 302 or not match:
            tally.record("start", started, f"start {status}")
            return False
        tally.record("start", started)
        self.assessment = int(match.group(1))
        self.acknowledged[self.assessment] = {}
        self.revisions = {}
        return True

    def post(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        # A new connection each time: gunicorn's sync workers close it after every response.
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        body = "&".join(f"{key}={value}" for key, value in fields.items())
        headers = {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        try:
            client.request("POST", path, body=body, headers=headers)
            response = client.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (OSError, http.client.HTTPException) as error:
            return 0, {"error": type(error).__name__}, b""
        finally:
            client.close()


def random_value() -> int | None:
    """An answer as a respondent might give it: one of the five options, or "don't know"."""
    return random.choice([*range(scale.STRONGLY_DISAGREE, scale.STRONGLY_AGREE + 1), None])


def describe_database() -> str:
    """The database under test, as the report names it: its engine and name."""
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def prepare(count: int, port: int) -> list[Respondent]:
    """`count` managers, each signed in (a session of their own) with an alliance and a draft with every
    statement answered (so that submits come early), as the service stored them."""
    from django.contrib.auth.models import Group, User

    questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    codes = list(questionnaire.items.values_list("code", flat=True))
    managers = Group.objects.get(name=roles.MANAGERS)
    respondents = []
    for number in range(1, count + 1):
        user, _ = User.objects.get_or_create(username=USERNAME.format(number))
        user.groups.add(managers)
        alliance, _ = Alliance.objects.get_or_create(
            name=f"Load test {number:03}",
            defaults={"partner": "Load test", "owner": user, "start_date": "2024-01-01", "alliance_type": "supply"},
        )
        Assessment.objects.filter(respondent=user, status=Assessment.Status.DRAFT).delete()
        draft = answering.start_assessment(alliance=alliance, respondent=user, now=timezone.now())
        answers = {code: random_value() for code in codes}
        answering.save_answers(assessment=draft, replies={code: answering.Reply(v) for code, v in answers.items()})
        respondents.append(
            Respondent(port=port, session_key=sign_in(user), alliance=alliance.pk, assessment=draft.pk, answers=answers)
        )
    return respondents


def sign_in(user) -> str:
    """A session for `user`, as the login form would make it; its key."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(
        (path for path in settings.AUTHENTICATION_BACKENDS if path.endswith("ModelBackend")),
        settings.AUTHENTICATION_BACKENDS[-1],
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def start_server(port: int, workers: int, log) -> subprocess.Popen:
    """gunicorn with `workers` sync workers on 127.0.0.1:`port`, on this process's database; ready to serve.

    Its log goes to `log`, an open file.
    """
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "alliance_maturity.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--timeout={TIMEOUT_SECONDS}",
        ],
        cwd=Path(settings.BASE_DIR),
        env=os.environ | SERVER_ENVIRONMENT | {"SECRET_KEY": settings.SECRET_KEY},
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: gunicorn logs every request there (gunicorn.conf.py), and a pipe nobody
        # reads until the end fills up and blocks the workers mid-request.
        stderr=log,
        text=True,
    )
    for _ in range(300):
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn stopped: {log.read()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("gunicorn did not start listening within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def lost_answers(respondents: list[Respondent]) -> list[str]:
    """Every acknowledged answer that is not stored with the value acknowledged last, one line each."""
    lost = []
    for respondent in respondents:
        for assessment, answers in respondent.acknowledged.items():
            stored = dict(Answer.objects.filter(assessment_id=assessment).values_list("item__code", "value"))
            lost += [
                f"assessment {assessment} {code}: acknowledged {value}, stored {stored.get(code, 'nothing')}"
                for code, value in answers.items()
                if code not in stored or stored[code] != value
            ]
        submitted = Assessment.objects.filter(pk__in=respondent.submitted, status=Assessment.Status.SUBMITTED)
        if submitted.count() != len(respondent.submitted):
            lost.append(f"{respondent.submitted}: a submit acknowledged was not stored")
    return lost


def run(*, respondents: int, seconds: float, max_requests: int, port: int, workers: int) -> dict:
    """Run the load test; return the figures to print."""
    people = prepare(respondents, port)
    connection.close()  # the threads and the server have their own
    with tempfile.TemporaryFile(mode="w+") as log:
        server = start_server(port, workers, log)
        tally = Tally()
        budget = threading.Semaphore(max_requests)
        began = time.monotonic()
        deadline = began + seconds
        threads = [threading.Thread(target=person.run, args=(tally, deadline, budget)) for person in people]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            elapsed = time.monotonic() - began
            stop_server(server)
    return {"tally": tally, "elapsed": elapsed, "lost": lost_answers(people)}


def report(figures: dict, write) -> None:
    """Print the figures: requests, errors by status, p50/p95 per kind and lost answers."""
    tally, elapsed, lost = figures["tally"], figures["elapsed"], figures["lost"]
    write(
        f"requests: {tally.requests} in {elapsed:.1f} s ({tally.requests / elapsed:.1f}/s); submits: {tally.submitted}"
    )
    for kind, timings in tally.timings.items():
        if timings:
            p50, p95 = median_and_p95(timings)
            write(f"  {kind}: {len(timings)}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    write(f"errors: {sum(tally.errors.values())}" + "".join(f"; {k}: {n}" for k, n in sorted(tally.errors.items())))
    write(f"lost answers: {len(lost)}")
    for line in lost[:20]:
        write(f"  {line}")
