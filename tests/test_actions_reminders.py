"""The daily reminders: one digest per address, each reminder once per state, a missed day, a failed send retried."""

import datetime as dt
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from actions import planning, reminders
from actions.models import ActionReminder, OverdueReminder
from jobs.daily import run_daily
from jobs.models import Job

from .action_plans import NOW, TODAY, assessed, make_action
from .factories import AllianceFactory, ManagerFactory
from .tasks import let_time_pass, run_ready_tasks

pytestmark = pytest.mark.django_db


def days(n):
    return dt.timedelta(days=n)


@pytest.fixture
def amira(db):
    return ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")


@pytest.fixture
def alliance(amira):
    """An alliance assessed recently (not Overdue), so that only its actions are reminded."""
    alliance = AllianceFactory(owner=amira, name="Cold chain", partner="Nordfrost")
    assessed(alliance, at=NOW - days(20))
    return alliance


def send(now):
    """Run the reminders job at `now` and the queue after it; the mails sent."""
    mail.outbox.clear()
    reminders.send_reminders(now=now)
    run_ready_tasks()
    return list(mail.outbox)


def test_the_digest_lists_overdue_and_due_soon_actions_and_overdue_alliances(amira, alliance, settings):
    """One mail to the manager, with her overdue action, the one due within 7 days and her alliance fallen Overdue."""
    settings.SITE_URL = "https://maturity.example/"
    late = make_action(alliance, title="Agree the exit terms", due_date=TODAY - days(2))
    soon = make_action(alliance, title="Name a second sponsor", due_date=TODAY + days(7))
    make_action(alliance, title="Not yet", due_date=TODAY + days(8))
    lapsed = AllianceFactory(owner=amira, name="Spare parts", partner="Kolb")

    [email] = send(NOW)
    assert email.to == ["amira@example.com"]
    assert email.subject == "Alliance Maturity: 2 actions to follow up, and alliances overdue"
    assert email.body == (
        "Hello Amira Haddad,\n"
        "\n"
        "Overdue:\n"
        "- Agree the exit terms (Cold chain), due 29 Nov 2026\n"
        f"  https://maturity.example/alliances/{alliance.pk}/#action-{late.pk}\n"
        "\n"
        "Due within 7 days:\n"
        "- Name a second sponsor (Cold chain), due 8 Dec 2026\n"
        f"  https://maturity.example/alliances/{alliance.pk}/#action-{soon.pk}\n"
        "\n"
        "Alliances now Overdue (not assessed this quarter or the one before):\n"
        "- Spare parts with Kolb, never assessed\n"
        f"  https://maturity.example/alliances/{lapsed.pk}/\n"
        "\n"
        "You get this reminder once for each action due soon, once when it is overdue, "
        "and once when an alliance falls Overdue.\n"
    )


def test_each_reminder_goes_once_per_state(alliance):
    """Due soon is sent once; the same state the next days sends nothing; overdue is sent once more."""
    action = make_action(alliance, title="Plan", due_date=TODAY + days(3))
    assert [m.subject for m in send(NOW)] == ["Alliance Maturity: 1 action to follow up"]
    assert send(NOW + days(1)) == []
    assert send(NOW + days(3)) == []  # due today is still "due soon"
    [overdue] = send(NOW + days(4))
    assert "Overdue:\n- Plan (Cold chain), due 4 Dec 2026" in overdue.body
    assert send(NOW + days(5)) == []
    assert list(ActionReminder.objects.values_list("action", "recipient", "state", "sent_on")) == [
        (action.pk, "amira@example.com", "overdue", TODAY + days(4)),
        (action.pk, "amira@example.com", "due_soon", TODAY),
    ]


def test_a_missed_day_sends_what_is_due_not_a_flood(alliance):
    """An action that became overdue while no run happened is reminded once, as overdue only."""
    make_action(alliance, title="Plan", due_date=TODAY - days(10))
    [email] = send(NOW)
    assert "Due within" not in email.body
    assert list(ActionReminder.objects.values_list("state", flat=True)) == ["overdue"]


def test_a_new_due_date_is_a_new_deadline(alliance, amira):
    """Moved to a later date, an action already reminded as overdue is reminded again as that date nears."""
    action = make_action(alliance, title="Plan", due_date=TODAY - days(1))
    send(NOW)
    planning.change_action(action=action, by=amira, now=NOW, owner_user=amira, due_date=TODAY + days(2))
    assert "Due within 7 days:\n- Plan" in send(NOW + days(1))[0].body


def test_each_address_gets_its_own_digest_and_done_or_unreachable_owners_none(alliance, amira):
    """An outside owner with an address gets a digest of their own; no address, or a done action, gets nothing."""
    make_action(alliance, title="Partner's part", owner_name="Ines Duarte", owner_email="ines@partner.example")
    make_action(alliance, title="No address", owner_name="Jo")
    finished = make_action(alliance, title="Finished")
    planning.change_action(action=finished, by=amira, now=NOW, owner_user=amira, status="done")
    [email] = send(NOW)
    assert (email.to, email.body.splitlines()[0]) == (["ines@partner.example"], "Hello Ines Duarte,")


def test_a_manager_is_told_once_per_lapse_into_overdue(amira):
    """An alliance not assessed for two quarters is reminded once; assessed and lapsed again, once more."""
    lapsed = AllianceFactory(owner=amira, name="Spare parts", start_date=dt.date(2024, 1, 1))
    assert [m.subject for m in send(NOW)] == ["Alliance Maturity: 1 alliance overdue for assessment"]
    assert send(NOW + days(1)) == []
    latest = assessed(lapsed, at=NOW + days(2))
    assert send(NOW + days(3)) == []
    assert len(send(NOW + days(400))) == 1
    assert list(OverdueReminder.objects.values_list("since_assessment", flat=True)) == [latest.pk, 0]


def test_a_failed_send_is_retried(alliance):
    """When the mail server drops the first try, the digest's job waits, and the retry sends it."""
    make_action(alliance, title="Plan")
    failures = iter([SMTPServerDisconnected("Connection unexpectedly closed")])
    send_messages = EmailBackend.send_messages

    def flaky(backend, messages):
        if (failure := next(failures, None)) is not None:
            raise failure
        return send_messages(backend, messages)

    EmailBackend.send_messages = flaky
    try:
        assert send(NOW) == []
        job = Job.objects.get()
        assert (job.task_name, job.state, job.attempts) == ("send_digest", Job.State.RETRYING, 1)
        let_time_pass(dt.timedelta(seconds=30))
        run_ready_tasks()
    finally:
        EmailBackend.send_messages = send_messages
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
    assert [m.to for m in mail.outbox] == [["amira@example.com"]]


def test_the_reminders_are_a_daily_job(alliance):
    """run_daily sends them, saying how many digests it queued; a second run that day sends none."""
    make_action(alliance, title="Plan")
    assert run_daily(today=TODAY, now=NOW).results["send_reminders"] == 1
    assert run_daily(today=TODAY, now=NOW + dt.timedelta(hours=2)) is None
