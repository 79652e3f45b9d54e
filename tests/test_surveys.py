"""Running a survey: opening, inviting with account matches, reminders once a day, deadlines, revoking, closing
by hand and by itself, and the mails as retried tasks."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments import invitation_mail, surveys
from assessments.models import Assessment, Respondent, Round
from assessments.refusals import SurveyRefused
from jobs import daily
from jobs.models import Job

from .factories import AllianceFactory, UserFactory
from .tasks import let_time_pass, run_ready_tasks

# Later than the tests run: the closing task queued at each survey's deadline must not be ready yet.
NOW = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)
PEOPLE = [
    surveys.Person("Ana Silva", "ana@partner.example", "partner"),
    surveys.Person("Ben Okafor", "ben@partner.example", "partner"),
    surveys.Person("Cleo Park", "Cleo@Ours.example", "ours"),
]


@pytest.fixture
def alliance(published, manager):
    return AllianceFactory(owner=manager, name="Northwind supply", partner="Contoso")


def open_one(alliance, people=PEOPLE, now=NOW, deadline=None):
    return surveys.open_survey(
        alliance=alliance,
        opened_by=alliance.owner,
        deadline=deadline or now + dt.timedelta(days=14),
        people=people,
        now=now,
    )


def test_opening_a_survey_invites_everyone_and_queues_their_mails(alliance):
    """Each person becomes an invitee on their side, with a queued mail as their latest one."""
    survey = open_one(alliance)
    assert (survey.kind, survey.deadline, survey.opened_at) == (Round.Kind.SURVEY, NOW + dt.timedelta(days=14), NOW)
    invited = list(survey.respondents.order_by("email").values_list("email", "side", "invited_at"))
    assert invited == [
        ("Cleo@Ours.example", "ours", NOW),
        ("ana@partner.example", "partner", NOW),
        ("ben@partner.example", "partner", NOW),
    ]
    assert all(r.mail_job.state == Job.State.QUEUED for r in survey.respondents.select_related("mail_job"))


def test_an_address_with_one_account_is_matched_to_it(alliance):
    """An invitee whose address (in any capitals) belongs to exactly one active account is linked to it."""
    cleo = UserFactory(username="cleo", email="cleo@ours.example")
    UserFactory(username="ana1", email="ana@partner.example")
    UserFactory(username="ana2", email="ANA@partner.example")
    survey = open_one(alliance)
    users = dict(survey.respondents.values_list("email", "user"))
    assert users == {"Cleo@Ours.example": cleo.pk, "ana@partner.example": None, "ben@partner.example": None}


def test_a_second_open_round_and_a_past_deadline_are_refused(alliance):
    """One open round per alliance; a deadline must lie ahead."""
    with pytest.raises(SurveyRefused, match="^The deadline must lie in the future.$"):
        open_one(alliance, deadline=NOW)
    open_one(alliance)
    with pytest.raises(SurveyRefused, match="already has an open round"):
        open_one(alliance)
    assert Round.objects.count() == 1


def test_inviting_an_address_twice_refuses_the_lot(alliance):
    """Adding people with an address already invited adds no one."""
    survey = open_one(alliance)
    more = [
        surveys.Person("Dora", "dora@ours.example", "ours"),
        surveys.Person("Ana", "ANA@partner.example", "partner"),
    ]
    with pytest.raises(SurveyRefused, match="^Already invited to this round: ANA@partner.example.$"):
        surveys.invite(survey=survey, people=more, now=NOW)
    assert survey.respondents.count() == 3


def test_the_invitation_is_mailed_by_the_worker(alliance):
    """The worker sends each invitation, with its personal link, and the mail's job succeeds."""
    open_one(alliance)
    run_ready_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["Cleo@Ours.example", "ana@partner.example", "ben@partner.example"]
    ana = next(m for m in mail.outbox if m.to == ["ana@partner.example"])
    assert "asks you, on the partner side, how the alliance “Northwind supply” between Our company and" in " ".join(
        ana.body.split()
    )
    assert "/r/" in ana.body
    assert Job.objects.filter(state=Job.State.SUCCEEDED).count() == 3


def test_a_mail_that_fails_is_retried_and_then_reported_undelivered(alliance):
    """A failing mail server: the attempt is retried later; after the last attempt the invitee's mail has failed."""
    survey = open_one(alliance, people=PEOPLE[:1])
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionError("mail server down")):
        for _ in range(invitation_mail.send_round_mail.max_attempts):
            run_ready_tasks()
            let_time_pass(dt.timedelta(hours=2))
    job = survey.respondents.get().mail_job
    assert (job.state, job.attempts, job.last_error) == (Job.State.FAILED, 5, "ConnectionError: mail server down")
    assert mail.outbox == []


def test_a_mail_that_fails_once_is_delivered_on_the_retry(alliance):
    """After one failure the retry, run later, sends the mail and the job succeeds."""
    survey = open_one(alliance, people=PEOPLE[:1])
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionError("mail server down")):
        run_ready_tasks()
    assert survey.respondents.get().mail_job.state == Job.State.RETRYING
    let_time_pass(dt.timedelta(minutes=1))
    run_ready_tasks()
    assert (survey.respondents.get().mail_job.state, len(mail.outbox)) == (Job.State.SUCCEEDED, 1)


def test_reminders_go_at_most_once_a_day_to_those_who_have_not_handed_in(alliance):
    """A second reminder the same day sends nothing; the next day it goes again; who handed in is not reminded."""
    survey = open_one(alliance)
    run_ready_tasks()
    ana = survey.respondents.get(email="ana@partner.example")
    response = surveys.response_of(ana)
    Assessment.objects.filter(pk=response.pk).update(status=Assessment.Status.RESPONDED, submitted_at=NOW)
    assert surveys.remind(survey=survey, now=NOW) == 2
    assert surveys.remind(survey=survey, now=NOW + dt.timedelta(hours=3)) == 0
    assert surveys.remind(survey=survey, now=NOW + dt.timedelta(days=1)) == 2
    run_ready_tasks()
    reminded = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("A reminder"))
    assert reminded == ["Cleo@Ours.example", "Cleo@Ours.example", "ben@partner.example", "ben@partner.example"]


def test_the_daily_job_reminds_only_before_a_near_deadline(alliance):
    """run_daily's reminder job reminds the not-handed-in of surveys closing within three days, once a day."""
    survey = open_one(alliance)
    assert surveys.remind_before_deadlines(now=NOW) == 0
    soon = survey.deadline - dt.timedelta(days=2)
    assert surveys.remind_before_deadlines(now=soon) == 3
    assert surveys.remind_before_deadlines(now=soon + dt.timedelta(hours=1)) == 0
    assert set(survey.respondents.values_list("last_reminded_on", flat=True)) == {soon.date()}


def test_a_revoked_invitee_is_neither_reminded_nor_counted(alliance):
    """Revoking sets the moment; reminders pass the revoked invitee by."""
    survey = open_one(alliance)
    ana = survey.respondents.get(email="ana@partner.example")
    surveys.revoke(respondent=ana, now=NOW)
    assert Respondent.objects.get(pk=ana.pk).revoked_at == NOW
    assert surveys.remind(survey=survey, now=NOW) == 2


def test_the_deadline_only_moves_later(alliance):
    """Extending sets the new deadline and queues a closing at it; an earlier one is refused."""
    survey = open_one(alliance)
    later = survey.deadline + dt.timedelta(days=7)
    with pytest.raises(SurveyRefused, match="^The new deadline must be later than the present one.$"):
        surveys.extend_deadline(survey=survey, deadline=survey.deadline - dt.timedelta(days=1), now=NOW)
    surveys.extend_deadline(survey=survey, deadline=later, now=NOW)
    assert Round.objects.get(pk=survey.pk).deadline == later
    closings = DBTaskResult.objects.filter(task_path="assessments.surveys.close_when_due")
    assert sorted(closings.values_list("run_after", flat=True)) == [later - dt.timedelta(days=7), later]


def test_the_deferred_task_closes_the_survey_at_its_deadline(alliance):
    """The task queued at the deadline closes the round, as at the deadline; one whose deadline moved on waits."""
    now = timezone.now()
    survey = open_one(alliance, now=now, deadline=now + dt.timedelta(days=1))
    first = survey.deadline
    surveys.extend_deadline(survey=survey, deadline=first + dt.timedelta(days=1), now=now)
    # The clock, as the queue (what is ready) and the task read it, an hour past each deadline in turn.
    with mock.patch("django.utils.timezone.now", return_value=first + dt.timedelta(hours=1)):
        run_ready_tasks()
    assert Round.objects.get(pk=survey.pk).closed_at is None
    with mock.patch("django.utils.timezone.now", return_value=survey.deadline + dt.timedelta(hours=1)):
        run_ready_tasks()
    closed = Round.objects.get(pk=survey.pk)
    assert closed.closed_at == closed.deadline
    closings = DBTaskResult.objects.filter(task_path="assessments.surveys.close_when_due")
    assert set(closings.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


def test_any_access_past_the_deadline_closes_the_survey(alliance):
    """close_if_due closes a survey past its deadline as at its deadline; before it, nothing changes."""
    survey = open_one(alliance)
    surveys.close_if_due(survey, now=survey.deadline - dt.timedelta(seconds=1))
    assert survey.closed_at is None
    surveys.close_if_due(survey, now=survey.deadline + dt.timedelta(hours=5))
    assert survey.closed_at == survey.deadline == Round.objects.get(pk=survey.pk).closed_at


def test_the_daily_job_closes_surveys_past_their_deadline(alliance):
    """Should the deferred task be lost, run_daily's job closes the round."""
    survey = open_one(alliance)
    assert surveys.close_due_surveys(now=NOW) == 0
    assert surveys.close_due_surveys(now=survey.deadline) == 1
    assert Round.objects.get(pk=survey.pk).closed_at == survey.deadline
    assert set(daily.DAILY_JOBS) >= {surveys.close_due_surveys, surveys.remind_before_deadlines}


def test_closing_tells_the_authors_of_drafts_left_out(alliance):
    """A draft not handed in at closing is left out, and its author is mailed so; those who handed in are not."""
    survey = open_one(alliance)
    run_ready_tasks()
    mail.outbox.clear()
    ana, ben = (survey.respondents.get(email=f"{n}@partner.example") for n in ("ana", "ben"))
    surveys.response_of(ana)
    done = surveys.response_of(ben)
    Assessment.objects.filter(pk=done.pk).update(status=Assessment.Status.RESPONDED, submitted_at=NOW)
    surveys.close_survey(survey=survey, now=NOW + dt.timedelta(days=1))
    run_ready_tasks()
    [message] = mail.outbox
    assert (message.to, message.subject) == (
        ["ana@partner.example"],
        "The survey of the alliance “Northwind supply” has closed",
    )
    assert "before your answers were handed in, so they were left out of its result" in " ".join(message.body.split())


def test_an_invitee_has_one_response_with_their_account(alliance):
    """response_of begins one response per invitee, on the round's questionnaire, answered as their account."""
    cleo = UserFactory(username="cleo", email="cleo@ours.example")
    survey = open_one(alliance)
    invitee = survey.respondents.get(user=cleo)
    response = surveys.response_of(invitee)
    assert surveys.response_of(invitee) == response
    assert (response.round, response.questionnaire, response.respondent, response.status) == (
        survey,
        survey.questionnaire,
        cleo,
        Assessment.Status.DRAFT,
    )
