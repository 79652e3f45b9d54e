"""Each alliance's standing periods: cut from its results, written by every path that changes which is the latest,
and read by `with_standing` exactly as searching the results gives it, at any moment."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import closing, combining, periods
from assessments.models import Alliance, Assessment, AssessmentPrincipleScore, Round, StandingPeriod

from .dashboard_oracle import with_standing as searched_standing
from .factories import AllianceFactory, AssessmentFactory, answers_at, respond, submitted_assessment, survey

pytestmark = pytest.mark.django_db

AT = dt.datetime(2025, 9, 10, 10, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def periods_of(alliance) -> list[tuple]:
    """(assessment, stage, stage before, from, to) of each period, oldest first."""
    return list(
        StandingPeriod.objects.filter(alliance=alliance)
        .order_by("valid_from", "assessment_id")
        .values_list("assessment_id", "stage", "stage_before", "valid_from", "valid_to")
    )


def add_result(alliance, stage: int, at: dt.datetime) -> Assessment:
    """A submitted assessment saved as a model (the admin, a factory): no service in between."""
    return AssessmentFactory(
        alliance=alliance, status=Assessment.Status.SUBMITTED, submitted_at=at, stage=stage, result={"stage": stage}
    )


def bulk_result(alliance, questionnaire, at: dt.datetime, stage: int) -> Assessment:
    """A submitted assessment written by `bulk_create` (a data import, say), in its own closed round."""
    (made,) = Assessment.objects.bulk_create(
        [
            Assessment(
                alliance=alliance,
                questionnaire=questionnaire,
                round=Round.objects.create_self(
                    alliance=alliance, questionnaire=questionnaire, opened_by=None, opened_at=at, closed_at=at
                ),
                status=Assessment.Status.SUBMITTED,
                submitted_at=at,
                stage=stage,
                result={"stage": stage},
            )
        ]
    )
    return made


def test_the_cut_gives_each_result_its_time_as_the_latest():
    """Latest first in, each period runs to the next result's submission; a tie's earlier-made one holds for no time."""
    given_results = [(4, 1, 3, AT + DAY), (9, 2, 2, AT), (3, 1, 1, AT), (2, 1, 2, AT), (1, 1, 1, AT - DAY)]
    assert sorted(periods.cut(given_results), key=lambda p: p.assessment_id) == [
        periods.Period(1, 1, 1, None, AT - DAY, AT),
        periods.Period(2, 1, 2, 1, AT, AT),
        periods.Period(3, 1, 1, 2, AT, AT + DAY),
        periods.Period(4, 1, 3, 1, AT + DAY, None),
        periods.Period(9, 2, 2, None, AT, None),
    ]


def test_the_earliest_change_is_where_what_holds_first_differs():
    """A new latest result changes things from its submission (the one before ends there, not earlier); a result
    moved back, from its earlier time; an end moved alone, from the earlier end; nothing, None."""
    before = {1: (1, AT - DAY, None)}
    appended = {1: (1, AT - DAY, AT), 2: (2, AT, None)}
    assert periods.earliest_change(before, appended) == AT
    assert periods.earliest_change(appended, {1: (1, AT - DAY, AT + DAY), 2: (2, AT + DAY, None)}) == AT
    assert periods.earliest_change(appended, {1: (1, AT - 2 * DAY, AT), 2: (2, AT, None)}) == AT - 2 * DAY
    assert periods.earliest_change(appended, {1: (3, AT - DAY, AT), 2: (2, AT, None)}) == AT - DAY
    assert periods.earliest_change(appended, {1: (1, AT - DAY, None)}) == AT
    assert periods.earliest_change(appended, dict(appended)) is None


def test_a_submission_closes_the_period_before_and_opens_its_own(published, manager):
    """Submitting through the service writes the new result's open period and ends the one before at that moment."""
    alliance = AllianceFactory(owner=manager)
    first = submitted_assessment(alliance, answers_at(1), AT)
    second = submitted_assessment(alliance, answers_at(2), AT + DAY)
    assert periods_of(alliance) == [(first.pk, 1, None, AT, AT + DAY), (second.pk, 2, 1, AT + DAY, None)]


def test_a_round_closing_writes_its_combined_results_period(published):
    """A survey's close stores its combined result and, in the same transaction, its period."""
    alliance = AllianceFactory()
    earlier = add_result(alliance, 3, AT)
    held = survey(alliance, opened_at=AT + DAY)
    for _ in range(3):
        respond(held, combining.OURS, answers_at(2))
        respond(held, combining.PARTNER, answers_at(2))
    combined = closing.close_round(held, now=AT + 2 * DAY).assessment
    assert periods_of(alliance) == [(earlier.pk, 3, None, AT, AT + 2 * DAY), (combined.pk, 2, 3, AT + 2 * DAY, None)]


def test_a_draft_writes_no_period(published):
    """Drafts and survey responses are no one's latest result."""
    alliance = AllianceFactory()
    AssessmentFactory(alliance=alliance)
    assert periods_of(alliance) == []


def test_deleting_the_latest_result_reopens_the_one_before(published):
    """The result before is the latest again, from its own submission on."""
    alliance = AllianceFactory()
    first, second = add_result(alliance, 1, AT), add_result(alliance, 2, AT + DAY)
    second.delete()
    assert periods_of(alliance) == [(first.pk, 1, None, AT, None)]


def test_deleting_a_round_deletes_its_results_period(published):
    """A round deleted (its result goes with it) leaves the periods of what is left."""
    alliance = AllianceFactory()
    first, second, third = (add_result(alliance, stage, AT + n * DAY) for n, stage in enumerate((1, 2, 3)))
    Round.objects.filter(pk=second.round_id).delete()
    assert periods_of(alliance) == [(first.pk, 1, None, AT, AT + 2 * DAY), (third.pk, 3, 1, AT + 2 * DAY, None)]


def test_deleting_an_alliance_deletes_its_periods(published):
    """Its periods go with it, without being cut again for each of its results: only deletes touch them."""
    alliance, other = AllianceFactory(), AllianceFactory()
    for n in range(5):
        add_result(alliance, 1, AT + n * DAY)
    kept = add_result(other, 2, AT)
    with CaptureQueriesContext(connection) as done:
        alliance.delete()
    assert {q["sql"].split()[0] for q in done.captured_queries if "standingperiod" in q["sql"]} == {"DELETE"}
    assert list(StandingPeriod.objects.values_list("assessment_id", flat=True)) == [kept.pk]


def test_bulk_writes_of_assessments_cut_the_periods_again(published):
    """`bulk_create` and `update` of a result's status, time or stage write the periods as a save does."""
    alliance = AllianceFactory()
    first = add_result(alliance, 1, AT)
    made = bulk_result(alliance, first.questionnaire, AT + DAY, 3)
    assert periods_of(alliance) == [(first.pk, 1, None, AT, AT + DAY), (made.pk, 3, 1, AT + DAY, None)]
    Assessment.objects.filter(pk=made.pk).update(submitted_at=AT - DAY)
    assert periods_of(alliance) == [(made.pk, 3, None, AT - DAY, AT), (first.pk, 1, 3, AT, None)]


def test_a_result_made_a_draft_again_leaves_its_periods(published):
    """A saved change of status takes the result out of the alliance's standing."""
    alliance = AllianceFactory()
    first, second = add_result(alliance, 1, AT), add_result(alliance, 2, AT + DAY)
    Assessment.objects.filter(pk=second.pk).update(status=Assessment.Status.RESPONDED, stage=None, result=None)
    assert periods_of(alliance) == [(first.pk, 1, None, AT, None)]


def test_a_result_moved_to_another_alliance_moves_its_period(published):
    """Saved under another alliance, the result's period leaves the first one's and joins the other's."""
    alliance, other = AllianceFactory(), AllianceFactory()
    first, moved = add_result(alliance, 1, AT), add_result(alliance, 2, AT + DAY)
    moved.alliance = other
    moved.save()
    assert periods_of(alliance) == [(first.pk, 1, None, AT, None)]
    assert periods_of(other) == [(moved.pk, 2, None, AT + DAY, None)]


def test_one_current_period_per_alliance(published):
    """Two open periods of one alliance are refused by the database."""
    alliance = AllianceFactory()
    first, second = add_result(alliance, 1, AT), add_result(alliance, 2, AT + DAY)
    with transaction.atomic(), pytest.raises(IntegrityError):
        StandingPeriod.objects.filter(assessment=first).update(valid_to=None)
    assert StandingPeriod.objects.get(assessment=second).valid_to is None


def test_a_period_ends_after_it_starts(published):
    """A period ending before its start is refused by the database."""
    first = add_result(AllianceFactory(), 1, AT)
    with transaction.atomic(), pytest.raises(IntegrityError):
        StandingPeriod.objects.filter(assessment=first).update(valid_to=AT - DAY)


days = st.integers(min_value=0, max_value=9)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    histories=st.lists(st.lists(st.tuples(st.integers(1, 3), days), max_size=4), min_size=1, max_size=3),
    deleted=st.lists(st.integers(0, 11), max_size=2),
)
def test_the_standing_read_from_periods_is_the_one_searched_for_in_the_results(published, histories, deleted):
    """With ties, deletions and every moment around each submission, `with_standing` reads what a search of the
    results gives: the latest submitted before the moment, its time, and the stage before it."""
    with transaction.atomic():
        made = [
            add_result(alliance, stage, AT + day * DAY)
            for alliance, history in ((AllianceFactory(), history) for history in histories)
            for stage, day in history
        ]
        for index in deleted:
            if index < len(made) and made[index].pk is not None:
                made[index].delete()
        fields = ("pk", "latest_stage", "last_assessed_at", "stage_before")
        moments = [None, *(AT + day * DAY + shift for day in range(11) for shift in (-DAY / 2, dt.timedelta(0)))]
        for cutoff in moments:
            read = list(Alliance.objects.with_standing(cutoff).order_by("pk").values_list(*fields))
            assert read == list(searched_standing(Alliance.objects.order_by("pk"), cutoff).values_list(*fields))
        transaction.set_rollback(True)


def kept_scores(assessment) -> tuple[list, int]:
    period = StandingPeriod.objects.get(assessment=assessment)
    return [getattr(period, f"score_{n}") for n in periods.PRINCIPLES], period.holding_back


def stored_scores(assessment) -> tuple[list, int]:
    rows = AssessmentPrincipleScore.objects.filter(assessment=assessment).order_by("principle")
    return [row.score for row in rows], sum(1 << (row.principle - 1) for row in rows if row.holds_back)


def submitted_then_closed(manager) -> tuple[Assessment, Assessment]:
    """An alliance's submitted self-assessment, then the combined result of a survey of both sides closed after it."""
    alliance = AllianceFactory(owner=manager)
    submitted = submitted_assessment(alliance, answers_at(1, {1: 2, 5: 2, 4: 3}), AT)
    held = survey(alliance, opened_at=AT + DAY)
    for _ in range(3):
        respond(held, combining.OURS, answers_at(2, {2: 2, 7: 3}))
        respond(held, combining.PARTNER, answers_at(2))
    return submitted, closing.close_round(held, now=AT + 2 * DAY).assessment


def test_a_submission_and_a_close_keep_their_results_principle_scores_on_the_period(published, manager):
    """The period keeps the scores submission (or the round's close) stored, and which principles hold it back."""
    submitted, combined = submitted_then_closed(manager)
    for result in (submitted, combined):
        assert kept_scores(result) == stored_scores(result)
    assert kept_scores(submitted) == ([25.0, 75.0, 75.0, 50.0, 25.0, 75.0, 75.0, 75.0, 75.0, 75.0], 0b10001)


def mean_kept(assessment) -> float | None:
    return StandingPeriod.objects.get(assessment=assessment).mean_score


def test_the_mean_is_of_the_known_scores_added_up_in_the_principles_order():
    """`score_fields` keeps the mean of the known scores (none without any), summed principle 1 first, as the
    dashboard summed them before it was kept: the same float, so the same weakest alliances in the same order."""
    assert periods.score_fields([(1, 10.0, False), (2, None, True), (3, 40.0, True)])["mean_score"] == 25.0
    assert periods.score_fields([(2, None, False)])["mean_score"] is None
    assert periods.score_fields([])["mean_score"] is None
    # Summed in the order given, 0.3 + 0.2 + 0.1 would make 0.6 and the mean 0.19999999999999998.
    given = [(3, 0.3, False), (2, 0.2, False), (1, 0.1, False)]
    assert periods.score_fields(given)["mean_score"] == 0.20000000000000004


def test_a_submission_and_a_close_keep_the_mean_of_their_scores_on_the_period(published, manager):
    """The period of a submitted result, and of a round's combined one, keeps the mean of the scores it keeps."""
    submitted, combined = submitted_then_closed(manager)
    assert mean_kept(submitted) == 62.5
    scores, _ = kept_scores(combined)
    assert mean_kept(combined) == sum(scores) / len(scores)


def test_every_write_of_the_periods_keeps_the_mean_of_the_known_scores(published):
    """Scores bulk-written after their result give its period their mean (a result without scores has none), and
    the periods cut again by a save, a deletion, a bulk update and a bulk create keep it."""
    alliance = AllianceFactory()
    first = add_result(alliance, 1, AT)
    assert mean_kept(first) is None
    AssessmentPrincipleScore.objects.bulk_create(
        AssessmentPrincipleScore(assessment=first, principle=principle, score=score)
        for principle, score in ((1, 10.0), (2, None), (3, 40.0))
    )
    assert mean_kept(first) == 25.0
    second = add_result(alliance, 2, AT + DAY)
    assert (mean_kept(first), mean_kept(second)) == (25.0, None)
    second.delete()
    assert mean_kept(first) == 25.0
    Assessment.objects.filter(pk=first.pk).update(submitted_at=AT - DAY)
    assert mean_kept(first) == 25.0
    bulk_result(alliance, first.questionnaire, AT + DAY, 3)
    assert mean_kept(first) == 25.0
