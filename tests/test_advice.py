"""What a stored result says in words: why a stage does not hold, and what to work on first."""

from assessments.advice import WorkOn, placing, why_not_held, work_on

THRESHOLDS = {"stage_two": 60.0, "stage_three": 70.0, "symptom_ceiling": 50.0, "min_coverage": 50.0}


def stage(number: int, evidence: float | None, blocked_by: str | None = None, **more) -> dict:
    threshold = {1: 50.0, 2: 60.0, 3: 70.0}[number]
    return {"number": number, "evidence": evidence, "threshold": threshold, "blocked_by": blocked_by} | more


def result(stages: list[dict], gaps: list[dict] = (), placed: int = 1) -> dict:
    patterns = [
        {"code": "S1-P3", "name": "Alliances are dysfunctional"},
        {"code": "S2-P1", "name": "Alliances are strategic vehicles"},
    ]
    return {"stage": placed, "stages": stages, "patterns": patterns, "gaps": list(gaps), "thresholds": THRESHOLDS}


def gap(code: str, pattern: str, **more) -> dict:
    return {"code": code, "statement": f"Statement {code}", "pattern": pattern} | more


def test_a_stage_held_back_by_symptoms_says_where_they_stand_against_their_ceiling():
    """Stage II at 81.2 with symptoms at 50: held back by the symptoms, at or above their ceiling of 50."""
    stages = [stage(1, 50.0), stage(2, 81.2, "symptoms"), stage(3, 75.0, "lower_stage")]
    found = result(stages)
    assert why_not_held(stages[1], found) == "Stage I symptoms stand at 50, at or above their ceiling of 50"
    assert why_not_held(stages[2], found) == "Stage II does not hold, and the stages build on each other"


def test_a_stage_below_its_threshold_says_its_evidence_and_the_threshold():
    """Stage III at 62.5 against 70: "its evidence, 62.5, is below the threshold of 70"."""
    stages = [stage(1, 20.0), stage(2, 75.0), stage(3, 62.5, "below_threshold")]
    assert why_not_held(stages[2], result(stages, placed=2)) == "its evidence, 62.5, is below the threshold of 70"


def test_a_stage_with_no_real_answer_says_so():
    """Evidence None (only "don't know") below threshold: none of its statements has a real answer."""
    stages = [stage(1, 20.0), stage(2, 75.0), stage(3, None, "below_threshold")]
    assert why_not_held(stages[2], result(stages, placed=2)) == "none of its statements has a real answer"


def test_a_thin_stage_says_how_many_statements_need_a_real_answer():
    """Too few answers: 50% of its statements need a real answer (the stored minimum coverage)."""
    stages = [stage(1, 20.0), stage(2, 80.0, "too_few_answers"), stage(3, 80.0, "lower_stage")]
    assert why_not_held(stages[1], result(stages)) == "50% of its statements need a real answer"


def test_holding_stages_stage_one_and_older_results_give_no_reason():
    """A stage that holds, Stage I, and a stored result without "blocked_by" say nothing."""
    stages = [stage(1, 20.0), stage(2, 75.0), {"number": 3, "evidence": 40.0, "threshold": 70.0}]
    found = result(stages, placed=2)
    assert [why_not_held(s, found) for s in stages] == ["", "", ""]


def test_symptom_gaps_come_first_with_their_pattern_names():
    """Symptom gaps go to `symptoms` with their pattern's name; the rest are the next stage's, in order."""
    gaps = [
        gap("S1-P3-01", "S1-P3", kind="symptom"),
        gap("S2-P1-02", "S2-P1", kind="next_stage"),
        gap("S2-P1-01", "S2-P1", kind="next_stage"),
    ]
    stages = [stage(1, 50.0), stage(2, 81.2, "symptoms"), stage(3, 75.0, "lower_stage")]
    assert work_on(result(stages, gaps)) == WorkOn(
        symptoms=(gaps[0] | {"pattern_name": "Alliances are dysfunctional"},),
        next_stage=(gaps[1], gaps[2]),
        next_stage_not_held="Stage I symptoms stand at 50, at or above their ceiling of 50",
    )


def test_gaps_of_an_older_result_without_kinds_are_all_the_next_stages():
    """A stored result from before gap kinds: every gap is one of the next stage, and no reason is known."""
    gaps = [gap("S2-P1-02", "S2-P1"), gap("S2-P1-01", "S2-P1")]
    stages = [stage(1, 20.0), {"number": 2, "evidence": 40.0, "threshold": 60.0}, stage(3, 30.0)]
    assert work_on(result(stages, gaps)) == WorkOn(symptoms=(), next_stage=tuple(gaps), next_stage_not_held="")


def test_at_the_top_stage_there_is_no_next_stage_to_explain():
    """At Stage III nothing is left to reach: no reason, no gaps."""
    stages = [stage(1, 10.0), stage(2, 90.0), stage(3, 90.0)]
    assert work_on(result(stages, placed=3)) == WorkOn(symptoms=(), next_stage=(), next_stage_not_held="")


def test_placing_splits_the_held_stages_patterns_at_their_threshold():
    """At Stage III, a pattern at or over its stage's threshold carries it; one under it, or unanswered, is weaker."""
    stages = [stage(1, 20.0, holds=True), stage(2, 70.0, holds=True), stage(3, 75.0, holds=True)]
    patterns = [
        {"code": "S1-P1", "stage": 1, "evidence": 10.0},
        {"code": "S2-P1", "stage": 2, "evidence": 60.0},
        {"code": "S2-P2", "stage": 2, "evidence": 33.3},
        {"code": "S3-P1", "stage": 3, "evidence": 90.0},
        {"code": "S3-P2", "stage": 3, "evidence": None},
    ]
    placed = placing({"stage": 3, "stages": stages, "patterns": patterns, "best_fit": []})
    assert [p["code"] for p in placed.carrying] == ["S2-P1", "S3-P1"]
    assert [p["code"] for p in placed.weaker] == ["S2-P2", "S3-P2"]


def test_placing_at_stage_one_is_the_best_fit():
    """At Stage I the best-fitting symptom patterns are what place it, and nothing is called weaker."""
    stages = [stage(1, 70.0, holds=True), stage(2, 80.0, holds=False)]
    patterns = [{"code": "S1-P1", "stage": 1, "evidence": 80.0}, {"code": "S1-P2", "stage": 1, "evidence": 40.0}]
    placed = placing({"stage": 1, "stages": stages, "patterns": patterns, "best_fit": ["S1-P1"]})
    assert ([p["code"] for p in placed.carrying], placed.weaker) == (["S1-P1"], ())
