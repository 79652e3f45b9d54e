"""The scoring service, against the real default questionnaire; no database needed."""

import dataclasses
import json
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import criteria_io, scoring

CRITERIA = criteria_io.scoring_criteria(criteria_io.parse(criteria_io.DEFAULT_FILE.read_text()))
STAGE_OF = {p.code: p.stage for p in CRITERIA.patterns}
CODES = [i.code for i in CRITERIA.items]


def stage_of(item):
    return STAGE_OF.get(item.pattern)


def answer_by_stage(s1, s2, s3, principles, **overrides):
    """Every item answered: by the stage of its pattern, principle-only items with `principles`."""
    by_stage = {1: s1, 2: s2, 3: s3, None: principles}
    answers = {i.code: by_stage[stage_of(i)] for i in CRITERIA.items}
    answers.update(overrides)
    return answers


def codes(stage=None, pattern=None):
    return [
        i.code
        for i in CRITERIA.items
        if (stage is None or stage_of(i) == stage) and (pattern is None or i.pattern == pattern)
    ]


def test_window_dressing_alliance_is_stage_one_and_names_the_pattern():
    """Strong window-dressing symptoms and little strategy place an alliance at Stage I, window dressing."""
    answers = answer_by_stage(2, 2, 1, 2, **dict.fromkeys(codes(pattern="S1-P2"), 5))
    result = scoring.score(CRITERIA, answers)
    assert result.stage == 1
    assert result.best_fit == ("S1-P2",)
    assert result.stages[0].evidence >= 25
    assert not result.too_thin
    assert result.reasons[-2:] == (
        scoring.Reason(scoring.FITS_BEST, {"patterns": ("S1-P2",)}),
        scoring.Reason(scoring.PLACED, {"stage": 1}),
    )


def test_strategic_alliance_is_stage_two():
    """Agreement with Stage II, little Stage III and few symptoms make a Stage II alliance."""
    result = scoring.score(CRITERIA, answer_by_stage(1, 4, 2, 4))
    assert result.stage == 2
    assert result.stage_name == CRITERIA.stages[1].name
    assert result.reasons == (
        scoring.Reason(scoring.SYMPTOMS_BELOW, {"symptoms": 0.0, "ceiling": 50.0}),
        scoring.Reason(scoring.REACHING_THRESHOLD, {"stage": 2, "evidence": 75.0, "threshold": 60.0}),
        scoring.Reason(scoring.BELOW_THRESHOLD, {"stage": 3, "evidence": 25.0, "threshold": 60.0}),
        scoring.Reason(scoring.PLACED, {"stage": 2}),
    )
    assert [s.holds for s in result.stages] == [True, True, False]
    assert result.best_fit == ()
    assert {g.code for g in result.gaps} <= set(codes(stage=3))
    assert len(result.gaps) == scoring.GAPS_SHOWN


def test_value_network_alliance_is_stage_three_with_no_gaps():
    """Full agreement with Stages II and III and no symptoms make a Stage III alliance."""
    result = scoring.score(CRITERIA, answer_by_stage(1, 5, 5, 5))
    assert result.stage == 3
    assert result.gaps == ()
    assert all(p.score == 100 for p in result.principles)
    assert result.coverage == 100


def test_uneven_alliance_that_agrees_with_stage_three_but_not_two_stays_below():
    """Stages are cumulative: Stage III practices without Stage II do not count."""
    result = scoring.score(CRITERIA, answer_by_stage(2, 2, 5, 3))
    assert result.stage == 1
    assert result.stages[2].evidence == 100
    assert result.stages[2].holds is False
    assert scoring.Reason(scoring.LOWER_STAGE, {"stage": 3}) in result.reasons
    assert {g.code for g in result.gaps} <= set(codes(stage=2))


def test_dominant_symptoms_keep_a_strategic_alliance_at_stage_one():
    """Stage II evidence alone is not enough while Stage I symptoms dominate, and the result says so."""
    result = scoring.score(CRITERIA, answer_by_stage(5, 5, 5, 5))
    assert result.stage == 1
    assert result.stages[0].evidence == 100
    assert result.reasons[0] == scoring.Reason(
        scoring.SYMPTOMS_DOMINATE,
        {"symptoms": 100.0, "ceiling": 50.0, "patterns": ("S1-P1", "S1-P2", "S1-P3", "S1-P4")},
    )
    assert [s.blocked_by for s in result.stages] == [None, scoring.SYMPTOMS, scoring.SYMPTOMS]


def test_dominant_symptoms_are_the_first_things_to_work_on():
    """While symptoms block, the gaps start with the strongest symptoms, then the weak Stage II items."""
    symptom = codes(stage=1)
    answers = answer_by_stage(2, 5, 5, 5, **dict.fromkeys(symptom[:10], 5))
    answers[codes(stage=2)[0]] = 3
    result = scoring.score(CRITERIA, answers)
    assert result.stage == 1
    kinds = [g.kind for g in result.gaps]
    assert kinds == [scoring.SYMPTOM] * scoring.GAPS_SHOWN + [scoring.NEXT_STAGE]
    weights = {i.code: i.weight for i in CRITERIA.items}
    heaviest_first = sorted(symptom[:10], key=lambda c: (-weights[c], c))[: scoring.GAPS_SHOWN]
    assert [g.code for g in result.gaps[: scoring.GAPS_SHOWN]] == heaviest_first
    assert result.gaps[-1].code == codes(stage=2)[0]


def test_each_stage_that_does_not_hold_says_why():
    """A stage below its threshold, one with too few answers, and one above a stage that fails each say so."""
    below = scoring.score(CRITERIA, answer_by_stage(1, 2, 5, 3))
    assert [s.blocked_by for s in below.stages] == [None, scoring.BELOW_THRESHOLD, scoring.LOWER_STAGE]
    thin = scoring.score(CRITERIA, answer_by_stage(1, None, 2, 3))
    assert [s.blocked_by for s in thin.stages] == [None, scoring.TOO_FEW_ANSWERS, scoring.BELOW_THRESHOLD]
    top = scoring.score(CRITERIA, answer_by_stage(1, 5, 5, 5))
    assert [s.blocked_by for s in top.stages] == [None, None, None]


def test_several_best_fitting_patterns_are_named_together():
    """When several Stage I patterns fit equally, the reasons name them all, in plural."""
    answers = answer_by_stage(1, 2, 1, 2, **dict.fromkeys(codes(pattern="S1-P1") + codes(pattern="S1-P4"), 5))
    result = scoring.score(CRITERIA, answers)
    assert result.best_fit == ("S1-P1", "S1-P4")
    assert result.reasons[0].code == scoring.SYMPTOMS_DOMINATE
    assert result.reasons[0].figures["patterns"] == ("S1-P1", "S1-P4")


def test_dont_know_is_a_response_but_not_evidence():
    """'Don't know' counts as answered, not as evidence, and too many make the stage too thin to count."""
    stage_two = codes(stage=2)
    answers = answer_by_stage(1, 5, 1, 4, **dict.fromkeys(stage_two[1:], None))
    result = scoring.score(CRITERIA, answers)
    assert result.answered == len(CODES)
    assert result.stages[1].answered == 1
    assert result.stages[1].evidence == 100
    assert result.stages[1].thin is True
    assert result.too_thin is True
    assert result.stage == 1
    assert result.coverage == round(100 * (len(CODES) - len(stage_two) + 1) / len(CODES), 1)


def test_unanswered_questionnaire_scores_stage_one_with_no_evidence():
    """With no answer at all, nothing is claimed: Stage I, every figure empty, too thin."""
    result = scoring.score(CRITERIA, {})
    assert result.stage == 1
    assert result.answered == 0
    assert all(s.evidence is None for s in result.stages)
    assert all(p.score is None for p in result.principles)
    assert result.too_thin
    assert result.lifts == result.holds_back == ()


def test_item_weight_counts_in_the_evidence():
    """A weight of 3 counts an answer three times in its pattern's mean."""
    criteria = dataclasses.replace(
        CRITERIA,
        items=tuple(
            dataclasses.replace(i, weight=3.0) if i.code == codes(pattern="S2-P1")[0] else i for i in CRITERIA.items
        ),
    )
    first, *rest = codes(pattern="S2-P1")
    answers = {first: 5, **dict.fromkeys(rest, 1)}
    pattern = next(p for p in scoring.score(criteria, answers).patterns if p.code == "S2-P1")
    assert pattern.evidence == round(100 * 3 / (3 + len(rest)), 1)


def test_lifts_and_hold_backs_name_the_strongest_answers():
    """The answers that lift most and hold back most are ranked by their signed impact."""
    answers = answer_by_stage(3, 3, 3, 3)
    top_lift, top_drag = codes(stage=2)[0], codes(stage=3)[0]
    symptom = codes(stage=1)[0]
    answers.update({top_lift: 5, top_drag: 1, symptom: 5})
    result = scoring.score(CRITERIA, answers)
    assert [f.code for f in result.lifts] == [top_lift]
    assert {f.code for f in result.holds_back} == {top_drag, symptom}
    weights = {i.code: i.weight for i in CRITERIA.items}
    assert {f.code: f.impact for f in result.holds_back} == {c: -50 * weights[c] for c in (top_drag, symptom)}


def test_gap_carries_its_principle_and_commitment():
    """A gap linked to a principle's commitment names that commitment."""
    linked = next(i for i in CRITERIA.items if stage_of(i) == 3 and i.commitment)
    result = scoring.score(CRITERIA, answer_by_stage(1, 5, 3, 4, **{linked.code: 1}))
    assert result.stage == 2
    gap = result.gaps[0]
    principle = next(p for p in CRITERIA.principles if p.number == linked.principle)
    assert (gap.code, gap.principle_name) == (linked.code, principle.name)
    assert gap.commitments == (principle.commitments[linked.commitment - 1],)


def test_thresholds_decide_the_stage():
    """Lowering the Stage II threshold lifts a borderline alliance; the result records the thresholds."""
    answers = answer_by_stage(1, 3, 1, 3)
    assert scoring.score(CRITERIA, answers).stage == 1
    lenient = dataclasses.replace(CRITERIA, thresholds=scoring.Thresholds(stage_two=50))
    result = scoring.score(lenient, answers)
    assert result.stage == 2
    assert result.thresholds.stage_two == 50


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"NOPE-01": 3}, "unknown item code 'NOPE-01'"),
        ({CODES[0]: 6}, f"answer to {CODES[0]} must be 1-5 or null, not 6"),
        ({CODES[0]: "4"}, f"answer to {CODES[0]} must be 1-5 or null, not '4'"),
        ({CODES[0]: True}, f"answer to {CODES[0]} must be 1-5 or null, not True"),
    ],
)
def test_invalid_answers_are_refused_with_the_problem_named(answers, message):
    """Unknown codes and values off the scale are refused, naming the problem."""
    with pytest.raises(scoring.InvalidAnswers, match=f"^{message}$"):
        scoring.score(CRITERIA, answers)


def test_result_is_json_ready():
    """The stored form of a result survives a JSON round trip unchanged."""
    data = scoring.score(CRITERIA, answer_by_stage(2, 4, 3, 4)).to_dict()
    assert json.loads(json.dumps(data)) == data


def test_stored_form_has_its_schema_and_each_reason_as_a_code_beside_its_figures():
    """to_dict says schema 2, and a reason reads {"code": …, figures…}, as results.py reads it back."""
    data = scoring.score(CRITERIA, answer_by_stage(1, 4, 2, 4)).to_dict()
    assert data["schema"] == scoring.SCHEMA == 2
    assert data["reasons"][2] == {"code": "below_threshold", "stage": 3, "evidence": 25.0, "threshold": 60.0}
    assert data["reasons"][-1] == {"code": "placed", "stage": 2}


answer_values = st.one_of(st.none(), st.integers(1, 5))
# Partial answer sets, and complete ones (where every stage has enough evidence to count).
answer_sets = st.one_of(
    st.dictionaries(st.sampled_from(CODES), answer_values),
    st.fixed_dictionaries(dict.fromkeys(CODES, st.integers(1, 5))),
)


def raised(answers, stage):
    """Every answered item of `stage` that can go one step up."""
    return [c for c in codes(stage=stage) if answers.get(c) is not None and answers[c] < 5]


@settings(max_examples=150, deadline=None)
@given(answer_sets, st.data())
def test_more_agreement_with_stage_two_or_three_never_lowers_the_stage(answers, data):
    """Raising agreement on a Stage II or III statement never lowers the stage."""
    candidates = raised(answers, 2) + raised(answers, 3)
    assume(candidates)
    code = data.draw(st.sampled_from(candidates))
    before = scoring.score(CRITERIA, answers).stage
    after = scoring.score(CRITERIA, {**answers, code: answers[code] + 1}).stage
    assert after >= before


@settings(max_examples=150, deadline=None)
@given(answer_sets, st.data())
def test_more_agreement_with_a_symptom_never_raises_the_stage(answers, data):
    """Raising agreement on a Stage I symptom never raises the stage."""
    candidates = raised(answers, 1)
    assume(candidates)
    code = data.draw(st.sampled_from(candidates))
    before = scoring.score(CRITERIA, answers).stage
    after = scoring.score(CRITERIA, {**answers, code: answers[code] + 1}).stage
    assert after <= before


@settings(max_examples=100, deadline=None)
@given(answer_sets, st.randoms(use_true_random=False))
def test_order_of_items_never_matters(answers, rnd: random.Random):
    """Shuffling the questionnaire's items and the answers gives the same result."""
    items = list(CRITERIA.items)
    rnd.shuffle(items)
    shuffled = dict(sorted(answers.items(), key=lambda _: rnd.random()))
    assert scoring.score(dataclasses.replace(CRITERIA, items=tuple(items)), shuffled) == scoring.score(
        CRITERIA, answers
    )


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_every_figure_stays_within_0_and_100(answers):
    """Evidence, scores and coverage are always between 0 and 100."""
    result = scoring.score(CRITERIA, answers)
    figures = [result.coverage]
    figures += [s.evidence for s in result.stages] + [s.coverage for s in result.stages]
    figures += [p.evidence for p in result.patterns] + [p.score for p in result.principles]
    assert all(0 <= f <= 100 for f in figures if f is not None)
    assert 1 <= result.stage <= 3
