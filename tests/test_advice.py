"""What a stored result says to work on, and the patterns that place the alliance."""

from assessments import criteria_io, scoring, scoring_v2
from assessments.advice import DIAGNOSIS_ADVICE, PATTERN_ADVICE, Symptom, WorkOn, advise, placing, work_on

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


VERSION_TWO = criteria_io.scoring_criteria(criteria_io.parse(criteria_io.VERSION_TWO_FILE.read_text()))
DESCRIPTIONS = {
    "S1-P4": ["Buyout options and exit clauses underpin the motives"],
    "S2-P4": ["Led by a C-level executive"],
}


def version_two_result(signs: int, practices: int, **overrides):
    """Version 2 scored on answers: every warning sign `signs`, every other statement `practices`, then overrides."""
    stage_of = {p.code: p.stage for p in VERSION_TWO.patterns}
    answers = {i.code: signs if stage_of.get(i.pattern) == 1 else practices for i in VERSION_TWO.items}
    return scoring.score(VERSION_TWO, answers | {code.replace("_", "-"): v for code, v in overrides.items()})


def test_a_version_one_result_gets_no_version_two_advice():
    """A result without a verdict (version 1 rules) keeps the advice it always had: `advise` says nothing."""
    assert advise(result([stage(1, 10.0), stage(2, 90.0), stage(3, 90.0)], placed=3), DESCRIPTIONS) is None


def test_a_last_resort_deal_is_advised_on_control_and_exit_terms():
    """Last resort named: the advice starts there, and its warning signs are the first steps, described."""
    last_resort = dict.fromkeys(["WHY_04", "WHY_07", "WHY_08", "DEAL_06", "DEAL_07", "DEAL_08"], 5)
    advice = advise(version_two_result(1, 4, **last_resort), DESCRIPTIONS)
    assert advice.direction == str(PATTERN_ADVICE["S1-P4"])
    assert "control rights, buyout options and exit clauses" in advice.direction
    assert [step.gap.code for step in advice.warning_signs][:3] == ["WHY-04", "DEAL-06", "DEAL-07"]
    assert advice.warning_signs[0].looks_like == ("Buyout options and exit clauses underpin the motives",)
    assert advice.warning_signs[0].pattern_name == "last resort"
    assert not advice.no_warning_signs
    assert [f.code for f in advice.strengths] == ["NET-07", "WHY-01", "DEAL-02"]


def test_answers_that_cannot_be_read_are_advised_to_be_given_again():
    """All "neither": unreadable, so the advice asks for honest answers before acting."""
    advice = advise(version_two_result(3, 3), DESCRIPTIONS)
    assert (advice.reliable, advice.direction) == (False, str(DIAGNOSIS_ADVICE[scoring_v2.UNREADABLE]))
    assert advice.strengths == ()


def test_not_yet_strategic_is_advised_to_build_the_missing_practices():
    """No warning sign and Stage II below its threshold: "not yet Strategic", with the Stage II practices as steps."""
    advice = advise(version_two_result(1, 2, SEN_01=1), DESCRIPTIONS)
    assert advice.direction == (
        "No warning sign shows: the alliance is not yet Strategic because Stage II practices are missing. "
        "Build them up, starting with the steps below."
    )
    assert advice.no_warning_signs
    first = advice.next_stage[0]
    assert (first.gap.code, first.pattern_name, first.looks_like) == (
        "SEN-01",
        "professional management",
        ("Led by a C-level executive",),
    )


def test_at_the_top_stage_the_advice_names_the_weakest_and_what_keeps_the_stage_at_risk():
    """Stage III still gets the weakest pattern and principle, and the practices to keep."""
    advice = advise(version_two_result(1, 5, NET_02=3, TEAM_07=2), DESCRIPTIONS)
    assert advice.direction == str(DIAGNOSIS_ADVICE[scoring_v2.HELD])
    assert advice.weakest == (
        "The weakest pattern of practice is internal/external, at 75.",
        "The weakest principle is “Conflicts of Interest”, at 62.5.",
    )
    assert [step.gap.code for step in advice.keep] == ["NET-02"]
