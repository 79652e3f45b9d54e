"""The manager's round page: opening a survey, following who has answered (never what), and what can be done there."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import surveys
from assessments.invitations import uid_of
from assessments.models import Answer, Assessment, Respondent, Round
from assessments.survey_forms import BAD_LINE
from assessments.views import surveys as views

from .factories import AllianceFactory, UserFactory
from .tasks import let_time_pass, run_ready_tasks

PEOPLE = {
    "ours": "Cleo Park <cleo@ours.example>\nDan Reyes, dan@ours.example",
    "partner": "Ana Silva <ana@partner.example>\nBen Okafor <ben@partner.example>\nEva Lind <eva@partner.example>",
}


@pytest.fixture
def alliance(published, manager):
    return AllianceFactory(owner=manager, name="Northwind supply", partner="Contoso")


@pytest.fixture
def survey(alliance, manager):
    now = timezone.now()
    people = [
        surveys.Person("Ana Silva", "ana@partner.example", "partner"),
        surveys.Person("Ben Okafor", "ben@partner.example", "partner"),
        surveys.Person("Cleo Park", "cleo@ours.example", "ours"),
    ]
    return surveys.open_survey(
        alliance=alliance, opened_by=manager, deadline=now + dt.timedelta(days=14), people=people, now=now
    )


def text_of(response):
    return " ".join(response.text.split())


def test_a_manager_opens_a_survey_and_answers_too(client, alliance, manager):
    """The form invites each line's person on its side, and the manager on ours, matched to their account."""
    client.force_login(manager)
    deadline = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        reverse("survey-open", args=[alliance.pk]), {"deadline": deadline.isoformat(), "answer_too": "on", **PEOPLE}
    )
    survey = Round.objects.get(alliance=alliance, kind=Round.Kind.SURVEY)
    assert response["Location"] == reverse("round-detail", args=[survey.pk])
    assert timezone.localtime(survey.deadline).replace(tzinfo=None) == dt.datetime.combine(deadline, dt.time(23, 59))
    invited = set(survey.respondents.values_list("name", "email", "side", "user"))
    assert invited == {
        ("Cleo Park", "cleo@ours.example", "ours", None),
        ("Dan Reyes", "dan@ours.example", "ours", None),
        ("Ana Silva", "ana@partner.example", "partner", None),
        ("Ben Okafor", "ben@partner.example", "partner", None),
        ("Eva Lind", "eva@partner.example", "partner", None),
        (manager.get_full_name(), manager.email, "ours", manager.pk),
    }


def test_a_bad_line_opens_nothing(client, alliance, manager):
    """A line that is no name and address is named, and no survey opens."""
    client.force_login(manager)
    data = {"deadline": (timezone.localdate() + dt.timedelta(days=3)).isoformat(), "ours": "Cleo Park", "partner": ""}
    response = client.post(reverse("survey-open", args=[alliance.pk]), data)
    assert response.status_code == 200
    assert escape(BAD_LINE.format(number=1, line="Cleo Park")) in response.text
    assert not Round.objects.filter(kind=Round.Kind.SURVEY).exists()


def test_the_round_page_shows_states_and_rates_never_answers(client, survey, manager, django_assert_max_num_queries):
    """Each invitee's state and each side's response rate show; no answer or comment does; the queries are fixed."""
    ana, ben, cleo = (survey.respondents.get(email__startswith=n) for n in ("ana", "ben", "cleo"))
    Respondent.objects.filter(pk=ben.pk).update(opened_at=timezone.now())
    response = surveys.response_of(ana)
    Answer.objects.create(assessment=response, item=survey.questionnaire.items.first(), value=2, comment="Secret view")
    done = surveys.response_of(cleo)
    Assessment.objects.filter(pk=done.pk).update(status=Assessment.Status.RESPONDED, submitted_at=timezone.now())
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("round-detail", args=[survey.pk]))
    rows = {row.respondent.email: row.state_label for row in page.context["status"].rows}
    assert rows == {
        "ana@partner.example": "in progress",
        "ben@partner.example": "opened",
        "cleo@ours.example": "submitted",
    }
    assert "Secret view" not in page.text
    rates = [(s.side, s.handed_in, s.invited, s.percent) for s in page.context["status"].sides]
    assert rates == [("ours", 1, 1, 100), ("partner", 0, 2, 0)]


def test_the_round_page_costs_the_same_for_many_invitees(client, survey, manager, django_assert_max_num_queries):
    """Thirty more invitees add no query."""
    surveys.invite(
        survey=survey,
        people=[surveys.Person(f"P{n}", f"p{n}@partner.example", "partner") for n in range(30)],
        now=timezone.now(),
    )
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        client.get(reverse("round-detail", args=[survey.pk]))


def test_the_round_page_says_which_mails_could_not_be_delivered(client, survey, manager):
    """Mails that failed every attempt are named at the top, with the way out: copy the link."""
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionError("no route")):
        for _ in range(5):
            run_ready_tasks()
            let_time_pass(dt.timedelta(hours=1))
    client.force_login(manager)
    page = text_of(client.get(reverse("round-detail", args=[survey.pk])))
    assert (
        "These mails could not be delivered: Cleo Park (cleo@ours.example), Ana Silva (ana@partner.example),"
        " Ben Okafor (ben@partner.example). Check the address, or copy the person's link below"
    ) in page.replace("&#x27;", "'")


def test_remind_extend_revoke_and_add_people(client, survey, manager):
    """Each action of the page does what it says, and says so."""
    client.force_login(manager)
    url = reverse("round-detail", args=[survey.pk])
    reminded = client.post(reverse("round-remind", args=[survey.pk]), follow=True)
    assert "Reminders sent to 3 people who have not handed in." in reminded.text
    again = client.post(reverse("round-remind", args=[survey.pk]), follow=True)
    assert escape(str(views.NONE_TO_REMIND)) in again.text
    later = timezone.localdate(survey.deadline) + dt.timedelta(days=5)
    client.post(reverse("round-deadline", args=[survey.pk]), {"deadline": later.isoformat()})
    assert timezone.localdate(Round.objects.get(pk=survey.pk).deadline) == later
    ana = survey.respondents.get(email="ana@partner.example")
    client.post(reverse("round-revoke", args=[survey.pk, ana.pk]))
    assert Respondent.objects.get(pk=ana.pk).revoked_at is not None
    added = client.post(reverse("round-add-people", args=[survey.pk]), {"ours": "Dora <dora@ours.example>"})
    assert added["Location"] == url
    assert survey.respondents.filter(email="dora@ours.example", side="ours").exists()
    twice = client.post(
        reverse("round-add-people", args=[survey.pk]), {"ours": "Dora <DORA@ours.example>"}, follow=True
    )
    assert "Already invited to this round: DORA@ours.example." in twice.text


def test_copying_a_link_shows_a_working_link_in_the_page(client, survey, manager):
    """The link shows in the page (never in an address), and opens the invitee's questionnaire."""
    ana = survey.respondents.get(email="ana@partner.example")
    client.force_login(manager)
    page = client.post(reverse("round-link", args=[survey.pk, ana.pk]))
    link = page.context["link"]
    assert link.startswith(f"http://127.0.0.1:8000/r/{uid_of(ana)}/") and escape(link) in page.text
    client.logout()
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 302


def test_closing_warns_when_no_side_qualifies_then_closes(client, survey, manager):
    """The close page warns that no side reached the minimum; posting closes the round and mails the draft authors."""
    surveys.response_of(survey.respondents.get(email="ana@partner.example"))
    run_ready_tasks()
    mail.outbox.clear()
    client.force_login(manager)
    warning = client.get(reverse("round-close", args=[survey.pk]))
    assert 'id="no-side-qualifies"' in warning.text
    assert "No side has reached 3 people who handed in their answers." in text_of(warning)
    closed = client.post(reverse("round-close", args=[survey.pk]), follow=True)
    assert escape(str(views.ROUND_CLOSED)) in closed.text
    assert Round.objects.get(pk=survey.pk).closed_at is not None
    run_ready_tasks()
    assert [m.to for m in mail.outbox] == [["ana@partner.example"]]
    assert reverse("round-result", args=[survey.pk]) in closed.text


def test_the_round_page_closes_a_survey_past_its_deadline(client, survey, manager):
    """Opening the page after the deadline finds the round closed, as at its deadline."""
    deadline = timezone.now() - dt.timedelta(minutes=5)
    Round.objects.filter(pk=survey.pk).update(deadline=deadline)
    client.force_login(manager)
    page = client.get(reverse("round-detail", args=[survey.pk]))
    assert page.context["round"].closed_at == deadline == Round.objects.get(pk=survey.pk).closed_at
    assert reverse("round-close", args=[survey.pk]) not in page.text


def test_a_colleague_with_an_account_answers_signed_in(client, alliance, manager):
    """An invitee whose address is their account's sees the survey on signing in and answers their own response."""
    cleo = UserFactory(username="cleo", email="cleo@ours.example")
    now = timezone.now()
    survey = surveys.open_survey(
        alliance=alliance,
        opened_by=manager,
        deadline=now + dt.timedelta(days=3),
        people=[surveys.Person("Cleo Park", "cleo@ours.example", "ours")],
        now=now,
    )
    client.force_login(cleo)
    home = client.get(reverse("home"))
    invitee = survey.respondents.get()
    assert reverse("invitation-answer-signed-in", args=[invitee.pk]) in home.text
    started = client.post(reverse("invitation-answer-signed-in", args=[invitee.pk]), follow=True)
    response = Assessment.objects.get(invitee=invitee)
    assert started.status_code == 200 and "Share this comment anonymously" in started.text
    assert response.respondent == cleo
    client.post(reverse("assessment-answer", args=[response.pk]), {"item": "S1-P1-01", "value": "4"})
    handed_in = client.post(reverse("assessment-submit", args=[response.pk]))
    assert handed_in["Location"] == reverse("home")
    assert Assessment.objects.get(pk=response.pk).status == Assessment.Status.RESPONDED
