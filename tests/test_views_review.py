"""Reviewing the answers and submitting: enough real answers first, then frozen, once."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from assessments import answering
from assessments.answering import Reply
from assessments.models import Assessment, AssessmentPrincipleScore
from assessments.questionnaire import sections_of
from assessments.views import questionnaire as views

from .answering import record_answers
from .factories import AllianceFactory, AssessmentFactory, answers_at

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
def draft(published, manager):
    return AssessmentFactory(alliance=AllianceFactory(owner=manager))


def review_url(assessment):
    return reverse("assessment-review", args=[assessment.pk])


def submit_url(assessment):
    return reverse("assessment-submit", args=[assessment.pk])


def answer_with_stage_two_unknown(draft, unknown: int) -> None:
    """Answers placing the alliance at Stage II, but the first `unknown` of the 17 Stage II statements "don't know"."""
    answers = answers_at(2)
    for code in [code for code in answers if code.startswith("S2-")][:unknown]:
        answers[code] = None
    record_answers(assessment=draft, answers=answers)


def test_review_lists_every_statement_and_marks_the_unanswered(client, draft, manager, django_assert_max_num_queries):
    """All 74 statements are listed by section; the unanswered ones are marked and link to their place."""
    answering.save_answers(assessment=draft, replies={"S1-P1-01": Reply(4, "Sam runs it"), "C01-01": Reply(None)})
    client.force_login(manager)
    # Session, user, roles, assessment, when criteria last changed, the version's items (once per
    # process: then cached), the answers. Whether it can be submitted costs none.
    with django_assert_max_num_queries(7):
        response = client.get(review_url(draft))
    html = response.content.decode()
    rows = response.context["rows"]
    assert [section.slug for section, _ in rows][:2] == ["who-carries-the-alliance", "contracts-and-negotiation"]
    assert sum(len(items) for _, items in rows) == 74
    assert html.count('class="table-warning unanswered"') == 72
    assert "Agree" in html and "Comment: Sam runs it" in html
    assert escape("Don't know / not applicable") in html
    section_url = reverse("assessment-section", args=[draft.pk, "who-carries-the-alliance"])
    assert f'href="{section_url}#item-S1-P1-02"' in html
    assert f'action="{submit_url(draft)}"' in html


def test_submitting_too_few_answers_goes_back_to_review_saying_which_sections_lack_what(client, draft, manager):
    """With Stage II thin, submit is refused and redirects to the review page, which says what is missing."""
    answer_with_stage_two_unknown(draft, 11)  # keep 6 of 17 Stage II answers: 35.3%, under the 50% needed
    client.force_login(manager)
    response = client.post(submit_url(draft))
    assert response.status_code == 302
    assert response.url == review_url(draft) + "?submit=refused#shortfalls"
    response = client.get(response.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["refusal"] == answering.NOT_ENOUGH_ANSWERS
    assert f'<h2 class="h5">{answering.NOT_ENOUGH_ANSWERS}</h2>' in html
    # 9 of 17 (52.9%) is enough: the first Stage II section has 9 of them open, so it is asked for all 3.
    (shortfall,) = response.context["shortfalls"]
    assert (shortfall.section.slug, shortfall.needed) == ("place-in-our-strategy", 3)
    first = reverse("assessment-section", args=[draft.pk, "place-in-our-strategy"])
    assert (
        f'Answer 3 more statements in <a href="{first}">Place in our strategy, innovation and results, our standing '
        "with partners</a> (options other than “Don't know”)."
    ) in " ".join(html.split())
    assert "Stage II" not in html.split('id="shortfalls"')[1].split("</div>")[0]
    draft.refresh_from_db()
    assert (draft.status, draft.stage, draft.result, draft.submitted_at) == ("draft", None, None, None)


def test_the_refusal_is_read_from_the_answers_as_they_are_now(client, draft, manager):
    """Back on review after a refusal with enough answers since, or on a plain visit, no refusal shows."""
    record_answers(assessment=draft, answers=answers_at(2))
    client.force_login(manager)
    for url in (review_url(draft) + "?submit=refused", review_url(draft)):
        response = client.get(url)
        assert "refusal" not in response.context
        assert str(answering.NOT_ENOUGH_ANSWERS) not in response.content.decode()


def test_submitting_freezes_the_assessment_with_its_result(client, draft, manager):
    """A full enough assessment is submitted: stage and whole result stored, then the result page opens."""
    record_answers(assessment=draft, answers=answers_at(2))
    client.force_login(manager)
    response = client.post(submit_url(draft), follow=True)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.stage == 2
    assert draft.result == answering.score_assessment(draft).to_dict()
    assert response.redirect_chain == [(reverse("assessment-result", args=[draft.pk]), 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [views.SUBMITTED]


def test_a_second_submit_changes_nothing_and_shows_the_result(client, draft, manager):
    """Double click, back button or a second tab: the stored result and time stay, the result page opens."""
    record_answers(assessment=draft, answers=answers_at(3))
    client.force_login(manager)
    client.post(submit_url(draft), follow=True)
    draft.refresh_from_db()
    first = (draft.submitted_at, draft.stage, draft.result, draft.updated_at)
    response = client.post(submit_url(draft))
    assert response.url == reverse("assessment-result", args=[draft.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [views.ALREADY_SUBMITTED]
    draft.refresh_from_db()
    assert (draft.submitted_at, draft.stage, draft.result, draft.updated_at) == first
    assert AssessmentPrincipleScore.objects.filter(assessment=draft).count() == 10


def test_review_of_a_submitted_assessment_is_read_only(client, draft, manager):
    """After submission the review page offers no submit button and links to the result."""
    record_answers(assessment=draft, answers=answers_at(1))
    answering.submit_assessment(assessment=draft, now=NOW)
    client.force_login(manager)
    html = client.get(review_url(draft)).content.decode()
    assert f'action="{submit_url(draft)}"' not in html
    assert reverse("assessment-result", args=[draft.pk]) in html
    assert "unanswered" not in html


def test_section_review_and_result_pages_lead_back_to_the_alliance(client, draft, manager):
    """Each page of an assessment links to its alliance's page, the way out besides the browser's back button."""
    client.force_login(manager)
    link = f'href="{draft.alliance.get_absolute_url()}"'
    section = reverse("assessment-section", args=[draft.pk, sections_of(draft).first().slug])
    assert link in client.get(section).text
    assert link in client.get(review_url(draft)).text
    record_answers(assessment=draft, answers=answers_at(3))
    answering.submit_assessment(assessment=draft, now=NOW)
    assert link in client.get(reverse("assessment-result", args=[draft.pk])).text


def test_review_says_before_any_submit_whether_the_draft_is_ready(client, draft, manager):
    """Thin Stage II: a calm note names what is missing (no refusal yet); with enough answers it says ready."""
    answer_with_stage_two_unknown(draft, 11)
    client.force_login(manager)
    response = client.get(review_url(draft))
    assert "refusal" not in response.context
    (shortfall,) = response.context["shortfalls"]
    assert (shortfall.section.title, shortfall.needed) == (
        "Place in our strategy, innovation and results, our standing with partners",
        3,
    )
    assert '<div class="alert alert-warning" role="status" id="shortfalls">' in response.text
    assert '<h2 class="h5">Not ready to submit yet</h2>' in response.text
    assert 'id="ready"' not in response.text
    complete = answers_at(2)
    answering.save_answers(assessment=draft, replies={code: Reply(complete[code]) for code in complete})
    response = client.get(review_url(draft))
    assert response.context["shortfalls"] == ()
    assert "Ready to submit: every part of the questionnaire has enough real answers." in response.text


def test_ready_with_statements_unanswered_says_how_many(client, draft, manager):
    """Enough real answers in every stage but the 25 principle-only statements unanswered: ready, and it says 25."""
    answers = {code: value for code, value in answers_at(2).items() if not code.startswith("C")}
    record_answers(assessment=draft, answers=answers)
    client.force_login(manager)
    response = client.get(review_url(draft))
    assert response.context["shortfalls"] == ()
    assert "25 statements are still unanswered, marked below" in response.text


def test_the_readiness_on_review_agrees_with_submit(client, draft, manager):
    """At exactly the coverage needed (9 of 17 real Stage II answers) review says ready and submit succeeds."""
    answer_with_stage_two_unknown(draft, 8)
    client.force_login(manager)
    assert client.get(review_url(draft)).context["shortfalls"] == ()
    assert client.post(submit_url(draft)).url == reverse("assessment-result", args=[draft.pk])
