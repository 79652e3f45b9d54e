"""Respondents submitting while others autosave, each on a connection of its own, against the SQLite
file in DATABASE_URL with the real settings. test_sqlite_concurrency runs it in a process of its own
(pytest's test database is in memory, where SQLite locks tables and has no WAL) and reads the JSON
it prints: how many submits and saves went through, and every error raised.
"""

import datetime as dt
import json
import random
import threading
from functools import partial

import django

SUBMITTERS = 12
AUTOSAVERS = 12
SAVES_EACH = 25
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def main() -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(race()))


def race() -> dict:
    from django.db import connection

    from assessments import answering

    from .answering import record_answers
    from .factories import AssessmentFactory, answers_at

    ready = [AssessmentFactory() for _ in range(SUBMITTERS)]
    complete = answers_at(2)
    for assessment in ready:
        record_answers(assessment=assessment, answers=complete)
    drafts = [AssessmentFactory() for _ in range(AUTOSAVERS)]
    codes = list(complete)
    connection.close()

    start = threading.Barrier(SUBMITTERS + AUTOSAVERS)
    outcome = {"submitted": 0, "saved": 0, "errors": []}
    lock = threading.Lock()

    def count(key: str) -> None:
        with lock:
            outcome[key] += 1

    def attempt(work, key: str) -> None:
        try:
            work()
        except Exception as error:  # every failure is the finding, whatever its kind
            with lock:
                outcome["errors"].append(f"{type(error).__name__}: {error}")
        else:
            count(key)

    def submit(assessment) -> None:
        start.wait()
        attempt(partial(answering.submit_assessment, assessment=assessment, now=NOW), "submitted")
        connection.close()

    def autosave(assessment) -> None:
        start.wait()
        for _ in range(SAVES_EACH):
            code, reply = random.choice(codes), answering.Reply(random.randint(1, 5))
            attempt(partial(answering.save_answer, assessment=assessment, code=code, reply=reply), "saved")
        connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in ready]
    threads += [threading.Thread(target=autosave, args=(a,)) for a in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


if __name__ == "__main__":
    main()
