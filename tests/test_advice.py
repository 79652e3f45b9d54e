"""What a stored result says to work on, and the patterns that place the alliance."""

from assessments.advice import Symptom, WorkOn, placing, work_on

from .result_parts import gap, pattern, result, stage


def test_symptom_gaps_come_first_with_their_pattern_names():
    """Symptom gaps go to `symptoms` with their pattern's name; the rest are the next stage's, in order."""
    gaps = [gap("S1-P3-01", "S1-P3", kind="symptom"), gap("S2-P1-02", "S2-P1"), gap("S2-P1-01", "S2-P1")]
    stages = [stage(1, 50.0), stage(2, 81.2, "symptoms"), stage(3, 75.0, "lower_stage")]
    patterns = [pattern("S1-P3", 80.0, "Alliances are dysfunctional"), pattern("S2-P1", 80.0)]
    assert work_on(result(stages, patterns, gaps)) == WorkOn(
        symptoms=(Symptom(gaps[0], "Alliances are dysfunctional"),),
        next_stage=(gaps[1], gaps[2]),
        next_stage_not_held="Stage I symptoms stand at 50, at or above their ceiling of 50",
    )


def test_a_next_stage_without_a_stored_reason_gives_none():
    """A result stored before scoring said why a stage does not hold: the next stage's reason is empty."""
    gaps = [gap("S2-P1-02", "S2-P1"), gap("S2-P1-01", "S2-P1")]
    stages = [stage(1, 20.0), stage(2, 40.0), stage(3, 30.0)]
    assert work_on(result(stages, gaps=gaps)) == WorkOn(symptoms=(), next_stage=tuple(gaps), next_stage_not_held="")


def test_at_the_top_stage_there_is_no_next_stage_to_explain():
    """At Stage III nothing is left to reach: no reason, no gaps."""
    stages = [stage(1, 10.0), stage(2, 90.0), stage(3, 90.0)]
    assert work_on(result(stages, placed=3)) == WorkOn(symptoms=(), next_stage=(), next_stage_not_held="")


def test_placing_splits_the_held_stages_patterns_at_their_threshold():
    """At Stage III, a pattern at or over its stage's threshold carries it; one under it, or unanswered, is weaker."""
    stages = [stage(1, 20.0, holds=True), stage(2, 70.0, holds=True), stage(3, 75.0, holds=True)]
    patterns = [
        pattern("S1-P1", 10.0),
        pattern("S2-P1", 60.0),
        pattern("S2-P2", 33.3),
        pattern("S3-P1", 90.0),
        pattern("S3-P2", None),
    ]
    placed = placing(result(stages, patterns, placed=3))
    assert [p.code for p in placed.carrying] == ["S2-P1", "S3-P1"]
    assert [p.code for p in placed.weaker] == ["S2-P2", "S3-P2"]


def test_placing_at_stage_one_is_the_best_fit():
    """At Stage I the best-fitting symptom patterns are what place it, and nothing is called weaker."""
    stages = [stage(1, 70.0, holds=True), stage(2, 80.0), stage(3, 10.0)]
    patterns = [pattern("S1-P1", 80.0), pattern("S1-P2", 40.0)]
    placed = placing(result(stages, patterns, best_fit=["S1-P1"]))
    assert ([p.code for p in placed.carrying], placed.weaker) == (["S1-P1"], ())
