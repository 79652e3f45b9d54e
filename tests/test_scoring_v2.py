"""The scoring rules of version 2, against the real default questionnaire; no database needed."""

import dataclasses
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import criteria_io, reasons, results, scoring, scoring_v2
from assessments.scoring import Contradiction, Reason, Shortfall, Thresholds, Undetermined

V1 = criteria_io.scoring_criteria(criteria_io.parse(criteria_io.DEFAULT_FILE.read_text()))
V2 = dataclasses.replace(V1, rules=2)
STAGE_OF = {p.code: p.stage for p in V1.patterns}
CODES = [i.code for i in V1.items]
# Warning signs and the practices they contradict, as a version 2 questionnaire would hold them.
PAIRS = {"S1-P1-06": ("S2-P1-01",), "S1-P2-03": ("S3-P2-01",), "S1-P1-03": ("S2-P4-02",)}
PAIRED = dataclasses.replace(
    V2, items=tuple(dataclasses.replace(i, contradicts=PAIRS.get(i.code, ())) for i in V1.items)
)


def codes(stage=None, pattern=None):
    return [
        i.code
        for i in V1.items
        if (stage is None or STAGE_OF.get(i.pattern) == stage) and (pattern is None or i.pattern == pattern)
    ]


def answer_by_stage(s1, s2, s3, principles, **overrides):
    """Every item answered: by the stage of its pattern, principle-only items with `principles`."""
    by_stage = {1: s1, 2: s2, 3: s3, None: principles}
    answers = {i.code: by_stage[STAGE_OF.get(i.pattern)] for i in V1.items}
    answers.update(overrides)
    return answers


def with_pattern(answers, pattern, value):
    return {**answers, **dict.fromkeys(codes(pattern=pattern), value)}


def test_one_pattern_at_the_ceiling_holds_stage_one_and_is_named():
    """Last resort answered "strongly agree" throughout holds a Stage III alliance at Stage I, named as why."""
    answers = with_pattern(answer_by_stage(1, 5, 5, 5), "S1-P4", 5)
    assert scoring.score(V1, answers).stage == 3  # averaged away among the 18 warning signs (27.5)
    result = scoring.score(V2, answers)
    assert result.stage == 1
    assert result.best_fit == result.verdict.named == ("S1-P4",)
    assert result.reasons[0] == Reason(
        scoring_v2.PATTERN_AT_CEILING, {"pattern": "S1-P4", "evidence": 100.0, "ceiling": 50.0}
    )
    assert [s.blocked_by for s in result.stages] == [None, scoring.SYMPTOMS, scoring.SYMPTOMS]
    assert result.verdict.diagnosis == scoring_v2.DIAGNOSED
    assert [(g.kind, g.diagnosis) for g in result.gaps] == [(scoring.SYMPTOM, "S1-P4")] * 5
    assert result.stages[0].evidence == 27.5  # the mean of all warning signs stays below the ceiling
    assert (
        reasons.why_not_held(result.stages[1], result)
        == "a Stage I pattern stands at 100, at or above the ceiling of 50"
    )
    assert reasons.sentence(result.reasons[0], result) == (
        "The last resort pattern stands at 100, at or above the ceiling of 50, "
        "so it holds the alliance at Stage I whatever else holds."
    )


def test_a_strong_pattern_below_a_higher_ceiling_is_named_among_what_holds_the_alliance_back():
    """With a ceiling of 70, window dressing at 66.7 lets Stage III hold but is named as holding it back."""
    criteria = dataclasses.replace(V2, thresholds=Thresholds(symptom_ceiling=70.0))
    answers = answer_by_stage(1, 5, 5, 5, **{"S1-P2-01": 5, "S1-P2-02": 4, "S1-P2-03": 3, "S1-P2-04": 2})
    result = scoring.score(criteria, answers)
    assert result.stage == 3
    assert result.best_fit == ()
    assert result.verdict.named == ("S1-P2",)
    assert result.verdict.at_risk[0] == Reason(
        scoring_v2.STRONG_PATTERN, {"pattern": "S1-P2", "evidence": 66.7, "floor": 60.0}
    )
    assert reasons.verdict_sentences(result)[0] == (
        "The window dressing pattern shows strongly, at 66.7, and holds the alliance back."
    )


def test_cherry_picked_stage_three_answers_leave_it_undetermined():
    """Seven Stage III answers with the value-chain statements unknown do not give Stage III: it is undetermined."""
    unknown = dict.fromkeys(codes(pattern="S3-P4") + ["S3-P3-03", "S3-P3-04"])
    answers = answer_by_stage(1, 5, 5, 5, **unknown)
    assert scoring.score(V1, answers).stage == 3
    result = scoring.score(V2, answers)
    assert result.stage == 2
    assert result.too_thin is False
    assert [s.blocked_by for s in result.stages] == [None, None, scoring_v2.UNDETERMINED]
    assert result.verdict.undetermined == (Undetermined(3, (Shortfall("S3-P4", 0, 5, 3),)),)
    missing = ({"pattern": "S3-P4", "answered": 0, "total": 5, "needed": 3},)
    assert Reason(scoring_v2.STAGE_UNDETERMINED, {"stage": 3, "missing": missing}) in result.reasons
    assert reasons.sentence(Reason(scoring_v2.STAGE_UNDETERMINED, {"stage": 3, "missing": missing}), result) == (
        "Stage III cannot be judged yet: "
        "it needs a real answer to 3 more statements on re-engineering (0 of 5 answered)."
    )
    assert (
        reasons.why_not_held(result.stages[2], result) == "some of its patterns have too few real answers to be judged"
    )


def test_a_submission_is_too_thin_only_when_nothing_has_a_real_answer():
    """Only warning signs answered is undetermined above Stage I but counts; only "don't know" is too thin."""
    signs_only = scoring.score(V2, {code: 1 + n % 2 for n, code in enumerate(codes(stage=1))})
    assert (signs_only.stage, signs_only.too_thin) == (1, False)
    assert [u.stage for u in signs_only.verdict.undetermined] == [2, 3]
    assert signs_only.verdict.diagnosis == scoring_v2.UNJUDGED
    assert scoring.score(V2, dict.fromkeys(CODES)).too_thin is True


def test_straight_lining_names_no_pattern_but_the_stage_follows_the_rules():
    """ "Agree" to everything: held at Stage I by the warning signs, no pattern named, the answers flagged."""
    assert scoring.score(V1, dict.fromkeys(CODES, 4)).best_fit == ("S1-P1", "S1-P2", "S1-P3", "S1-P4")
    result = scoring.score(V2, dict.fromkeys(CODES, 4))
    assert result.stage == 1
    assert (result.verdict.reliable, result.verdict.straight_lined, result.verdict.named) == (False, 4, ())
    assert result.verdict.diagnosis == scoring_v2.UNREADABLE
    assert result.reasons[:2] == (
        Reason(scoring_v2.UNRELIABLE_ANSWERS, {"straight_lined": 4, "answered": 74, "contradictions": ()}),
        Reason(scoring_v2.WARNING_SIGNS_AT_CEILING, {"evidence": 75.0, "ceiling": 50.0}),
    )
    assert reasons.sentence(result.reasons[0], result) == (
        "The answers cannot be read reliably: the same answer was given to all 74 statements answered. "
        "So no pattern is named; the stage still follows the rules."
    )


def test_neutral_warning_signs_name_no_pattern():
    """ "Neither" to every warning sign reaches the ceiling of 50, but the naming floor sits above it."""
    result = scoring.score(V2, answer_by_stage(3, 4, 4, 4))
    assert result.verdict.reliable
    assert result.stage == 1
    assert result.best_fit == result.verdict.named == ()
    assert result.reasons[0] == Reason(scoring_v2.WARNING_SIGNS_AT_CEILING, {"evidence": 50.0, "ceiling": 50.0})


def test_contradictory_pairs_name_no_pattern_and_never_lift_the_stage():
    """Agreeing with a warning sign and the practice it contradicts flags the answers; the stage stays Stage I."""
    answers = with_pattern(answer_by_stage(1, 5, 5, 5), "S1-P2", 5)
    result = scoring.score(PAIRED, answers)
    assert result.stage == 1
    assert result.verdict.contradictions == (Contradiction("S1-P2-03", "S3-P2-01"),)
    assert (result.verdict.reliable, result.verdict.named, result.best_fit) == (False, (), ())
    assert result.reasons[:2] == (
        Reason(
            scoring_v2.UNRELIABLE_ANSWERS,
            {
                "straight_lined": None,
                "answered": 74,
                "contradictions": ({"warning_sign": "S1-P2-03", "practice": "S3-P2-01"},),
            },
        ),
        Reason(scoring_v2.WARNING_SIGNS_AT_CEILING, {"evidence": 100.0, "ceiling": 50.0}),
    )
    assert reasons.sentence(result.reasons[0], result) == (
        "The answers cannot be read reliably: 1 warning sign was agreed with together with the practice it "
        "contradicts. So no pattern is named; the stage still follows the rules."
    )


def test_no_warning_signs_and_too_little_stage_two_is_not_yet_strategic():
    """No warning sign and Stage II below its threshold reads "not yet Strategic", with the missing practices."""
    answers = answer_by_stage(1, 2, 2, 3, **{"S2-P1-01": 4, "S2-P2-01": 4})
    result = scoring.score(V2, answers)
    assert result.stage == 1
    assert result.stages[1].evidence == 31.9
    missing = ("S2-P4-01", "S2-P1-02", "S2-P1-03", "S2-P2-02", "S2-P2-03", "S2-P3-01", "S2-P3-02", "S2-P3-03")
    missing += ("S2-P4-02", "S2-P4-03", "S2-P4-04", "S2-P5-01", "S2-P5-02", "S2-P5-03", "S2-P5-04")
    assert result.reasons[-2:] == (
        Reason(scoring_v2.NOT_YET_STRATEGIC, {"missing": missing}),
        Reason(scoring.PLACED, {"stage": 1}),
    )
    assert (result.best_fit, result.verdict.diagnosis, result.verdict.no_warning_signs) == (
        (),
        scoring_v2.NOT_YET_STRATEGIC,
        True,
    )
    assert {g.diagnosis for g in result.gaps if g.kind == scoring.NEXT_STAGE} == {scoring_v2.NOT_YET_STRATEGIC}
    assert reasons.sentence(result.reasons[-2], result) == (
        "No warning sign shows: the alliance is not yet Strategic, with 15 Stage II practices still missing."
    )


def test_one_warning_sign_agreed_with_is_no_longer_not_yet_strategic():
    """A single warning sign agreed with, even below the ceiling, is not read as "not yet Strategic"."""
    answers = answer_by_stage(1, 2, 2, 3, **{"S1-P4-02": 4})
    result = scoring.score(V2, answers)
    assert result.stage == 1
    assert result.verdict.no_warning_signs is False
    assert scoring_v2.NOT_YET_STRATEGIC not in [r.code for r in result.reasons]
    assert result.verdict.diagnosis == scoring_v2.HELD


def test_strengths_are_practices_present_never_a_denied_warning_sign():
    """Denied warning signs lift a version 1 result most; version 2 strengths are the practices agreed with."""
    answers = answer_by_stage(1, 4, 2, 2, **{"C03-01": 5})
    assert {f.code for f in scoring.score(V1, answers).lifts} == {"S1-P1-01", "S1-P2-01", "S1-P3-01"}
    result = scoring.score(V2, answers)
    assert [f.code for f in result.lifts] == ["C03-01", "S2-P1-01", "S2-P4-01"]
    assert set(result.verdict.strengths) == set(codes(stage=2)) | {"C03-01"}
    assert result.verdict.no_warning_signs is True
    assert reasons.verdict_sentences(result)[-1] == "No warning sign shows in the answers."
    assert len(result.verdict.findings) == len(CODES)


def test_stage_three_still_names_its_weakest_pattern_and_principle_and_what_keeps_it_at_risk():
    """A Stage III alliance with one pattern below its threshold and one principle low is told so, with gaps."""
    answers = answer_by_stage(1, 5, 5, 5, **dict.fromkeys(codes(pattern="S3-P3"), 3), **{"C05-01": 1, "C05-02": 1})
    result = scoring.score(V2, answers)
    assert result.stage == 3
    assert result.verdict.at_risk == (
        Reason(scoring_v2.PATTERN_BELOW, {"stage": 3, "pattern": "S3-P3", "evidence": 50.0, "threshold": 60.0}),
        Reason(scoring_v2.LOW_PRINCIPLE, {"principle": 5, "score": 33.3, "below": 50.0}),
    )
    assert result.verdict.weakest == (
        Reason(scoring_v2.WEAKEST_PATTERN, {"pattern": "S3-P3", "evidence": 50.0}),
        Reason(scoring_v2.WEAKEST_PRINCIPLE, {"principle": 5, "score": 33.3}),
    )
    assert [g.code for g in result.gaps] == codes(pattern="S3-P3")
    assert {g.kind for g in result.gaps} == {scoring_v2.AT_RISK}
    assert reasons.verdict_sentences(result) == [
        "The inter-linked system pattern stands at 50, below the Stage III threshold of 60, "
        "which keeps the stage at risk.",
        "The principle “Disciplined Improvement Approach” scores 33.3, below 50, which keeps the stage at risk.",
        "The weakest pattern of practice is inter-linked system, at 50.",
        "The weakest principle is “Disciplined Improvement Approach”, at 33.3.",
        "No warning sign shows in the answers.",
    ]


def test_a_warning_sign_linked_to_a_principle_counts_inverted_in_its_score():
    """Agreeing with a warning sign linked to a principle lowers that principle's score; denying it raises it."""
    linked = dataclasses.replace(
        V2, items=tuple(dataclasses.replace(i, principle=2) if i.code == "S1-P3-01" else i for i in V2.items)
    )

    def principle_two(sign):
        return scoring.score(linked, answer_by_stage(1, 5, 5, 5, **{"S1-P3-01": sign})).principles[1].score

    assert (principle_two(5), principle_two(1)) == (76.9, 100.0)  # (5 × 100 + 1.5 × 0) / 6.5


def test_a_version_two_result_reads_back_from_what_it_stores():
    """The stored verdict, gap diagnoses included, reads back into the same result."""
    held = with_pattern(answer_by_stage(1, 5, 5, 5), "S1-P4", 5)
    undetermined = with_pattern(answer_by_stage(1, 5, 5, 5), "S3-P4", None)
    for answers in (held, undetermined):
        result = scoring.score(PAIRED, answers)
        assert results.read(result.to_dict()) == result


def test_a_version_one_result_stores_no_verdict():
    """Version 1 results keep their stored shape: no verdict, no gap diagnosis."""
    data = scoring.score(V1, answer_by_stage(1, 4, 2, 4)).to_dict()
    assert "verdict" not in data
    assert all("diagnosis" not in gap for gap in data["gaps"])
    assert results.read(data).verdict is None


def test_unknown_rules_are_refused():
    """Criteria asking for rules that do not exist are refused, naming the version."""
    with pytest.raises(ValueError, match="^no scoring rules of version 3$"):
        scoring.score(dataclasses.replace(V1, rules=3), {})


answer_values = st.one_of(st.none(), st.integers(1, 5))
answer_sets = st.one_of(
    st.dictionaries(st.sampled_from(CODES), answer_values),
    st.fixed_dictionaries(dict.fromkeys(CODES, st.integers(1, 5))),
)


def movable(answers, stage, step):
    """Every answered item of `stage` that can go one step in the direction of `step`."""
    return [c for c in codes(stage=stage) if answers.get(c) is not None and 1 <= answers[c] + step <= 5]


@settings(max_examples=150, deadline=None)
@given(answer_sets, st.data())
def test_raising_a_practice_answer_never_lowers_the_stage(answers, data):
    """Under version 2 rules, more agreement with a Stage II or III practice never lowers the stage."""
    candidates = movable(answers, 2, 1) + movable(answers, 3, 1)
    assume(candidates)
    code = data.draw(st.sampled_from(candidates))
    before = scoring.score(PAIRED, answers).stage
    assert scoring.score(PAIRED, {**answers, code: answers[code] + 1}).stage >= before


@settings(max_examples=150, deadline=None)
@given(answer_sets, st.data())
def test_lowering_a_warning_sign_never_lowers_the_stage(answers, data):
    """Under version 2 rules, less agreement with a Stage I warning sign never lowers the stage."""
    candidates = movable(answers, 1, -1)
    assume(candidates)
    code = data.draw(st.sampled_from(candidates))
    before = scoring.score(PAIRED, answers).stage
    assert scoring.score(PAIRED, {**answers, code: answers[code] - 1}).stage >= before


@settings(max_examples=100, deadline=None)
@given(answer_sets, st.randoms(use_true_random=False))
def test_order_of_items_never_matters_under_version_two(answers, rnd: random.Random):
    """Shuffling the questionnaire's items and the answers gives the same version 2 result."""
    items = list(PAIRED.items)
    rnd.shuffle(items)
    shuffled = dict(sorted(answers.items(), key=lambda _: rnd.random()))
    assert scoring.score(dataclasses.replace(PAIRED, items=tuple(items)), shuffled) == scoring.score(PAIRED, answers)


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_every_version_two_figure_stays_within_bounds(answers):
    """Evidence, scores and coverage stay within 0 and 100, and the stage within I and III."""
    result = scoring.score(PAIRED, answers)
    figures = [result.coverage] + [s.evidence for s in result.stages] + [s.coverage for s in result.stages]
    figures += [p.evidence for p in result.patterns] + [p.score for p in result.principles]
    assert all(0 <= f <= 100 for f in figures if f is not None)
    assert 1 <= result.stage <= 3


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_response_style_never_changes_the_stage_and_unreliable_answers_name_no_pattern(answers):
    """Contradictory pairs change what is named, never the stage; an unreliable result names no pattern."""
    paired = scoring.score(PAIRED, answers)
    assert paired.stage == scoring.score(V2, answers).stage
    if not paired.verdict.reliable:
        assert paired.verdict.named == paired.best_fit == ()
    assert not set(paired.verdict.strengths) & set(codes(stage=1))


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_every_version_two_result_reads_back_and_words_every_code(answers):
    """What version 2 stores reads back unchanged; every reason, finding and blocker has its words."""
    result = scoring.score(PAIRED, answers)
    assert results.read(result.to_dict()) == result
    assert all(reasons.sentences(result))
    assert all(reasons.verdict_sentences(result))
    assert all(reasons.why_not_held(s, result) for s in result.stages if s.blocked_by)


def test_a_pattern_without_statements_in_the_version_waits_for_no_answer():
    """A pattern that has no statement in this questionnaire version leaves its stage judged by the others."""
    criteria = dataclasses.replace(V2, items=tuple(i for i in V2.items if i.pattern != "S3-P1"))
    result = scoring.score(
        criteria, {code: v for code, v in answer_by_stage(1, 5, 5, 5).items() if "S3-P1" not in code}
    )
    assert result.stage == 3
    assert result.verdict.undetermined == ()
