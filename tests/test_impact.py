"""The threshold impact preview: how many alliances' latest results would move stage, without changing any."""

import dataclasses
import datetime as dt
import random

from assessments import closing, demo, scoring
from assessments.impact import Move, threshold_impact
from assessments.models import Alliance, Assessment

from .answering import answers_by_stage
from .factories import SURVEY_CLOSED, AllianceFactory, respond, submitted_assessment, survey

JAN, APR = dt.datetime(2026, 1, 15, tzinfo=dt.UTC), dt.datetime(2026, 4, 15, tzinfo=dt.UTC)
DEFAULTS = scoring.Thresholds()


def submit(published, s1, s2, s3, when=JAN, alliance=None):
    alliance = alliance or AllianceFactory()
    submitted_assessment(alliance, answers_by_stage(published, s1, s2, s3), when)
    return alliance


def test_no_submitted_assessment_means_no_impact(published):
    """With nothing submitted the preview says so."""
    impact = threshold_impact(scoring.Thresholds(stage_two=10))
    assert (impact.alliances, impact.moved) == (0, 0)
    assert impact.describe() == "No alliance has a submitted assessment yet, so no stage would move."


def test_impact_counts_alliances_whose_latest_result_would_move(published):
    """Lowering Stage II to 45 and raising Stage III to 70 moves only the alliance at Stage II evidence 50."""
    submit(published, 1, 4, 2)  # II: 75, III: 25 -> Stage II, and still II
    submit(published, 1, 4, 4)  # II: 75, III: 75 -> Stage III, and still III (75 >= 70)
    moving = submit(published, 1, 3, 3)  # II: 50 -> Stage I; under 45 it reaches Stage II (III: 50 < 70)
    # An older Stage I result would move too, but only the latest (Stage III, staying) counts.
    older = submit(published, 1, 3, 3)
    submit(published, 1, 4, 4, when=APR, alliance=older)
    stored = list(Assessment.objects.order_by("pk").values_list("stage", "result"))
    impact = threshold_impact(scoring.Thresholds(stage_two=45, stage_three=70))
    assert (impact.alliances, impact.moves, impact.too_thin) == (4, {(1, 2): 1}, 0)
    assert impact.moving == (Move(moving.pk, f"{moving.name} ({moving.partner})", 1, 2),)
    assert impact.describe() == (
        "1 of 4 alliances would move stage if their latest assessment were scored with these thresholds: "
        "1 from Stage I to II."
    )
    assert list(Assessment.objects.order_by("pk").values_list("stage", "result")) == stored


def test_impact_lists_each_move_and_the_results_too_thin(published):
    """Stage II at 80 drops a II and a III alliance to I, named A to Z; full coverage makes a gap count."""
    zeta = submit(published, 1, 4, 2, alliance=AllianceFactory(name="Zeta", partner="Zed"))
    alpha = submit(published, 1, 4, 4, alliance=AllianceFactory(name="Alpha", partner="Aye"))
    thin = AllianceFactory()
    answers = answers_by_stage(published, 1, 2, 2)
    answers[next(iter(answers))] = None  # one "don't know" among the Stage I items
    submitted_assessment(thin, answers, JAN)
    impact = threshold_impact(scoring.Thresholds(stage_two=80, min_coverage=100))
    assert (impact.alliances, impact.moves, impact.too_thin) == (3, {(2, 1): 1, (3, 1): 1}, 1)
    assert impact.moving == (Move(alpha.pk, "Alpha (Aye)", 3, 1), Move(zeta.pk, "Zeta (Zed)", 2, 1))
    assert impact.describe() == (
        "2 of 3 alliances would move stage if their latest assessment were scored with these thresholds: "
        "1 from Stage II to I, 1 from Stage III to I. 1 would lack the answers a verdict needs."
    )


def test_unchanged_thresholds_move_nothing(published):
    """Re-scoring under a version's own thresholds lands every alliance where its stored result says."""
    for s2, s3 in [(4, 2), (4, 4), (3, 3), (2, 5)]:
        submit(published, 1, s2, s3)
    assert threshold_impact(DEFAULTS).moves == {}


def test_impact_costs_one_query(published, django_assert_num_queries):
    """One query, however many alliances there are: no answers are loaded."""
    for _ in range(5):
        submit(published, 1, 4, 2)
    with django_assert_num_queries(1):
        threshold_impact(DEFAULTS)


def test_impact_matches_rescoring_the_stored_answers(published):
    """Applying new thresholds to stored evidence gives the stages a full re-score of the answers would give."""
    rng = random.Random(11)
    criteria = published.scoring_criteria()
    answer_sets = {}
    for level in (0.1, 0.3, 0.45, 0.55, 0.65, 0.8, 0.95):
        answers = demo.demo_answers(criteria, level, "S1-P2", rng)
        if not scoring.score(criteria, answers).too_thin:
            answer_sets[AllianceFactory().pk] = answers
            submitted_assessment(Alliance.objects.get(pk=max(answer_sets)), answers, JAN)
    assert len(answer_sets) >= 6
    moved_somewhere = thin_somewhere = 0
    for _ in range(25):
        thresholds = scoring.Thresholds(*(rng.choice([0, 20, 40, 50, 55, 60, 65, 70, 80, 100]) for _ in range(4)))
        moves, too_thin = {}, 0
        for alliance_id, answers in answer_sets.items():
            before = scoring.score(criteria, answers)
            after = scoring.score(dataclasses.replace(criteria, thresholds=thresholds), answers)
            if after.stage != before.stage:
                moves[alliance_id] = (before.stage, after.stage)
            too_thin += after.too_thin
        impact = threshold_impact(thresholds)
        assert (impact.alliances, impact.too_thin) == (len(answer_sets), too_thin), thresholds
        assert {m.alliance_id: (m.before, m.after) for m in impact.moving} == moves, thresholds
        moved_somewhere += bool(moves)
        thin_somewhere += bool(too_thin)
    assert moved_somewhere >= 5 and thin_somewhere >= 5  # the grid does move stages and thin results


def test_a_surveys_sides_are_placed_again_and_the_lowest_wins(published):
    """Ours at Stage II evidence 75, the partner's at 50 (Stage I): under 45 both hold Stage II and the alliance
    moves up; under 80 our side drops to Stage I too, so the round stays at Stage I."""
    alliance = AllianceFactory()
    held = survey(alliance, opened_at=JAN)
    for _ in range(3):
        respond(held, "ours", answers_by_stage(published, 1, 4, 2))
        respond(held, "partner", answers_by_stage(published, 1, 3, 2))
    closing.close_round(held, now=SURVEY_CLOSED)
    assert Alliance.objects.with_standing().get(pk=alliance.pk).latest_stage == 1

    assert threshold_impact(scoring.Thresholds(stage_two=45)).moving == (
        Move(alliance.pk, f"{alliance.name} ({alliance.partner})", 1, 2),
    )
    assert threshold_impact(scoring.Thresholds(stage_two=80)).moving == ()
