"""A result's reasons in words: each stored code with its figures composes its sentence."""

import pytest

from assessments import reasons, results, scoring
from assessments.scoring import Reason

from .result_parts import pattern, result, stage

PATTERNS = [
    pattern("S1-P1", 80.0, short_name="Fragmented"),
    pattern("S1-P2", 80.0, short_name="Window dressing"),
    pattern("S1-P4", 80.0, short_name="Last resort"),
]
DOMINATE = "Stage I symptoms stand at 62.5, at or above the ceiling of 50, so the alliance stays Opportunistic"


@pytest.mark.parametrize(
    ("code", "figures", "sentence"),
    [
        (
            scoring.SYMPTOMS_DOMINATE,
            {"symptoms": 62.5, "ceiling": 50.0, "patterns": ()},
            f"{DOMINATE} whatever else holds.",
        ),
        (
            scoring.SYMPTOMS_DOMINATE,
            {"symptoms": 62.5, "ceiling": 50.0, "patterns": ("S1-P2",)},
            f"{DOMINATE} whatever else holds; it looks most like the window dressing pattern.",
        ),
        (
            scoring.SYMPTOMS_DOMINATE,
            {"symptoms": 62.5, "ceiling": 50.0, "patterns": ("S1-P1", "S1-P2", "S1-P4")},
            f"{DOMINATE} whatever else holds; it looks most like the fragmented, window dressing and last resort"
            " patterns.",
        ),
        (
            results.SYMPTOMS_DOMINATE_QUOTED,
            {"symptoms": 62.5, "ceiling": 50.0, "patterns": ("S1-P1", "S1-P4")},
            f"{DOMINATE} whatever else holds; it looks most like the 'fragmented, last resort' pattern.",
        ),
        (
            scoring.SYMPTOMS_BELOW,
            {"symptoms": 41.9, "ceiling": 47.5},
            "Stage I symptoms stand at 41.9, below the ceiling of 47.5.",
        ),
        (
            scoring.TOO_FEW_ANSWERS,
            {"stage": 2, "answered": 3, "total": 17, "min_coverage": 50.0},
            "Too few Stage II statements have a real answer (3 of 17; 50% needed) to trust it, so it cannot count yet.",
        ),
        (scoring.NO_ANSWERS, {"stage": 3}, "No Stage III statement has been answered."),
        (
            scoring.REACHING_THRESHOLD,
            {"stage": 2, "evidence": 75.0, "threshold": 62.5},
            "Stage II evidence is 75, reaching the threshold of 62.5.",
        ),
        (
            scoring.BELOW_THRESHOLD,
            {"stage": 2, "evidence": 54.1, "threshold": 60.0},
            "Stage II evidence is 54.1, below the threshold of 60.",
        ),
        (
            scoring.LOWER_STAGE,
            {"stage": 3},
            "Stage III practices show, but stages build on each other: they count once Stage II holds.",
        ),
        (
            scoring.FITS_BEST,
            {"patterns": ("S1-P2",)},
            "Of the Stage I patterns, the window dressing pattern fits best.",
        ),
        (
            scoring.FITS_BEST,
            {"patterns": ("S1-P2", "S1-P4")},
            "Of the Stage I patterns, the window dressing and last resort patterns fit best.",
        ),
        (
            results.FITS_BEST_QUOTED,
            {"patterns": ("S1-P2", "S1-P4")},
            "Of the Stage I patterns, 'window dressing, last resort' fits best.",
        ),
        (scoring.PLACED, {"stage": 1}, "So the alliance is at Stage I."),
        (results.AS_STORED, {"text": "As it was decided."}, "As it was decided."),
    ],
)
def test_each_reason_code_composes_its_sentence(code, figures, sentence):
    """The code and figures give the sentence, pattern names from the result, in lower case."""
    assert reasons.sentence(Reason(code, figures), result([], PATTERNS)) == sentence


def test_sentences_keep_the_stored_order():
    """One sentence a reason, in the order the result stores them."""
    stored = result([], reasons=[Reason(scoring.PLACED, {"stage": 2}), Reason(scoring.NO_ANSWERS, {"stage": 3})])
    assert reasons.sentences(stored) == ["So the alliance is at Stage II.", "No Stage III statement has been answered."]


def test_an_unknown_code_is_refused():
    """A code without a sentence is an error, not an empty line."""
    with pytest.raises(ValueError, match="^no sentence for the reason code 'luck'$"):
        reasons.sentence(Reason("luck"), result([]))


def test_a_stage_held_back_by_symptoms_says_where_they_stand_against_their_ceiling():
    """Stage II at 81.2 with symptoms at 50: held back by the symptoms, at or above their ceiling of 50."""
    stages = [stage(1, 50.0), stage(2, 81.2, "symptoms"), stage(3, 75.0, "lower_stage")]
    found = result(stages)
    assert reasons.why_not_held(stages[1], found) == "Stage I symptoms stand at 50, at or above their ceiling of 50"
    assert reasons.why_not_held(stages[2], found) == "Stage II does not hold, and the stages build on each other"


def test_a_stage_below_its_threshold_says_its_evidence_and_the_threshold():
    """Stage III at 62.5 against 70: "its evidence, 62.5, is below the threshold of 70"."""
    stages = [stage(1, 20.0), stage(2, 75.0), stage(3, 62.5, "below_threshold")]
    found = result(stages, placed=2)
    assert reasons.why_not_held(stages[2], found) == "its evidence, 62.5, is below the threshold of 70"


def test_a_stage_with_no_real_answer_says_so():
    """Evidence None (only "don't know") below threshold: none of its statements has a real answer."""
    stages = [stage(1, 20.0), stage(2, 75.0), stage(3, None, "below_threshold")]
    assert reasons.why_not_held(stages[2], result(stages, placed=2)) == "none of its statements has a real answer"


def test_a_thin_stage_says_how_many_statements_need_a_real_answer():
    """Too few answers: 50% of its statements need a real answer (the stored minimum coverage)."""
    stages = [stage(1, 20.0), stage(2, 80.0, "too_few_answers"), stage(3, 80.0, "lower_stage")]
    assert reasons.why_not_held(stages[1], result(stages)) == "50% of its statements need a real answer"


def test_holding_stages_stage_one_and_older_results_give_no_reason():
    """A stage that holds, Stage I, and a stage stored before "blocked_by" existed say nothing."""
    stages = [stage(1, 20.0), stage(2, 75.0, holds=True), stage(3, 40.0)]
    found = result(stages, placed=2)
    assert [reasons.why_not_held(s, found) for s in stages] == ["", "", ""]
