"""An admin editing an unused version and a manager starting an assessment on it wait for each other.

Two real connections on PostgreSQL: one holds its transaction open while the other, in a thread,
must wait for it; the test sees the wait in pg_locks, then lets the first commit.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from assessments.answering import start_assessment
from assessments.models import FrozenVersion, Item

from .factories import AllianceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one transaction write at a time"),
]
WAIT_SECONDS = 10


def in_thread(work) -> tuple[threading.Thread, dict]:
    """Run `work` on a connection of its own; what it returns or raises lands in the dict."""
    outcome = {}

    def run():
        try:
            outcome["returned"] = work()
        except Exception as error:  # noqa: BLE001 -- the test asserts on whatever happened
            outcome["raised"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_another_connection_waits_for_a_lock() -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    pytest.fail(f"the other connection did not wait for a lock within {WAIT_SECONDS} s")


def edit_statement(item_pk: int) -> str:
    item = Item.objects.get(pk=item_pk)
    item.statement = "Edited while a manager was starting"
    item.save()
    return item.statement


def test_an_edit_waits_for_an_assessment_being_started_and_is_then_refused(published):
    """The manager's start holds the version; the admin's save waits, then finds it in use."""
    alliance = AllianceFactory()
    item = published.items.first()
    with transaction.atomic():
        start_assessment(alliance=alliance, respondent=alliance.owner, now=timezone.now())
        editor, outcome = in_thread(lambda: edit_statement(item.pk))
        wait_until_another_connection_waits_for_a_lock()
    editor.join(WAIT_SECONDS)
    assert isinstance(outcome.get("raised"), FrozenVersion)
    assert Item.objects.get(pk=item.pk).statement == item.statement


def test_a_start_waits_for_an_edit_and_then_uses_the_edited_version(published):
    """The admin's save holds the version; the manager's start waits, then begins on the edited statement."""
    alliance = AllianceFactory()
    item = published.items.first()
    with transaction.atomic():
        edit_statement(item.pk)
        starter, outcome = in_thread(
            lambda: start_assessment(alliance=alliance, respondent=alliance.owner, now=timezone.now())
        )
        wait_until_another_connection_waits_for_a_lock()
    starter.join(WAIT_SECONDS)
    assessment = outcome["returned"]
    assert assessment.questionnaire_id == published.pk
    assert assessment.questionnaire.items.get(pk=item.pk).statement == "Edited while a manager was starting"
