"""Closing a round: responses combined per side into the round's result and one combined assessment."""

import datetime as dt

import pytest

from assessments import closing, combining
from assessments.models import Alliance, Assessment, AssessmentPrincipleScore, Item, Round

from .factories import AllianceFactory, answers_at, respond, survey

pytestmark = pytest.mark.django_db

OPENED = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
CLOSED = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
OURS, PARTNER = combining.OURS, combining.PARTNER


@pytest.fixture
def open_survey(published):
    return survey(AllianceFactory(name="Cold chain"), opened_at=OPENED)


def test_both_sides_combine_into_the_lower_stage_with_pooled_principles(open_survey):
    """Ours at Stage II (principles 4) and the partner at Stage I (principles 3): the round is at Stage I, every
    principle 50 (the lower side's 3), and the combined assessment is what the alliance's pages now read."""
    for _ in range(3):
        respond(open_survey, OURS, answers_at(2))
        respond(open_survey, PARTNER, answers_at(1, dict.fromkeys(range(1, 11), 3)))

    closed = closing.close_round(open_survey, now=CLOSED)

    stored = closed.round.result
    assert (stored["stage"], stored["scope"]) == (1, combining.BOTH_SIDES)
    assert [(s["side"], s["respondents"], s["result"]["stage"]) for s in stored["sides"]] == [
        (OURS, 3, 2),
        (PARTNER, 3, 1),
    ]
    assert stored["sides_differ"]["ours"] == 2 and stored["sides_differ"]["partner"] == 1
    assessment = closed.assessment
    assert (assessment.status, assessment.stage, assessment.submitted_at) == ("submitted", 1, CLOSED)
    assert (assessment.respondent, assessment.invitee, assessment.round) == (None, None, open_survey)
    assert set(AssessmentPrincipleScore.objects.filter(assessment=assessment).values_list("score", flat=True)) == {50.0}
    assert [p["score"] for p in assessment.result["principles"]] == [50.0] * 10
    standing = Alliance.objects.with_standing().get(pk=open_survey.alliance_id)
    assert (standing.latest_stage, standing.last_assessed_at) == (1, CLOSED)
    assert closed.round.closed_at == CLOSED


def test_a_statement_combines_to_the_lower_median_of_real_answers(open_survey, published):
    """Four colleagues answer one statement 4, 5, 2 and don't know: 2, 4, 5 give the lower median 4; the partner's
    three answer 1, 1 and don't know: two real answers of three, so 1."""
    code = published.items.order_by("order").values_list("code", flat=True)[0]
    for value in (4, 5, 2, None):
        respond(open_survey, OURS, {code: value})
    for value in (1, 1, None):
        respond(open_survey, PARTNER, {code: value})

    stored = closing.close_round(open_survey, now=CLOSED).round.result

    assert [s["combined"][code] for s in stored["sides"]] == [4, 1]


def test_drafts_and_revoked_respondents_are_left_out_and_draft_authors_returned(open_survey):
    """Three handed in on our side count; a draft and a revoked person's answers do not, and the draft's author is
    the one to tell."""
    for _ in range(3):
        respond(open_survey, OURS, answers_at(2))
    draft = respond(open_survey, OURS, answers_at(1), handed_in=False)
    revoked = respond(open_survey, OURS, answers_at(1))
    revoked.invitee.revoked_at = OPENED
    revoked.invitee.save()

    closed = closing.close_round(open_survey, now=CLOSED)

    assert closed.left_out == (draft.invitee_id,)
    assert closed.round.result["sides"][0]["respondents"] == 3
    assert closed.round.result["stage"] == 2
    assert closed.round.result["scope"] == combining.ONE_SIDE
    assert closed.assessment.stage == 2


def test_closing_twice_changes_nothing(open_survey):
    """A second close returns the first one's assessment, tells nobody again and writes nothing."""
    for _ in range(3):
        respond(open_survey, OURS, answers_at(2))
    respond(open_survey, OURS, answers_at(2), handed_in=False)
    first = closing.close_round(open_survey, now=CLOSED)

    again = closing.close_round(open_survey, now=CLOSED + dt.timedelta(days=1))

    assert (again.already_closed, again.left_out, again.assessment) == (True, (), first.assessment)
    assert again.round.closed_at == CLOSED
    assert Assessment.objects.filter(round=open_survey, status="submitted").count() == 1


def test_a_round_where_no_side_qualifies_closes_with_no_result(open_survey):
    """Two on each side: the round closes, its result says so, and no assessment is written."""
    for _ in range(2):
        respond(open_survey, OURS, answers_at(2))
        respond(open_survey, PARTNER, answers_at(2))

    closed = closing.close_round(open_survey, now=CLOSED)

    assert closed.assessment is None
    assert (closed.round.result["stage"], closed.round.result["scope"]) == (None, combining.NO_SIDE)
    assert [s["combined"] for s in closed.round.result["sides"]] == [{}, {}]
    assert Alliance.objects.with_standing().get(pk=open_survey.alliance_id).latest_stage is None


def test_statements_for_our_side_only_are_not_scored_for_the_partner(published):
    """A statement asked of our side only is left out of the partner's combined answers and coverage."""
    ours_only = published.items.order_by("order").first()
    Item.objects.filter(pk=ours_only.pk).update(audience="ours")
    open_survey = survey(AllianceFactory(), opened_at=OPENED)
    for _ in range(3):
        respond(open_survey, OURS, answers_at(2))
        respond(open_survey, PARTNER, {k: v for k, v in answers_at(2).items() if k != ours_only.code})

    stored = closing.close_round(open_survey, now=CLOSED).round.result

    ours, partner = stored["sides"]
    assert ours_only.code in ours["combined"] and ours_only.code not in partner["combined"]
    assert (ours["result"]["total"], partner["result"]["total"]) == (74, 73)


def test_closing_fifty_respondents_takes_few_queries(open_survey, django_assert_max_num_queries):
    """Fifty handed-in responses (74 answers each) close in queries that do not grow with them (its time is
    `bench_questionnaire`'s)."""
    for n in range(50):
        respond(open_survey, OURS if n % 2 else PARTNER, answers_at(1 + n % 3))
    # 19 for the round (three of them: its earlier surveys, who reads the portfolio, and marking whose answers
    # counted), 5 for marking the dashboard's cached figures stale (one new generation in the cache) and 8 for the
    # alliance's standing periods (read, cut again, then given the combined result's principle scores; and
    # whether the history kept reaches past the change: its horizon in the cache).
    with django_assert_max_num_queries(32):
        closing.close_round(open_survey, now=CLOSED)


def test_a_self_assessment_round_closed_before_submission_keeps_no_result(published):
    """Closing an open self-assessment leaves its draft out and writes no result."""
    alliance = AllianceFactory()
    opened = Round.objects.create_self(
        alliance=alliance, questionnaire=published, opened_by=alliance.owner, opened_at=OPENED
    )
    Assessment.objects.create(alliance=alliance, round=opened, questionnaire=published, respondent=alliance.owner)

    closed = closing.close_round(opened, now=CLOSED)

    assert (closed.assessment, closed.left_out, closed.round.result) == (None, (), None)
    assert closed.round.closed_at == CLOSED


def test_the_combined_assessments_answers_are_the_values_both_sides_support(open_survey, published):
    """Its answers hold each statement at the lower side's combined answer, never a person's, with no comment."""
    for _ in range(3):
        respond(open_survey, OURS, answers_at(2), comments={"S1-P1-01": ("Mine", True)})
        respond(open_survey, PARTNER, answers_at(1, dict.fromkeys(range(1, 11), 3)))

    closed = closing.close_round(open_survey, now=CLOSED)

    stored = dict(closed.assessment.answers.values_list("item__code", "value"))
    ours, partner = (s["combined"] for s in closed.round.result["sides"])
    assert stored == {code: min(ours[code], partner[code]) for code in ours}
    assert set(closed.assessment.answers.values_list("comment", flat=True)) == {""}
