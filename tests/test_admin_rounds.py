"""The admin shows no one's survey answers, and erases a person or old addresses while round results stay."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments import respondents
from assessments.models import Answer, Assessment, Respondent

from .factories import SURVEY_CLOSED, SURVEY_OPENED, AllianceFactory, answers_at, closed_survey, respond, survey

pytestmark = pytest.mark.django_db

SECRET = "A comment only its author reads"


def test_survey_responses_are_not_in_the_assessment_admin(admin_client, published):
    """The list holds the combined result only; a response's own page is not found and shows no answer."""
    held = closed_survey(AllianceFactory(), comments={"S1-P1-01": (SECRET, False)})
    response = admin_client.get(reverse("admin:assessments_assessment_changelist"))
    listed = {a.pk for a in response.context["cl"].result_list}
    assert listed == {held.assessments.get(status="submitted").pk}
    one = held.assessments.filter(invitee__isnull=False).first()
    page = admin_client.get(reverse("admin:assessments_assessment_change", args=[one.pk]), follow=True)
    assert SECRET not in page.text
    assert page.redirect_chain[-1][0] == reverse("admin:index")


def test_deleting_an_alliance_with_a_survey_lists_no_answer(admin_client, published):
    """The deletion summary of an alliance whose survey is open counts the answers but names none of them."""
    alliance = AllianceFactory()
    held = survey(alliance, opened_at=SURVEY_OPENED)
    respond(held, "ours", {"S1-P1-01": 5}, comments={"S1-P1-01": (SECRET, True)})
    page = admin_client.get(reverse("admin:assessments_alliance_delete", args=[alliance.pk]))
    assert page.status_code == 200
    assert "Answer: " not in page.text and "Strongly agree" not in page.text and SECRET not in page.text
    assert "Answers: 1" in page.text


def test_an_admin_erases_one_person_and_the_round_result_stays(admin_client, published):
    """The erase action blanks the name and address and deletes the answers; the stored result is the same."""
    held = closed_survey(AllianceFactory())
    before = (held.result, list(held.assessments.filter(status="submitted").values_list("stage", "result")))
    person = Respondent.objects.filter(round=held).first()
    response = admin_client.post(
        reverse("admin:assessments_respondent_changelist"),
        {"action": "erase", "_selected_action": [person.pk]},
        follow=True,
    )
    assert "1 person erased." in response.text
    person.refresh_from_db()
    assert (person.name, person.email, person.user, person.erased_at is not None) == ("", "", None, True)
    assert not Assessment.objects.filter(invitee=person).exists()
    held.refresh_from_db()
    assert (held.result, list(held.assessments.filter(status="submitted").values_list("stage", "result"))) == before
    assert response.status_code == 200 and "(erased)" in response.text


def test_addresses_are_erased_a_set_time_after_closing(published, settings):
    """The daily job blanks the addresses of a round closed 90 days ago, not of one closed 89 days ago or open."""
    settings.RESPONDENT_EMAIL_KEEP_DAYS = 90
    old, recent = closed_survey(AllianceFactory()), closed_survey(AllianceFactory())
    recent.closed_at = SURVEY_CLOSED + dt.timedelta(days=1)
    recent.save()
    still_open = survey(AllianceFactory(), opened_at=SURVEY_OPENED)
    respond(still_open, "ours", answers_at(2))

    erased = respondents.erase_old_addresses(now=SURVEY_CLOSED + dt.timedelta(days=90))

    assert erased == Respondent.objects.filter(round=old).count() == 7
    assert set(Respondent.objects.filter(round=old).values_list("email", flat=True)) == {""}
    assert "" not in set(Respondent.objects.exclude(round=old).values_list("email", flat=True))
    assert Answer.objects.filter(assessment__round=old).exists()
