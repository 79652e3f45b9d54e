"""Combining a round's answers per side, the verdict both sides support, and what a viewer may see."""

import functools
import itertools
import random
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import combining, scoring
from assessments.combining import OURS, PARTNER
from assessments.withholding import PORTFOLIO_READER_AMONG_FEW, Withheld

# The README's worked example: four statements, one of them (S2-02) asked of our side only.
CRITERIA = scoring.Criteria(
    stages=(scoring.Stage(1, "Opportunistic", True), scoring.Stage(2, "Strategic"), scoring.Stage(3, "Value network")),
    patterns=(
        scoring.Pattern("S1-P1", 1, "Fragmented", "Fragmented"),
        scoring.Pattern("S2-P1", 2, "Planned", "Planned"),
        scoring.Pattern("S3-P1", 3, "Networked", "Networked"),
    ),
    principles=(scoring.Principle(1, "Trust"), scoring.Principle(2, "Capability")),
    items=(
        scoring.Item("S1-01", "One champion carries the alliance.", pattern="S1-P1", principle=1),
        scoring.Item("S2-01", "The alliance has a joint plan.", pattern="S2-P1", principle=1),
        scoring.Item("S2-02", "Our alliance team is trained for its role.", pattern="S2-P1", principle=2),
        scoring.Item("S3-01", "The partners redesigned their value chain together.", pattern="S3-P1", principle=2),
    ),
)
OURS_ONLY = {"S2-02"}
CODES = [i.code for i in CRITERIA.items]
WORKED_OURS = [
    {"S1-01": 2, "S2-01": 4, "S2-02": 4, "S3-01": 3},
    {"S1-01": 1, "S2-01": 5, "S2-02": 3, "S3-01": None},
    {"S1-01": 2, "S2-01": 4, "S2-02": None, "S3-01": 2},
    {"S1-01": None, "S2-01": 3, "S2-02": 4, "S3-01": None},
]
WORKED_PARTNER = [
    {"S1-01": 2, "S2-01": 3, "S3-01": None},
    {"S1-01": 1, "S2-01": 2, "S3-01": None},
    {"S1-01": 3, "S2-01": 4, "S3-01": 2},
]
VALUES = (None, 1, 2, 3, 4, 5)


def worked_round(**kwargs):
    return combining.combine_round(
        CRITERIA, {OURS: WORKED_OURS, PARTNER: WORKED_PARTNER}, ours_only=OURS_ONLY, **kwargs
    )


def everyone(answers: dict, count: int) -> list[dict]:
    return [dict(answers) for _ in range(count)]


@pytest.mark.parametrize(
    ("values", "combined"),
    [
        ([4, 2, 5, None], 4),  # three real answers of four: the middle one
        ([4, 5], 4),  # an even number: the lower of the two middle answers
        ([1, 1, 5, 5], 1),
        ([5, None, None], None),  # one real answer is not enough
        ([3, 4, None, None, None], None),  # two of five is fewer than half
        ([3, 4, None, None], 3),  # two of four is half: enough
        ([None, None, None], None),
        ([], None),
    ],
)
def test_a_statement_combines_into_the_lower_median_of_its_real_answers(values, combined):
    """The lower median of the real answers; don't know under two real answers or under half of those asked."""
    assert combining.combine_statement(values) == combined


def test_the_worked_example_combines_each_side_on_the_statements_it_is_asked():
    """The README's example: our side is combined on four statements, the partner's on the three it is asked."""
    result = worked_round()
    assert result.side(OURS).combined == {"S1-01": 2, "S2-01": 4, "S2-02": 4, "S3-01": 2}
    assert result.side(PARTNER).combined == {"S1-01": 2, "S2-01": 3, "S3-01": None}
    assert result.stages_by_side() == {OURS: 2, PARTNER: 1}
    assert [(s.evidence, s.answered, s.total) for s in result.side(OURS).result.stages] == [
        (25.0, 1, 1),
        (75.0, 2, 2),
        (25.0, 1, 1),
    ]
    assert [(s.evidence, s.answered, s.total) for s in result.side(PARTNER).result.stages] == [
        (25.0, 1, 1),
        (50.0, 1, 1),
        (None, 0, 1),
    ]


def test_a_statement_the_partner_is_not_asked_does_not_count_against_its_coverage():
    """Marking S2-02 ours-only takes it out of the partner's Stage II total; asked of both, it would halve coverage."""
    partner_stage_two = worked_round().side(PARTNER).result.stages[1]
    assert (partner_stage_two.coverage, partner_stage_two.thin) == (100.0, False)
    asked_of_both = combining.combine_round(CRITERIA, {OURS: WORKED_OURS, PARTNER: WORKED_PARTNER})
    assert asked_of_both.side(PARTNER).result.stages[1].coverage == 50.0


def test_a_partner_answer_to_a_statement_for_our_side_only_is_refused():
    """The partner's people cannot answer an ours-only statement; the error names the respondent and the code."""
    partner = [*WORKED_PARTNER, {"S2-02": 4}]
    with pytest.raises(scoring.InvalidAnswers, match=r"^partner\[3\]: S2-02 is asked of our side only$"):
        combining.combine_round(CRITERIA, {OURS: WORKED_OURS, PARTNER: partner}, ours_only=OURS_ONLY)


@pytest.mark.parametrize(
    ("responses", "ours_only", "message"),
    [
        ({"theirs": []}, set(), "unknown side 'theirs': the sides are 'ours' and 'partner'"),
        ({OURS: [{"S2-01": 6}]}, set(), "ours[0]: answer to S2-01 must be 1-5 or null, not 6"),
        ({OURS: [{}, {"NOPE": 1}]}, set(), "ours[1]: unknown item code 'NOPE'"),
        ({}, {"NOPE"}, "unknown item code 'NOPE' among the statements for our side only"),
    ],
)
def test_responses_that_do_not_fit_the_questionnaire_are_refused(responses, ours_only, message):
    """Unknown sides, codes and values off the scale are refused with the first problem named."""
    with pytest.raises(scoring.InvalidAnswers) as caught:
        combining.combine_round(CRITERIA, responses, ours_only=ours_only)
    assert str(caught.value) == message


def test_the_verdict_is_the_lowest_stage_and_says_where_our_side_sees_more():
    """Our side sees Stage II, the partner's Stage I: the alliance is at Stage I, with both figures recorded."""
    result = worked_round()
    assert (result.stage, result.scope) == (1, combining.BOTH_SIDES)
    assert result.sides_differ == combining.SidesDiffer(
        ours=2, partner=1, stage=2, evidence_ours=75.0, evidence_partner=50.0
    )
    assert result.reasons == {
        OURS: result.side(OURS).result.reasons,
        PARTNER: result.side(PARTNER).result.reasons,
    }
    assert result.reasons[PARTNER][-1] == scoring.Reason("placed", {"stage": 1})


def test_no_difference_is_recorded_when_the_partner_sees_more():
    """Where the partner's people place the alliance higher, the verdict is ours and nothing is flagged."""
    result = combining.combine_round(
        CRITERIA,
        {OURS: WORKED_PARTNER, PARTNER: everyone({"S1-01": 1, "S2-01": 5, "S3-01": 5}, 3)},
        ours_only=OURS_ONLY,
    )
    assert result.stages_by_side() == {OURS: 1, PARTNER: 3}
    assert (result.stage, result.sides_differ) == (1, None)


def test_principle_scores_pool_the_lower_of_the_sides_combined_answers():
    """Each statement counts at the lower side's answer; S2-02 from our side alone; S3-01 where only ours knows."""
    principles = worked_round().principles
    # Trust: S1-01 at 2 (a symptom, so 75) and S2-01 at min(4, 3) = 3 (50). Capability: S2-02 at 4, S3-01 at 2.
    assert [(p.number, p.score, p.answered, p.total) for p in principles] == [(1, 62.5, 2, 2), (2, 50.0, 2, 2)]


def test_one_qualifying_side_measures_that_side_only():
    """With two partner respondents the round measures our side: its stage, its principles, no comparison."""
    result = combining.combine_round(CRITERIA, {OURS: WORKED_OURS, PARTNER: WORKED_PARTNER[:2]}, ours_only=OURS_ONLY)
    assert (result.stage, result.scope) == (2, combining.ONE_SIDE)
    assert result.side(PARTNER) == combining.SideResult(PARTNER, 2, False, {}, None, None)
    assert result.principles == result.side(OURS).result.principles
    assert (result.sides_differ, result.disagreements, list(result.reasons)) == (None, (), [OURS])


def test_a_round_where_no_side_qualifies_has_no_result():
    """Two people on each side: no stage, no principles, only the counts."""
    result = combining.combine_round(CRITERIA, {OURS: WORKED_OURS[:2], PARTNER: WORKED_PARTNER[:2]})
    assert (result.stage, result.scope, result.principles, result.reasons) == (None, combining.NO_SIDE, (), {})
    assert [(s.respondents, s.qualifies) for s in result.sides] == [(2, False), (2, False)]


def test_the_privacy_minimum_is_never_below_three():
    """Asking for a minimum of 1 still needs three respondents; a higher minimum is kept."""
    assert (combining.privacy_minimum(1), combining.privacy_minimum(5)) == (3, 5)
    low = combining.combine_round(CRITERIA, {OURS: WORKED_OURS[:2]}, minimum=1)
    assert (low.minimum, low.stage) == (3, None)
    high = combining.combine_round(CRITERIA, {OURS: WORKED_OURS}, minimum=5)
    assert (high.minimum, high.scope) == (5, combining.NO_SIDE)


@pytest.mark.parametrize(
    ("values", "band"),
    [
        ([4, 4, 5, 3, 4], combining.AGREE),  # all within one point of 4
        ([1, 4, 4, 5, 2], combining.MIXED),  # 3 of 5 within one point of 4
        ([1, 1, 3, 5, 5], combining.SPLIT),  # 1 of 5 within one point of 3
        ([1, 5, None, None, None], None),  # no combined answer, no band
    ],
)
def test_a_statements_band_is_the_share_of_answers_near_its_combined_value(values, band):
    """75% or more within one point of the combined answer agree, 50% or more are mixed, fewer split."""
    assert combining.statement_band(values) == band


def test_a_sides_band_is_the_lower_median_of_its_statements_and_needs_five_people():
    """Five people agreeing on two statements and split on one agree overall; four people get no band."""
    codes = ["S1-01", "S2-01", "S3-01"]
    rows = [(4, 4, 1), (4, 4, 1), (4, 5, 3), (5, 4, 5), (3, 3, 5)]
    five = [dict(zip(codes, row, strict=True)) for row in rows]
    assert [combining.statement_band([r[c] for r in five]) for c in codes] == ["agree", "agree", "split"]
    assert combining.combine_round(CRITERIA, {PARTNER: five}, ours_only=OURS_ONLY).side(PARTNER).band == "agree"
    assert combining.combine_round(CRITERIA, {PARTNER: five[:4]}, ours_only=OURS_ONLY).side(PARTNER).band is None


def test_the_widest_disagreements_come_first_and_only_where_both_sides_answered():
    """Statements both sides answered, ordered by the gap between them, at most DISAGREEMENTS_SHOWN."""
    ours = everyone({"S1-01": 5, "S2-01": 1, "S2-02": 5, "S3-01": 4}, 3)
    partner = everyone({"S1-01": 1, "S2-01": 3, "S3-01": None}, 3)
    result = combining.combine_round(CRITERIA, {OURS: ours, PARTNER: partner}, ours_only=OURS_ONLY)
    assert result.disagreements == (
        combining.Disagreement("S1-01", 5, 1, 4),
        combining.Disagreement("S2-01", 1, 3, 2),
    )


def test_an_outside_viewer_sees_every_qualifying_side():
    """Someone who did not respond sees both sides' figures and the verdict."""
    shown = combining.disclose(worked_round())
    assert [(v.side, v.respondents, v.shown) for v in shown.sides] == [(OURS, 4, True), (PARTNER, 3, True)]
    assert (shown.stage, shown.scope, shown.overall_shown) == (1, combining.BOTH_SIDES, True)
    assert shown.disagreements == worked_round().disagreements


def test_a_viewer_with_too_few_others_on_their_side_sees_its_count_and_no_overall_figures():
    """A partner respondent of three sees that three responded there, and nothing overall: it would give them away."""
    shown = combining.disclose(worked_round(), viewer_side=PARTNER)
    partner = shown.sides[1]
    assert (partner.respondents, partner.qualifies, partner.shown, partner.combined, partner.result) == (
        3,
        True,
        False,
        None,
        None,
    )
    assert shown.sides[0].shown
    assert (shown.overall_shown, shown.stage, shown.scope, shown.principles, shown.sides_differ) == (
        False,
        None,
        None,
        (),
        None,
    )


def test_a_viewer_with_enough_others_on_their_side_sees_everything():
    """One of our four respondents has three others beside them: they see what an outside viewer sees."""
    assert combining.disclose(worked_round(), viewer_side=OURS) == combining.disclose(worked_round())


def test_the_disclosure_as_data_holds_the_stages_and_the_privacy_decisions():
    """to_dict names the overall stage, each side's stage and what was shown to whom."""
    data = combining.disclose(worked_round(), viewer_side=PARTNER).to_dict()
    assert (data["stage"], data["stages_by_side"]) == (None, {OURS: 2, PARTNER: None})
    assert data["privacy"] == {
        "minimum": 3,
        "respondents": {OURS: 4, PARTNER: 3},
        "qualified": {OURS: True, PARTNER: True},
        "shown": {OURS: True, PARTNER: False, "overall": False},
    }
    assert data["sides"][PARTNER] is None
    assert data["sides"][OURS]["combined"] == {"S1-01": 2, "S2-01": 4, "S2-02": 4, "S3-01": 2}


answer = st.sampled_from(VALUES)


@given(st.lists(answer, max_size=12))
def test_a_combined_answer_is_on_the_scale_or_dont_know(values):
    """Whatever people answer, the combined answer is 1-5 or None, and one of the real answers given."""
    combined = combining.combine_statement(values)
    assert combined is None or combined in values


respondent = st.fixed_dictionaries(dict.fromkeys(["S1-01", "S2-01", "S3-01"], answer))


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent, max_size=6), st.lists(respondent, max_size=6), st.randoms(use_true_random=False))
def test_the_order_of_respondents_does_not_matter(ours, partner, shuffler):
    """Shuffling each side's respondents changes nothing in the result or in what anyone is shown."""
    before = combining.combine_round(CRITERIA, {OURS: ours, PARTNER: partner}, ours_only=OURS_ONLY)
    shuffler.shuffle(ours)
    shuffler.shuffle(partner)
    after = combining.combine_round(CRITERIA, {OURS: ours, PARTNER: partner}, ours_only=OURS_ONLY)
    assert after == before
    for viewer in (None, OURS, PARTNER):
        assert combining.disclose(after, viewer_side=viewer) == combining.disclose(before, viewer_side=viewer)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(respondent, max_size=6),
    st.lists(respondent, max_size=6),
    st.sets(st.sampled_from(combining.SIDES), min_size=1),
)
def test_withholding_a_closed_rounds_sides_equals_closing_with_them_withheld(ours, partner, sides):
    """Judged again from what a round stores, with sides withheld, the result is the one closing would have given
    had it withheld them: the verdict, scope, pooled principles and disagreements of the sides left."""
    responses = {OURS: ours, PARTNER: partner}
    closed = combining.combine_round(CRITERIA, responses, ours_only=OURS_ONLY)
    reasons = {side: Withheld(PORTFOLIO_READER_AMONG_FEW, respondents=len(responses[side]), needed=4) for side in sides}
    qualified = {s.side for s in closed.sides if s.qualifies}
    expected = combining.combine_round(
        CRITERIA,
        responses,
        ours_only=OURS_ONLY,
        withheld={side: why for side, why in reasons.items() if side in qualified},
    )
    assert combining.withhold(CRITERIA, closed, reasons, ours_only=OURS_ONLY) == expected


# --- Privacy by brute force -------------------------------------------------------------------

ONE_STATEMENT = scoring.Criteria(
    stages=CRITERIA.stages,
    patterns=CRITERIA.patterns,
    principles=CRITERIA.principles[:1],
    items=(scoring.Item("S2-01", "The alliance has a joint plan.", pattern="S2-P1", principle=1),),
)
# Side sizes of 2-5 people; the two sides' sizes together up to 8, to keep the run short.
SIDE_SIZES = [(a, b) for a in range(2, 6) for b in range(2, 6) if a + b <= 8]


def displayed(disclosure: combining.Disclosure) -> tuple:
    """Everything a page may draw from a disclosure, as one comparable value.

    Each side's full scoring result counts by identity: with `memoised_scoring`, one set of combined
    answers gives one result object, and the combined answers themselves are part of the value.
    """
    return (
        disclosure.overall_shown,
        disclosure.stage,
        disclosure.scope,
        disclosure.sides_differ,
        disclosure.principles,
        disclosure.disagreements,
        tuple(
            (
                v.respondents,
                v.qualifies,
                v.shown,
                None if v.combined is None else tuple(v.combined.items()),
                id(v.result),
                v.band,
            )
            for v in disclosure.sides
        ),
    )


def without(answers: tuple, value) -> tuple:
    rest = list(answers)
    rest.remove(value)
    return tuple(rest)


@pytest.fixture
def memoised_scoring(monkeypatch):
    """Score each distinct set of combined answers once: the exhaustive loops score the same few thousands of times."""
    score, criteria_by_id = scoring.score, {}
    cached = functools.cache(lambda key, answers: score(criteria_by_id[key], dict(answers)))

    def score_once(criteria, answers):
        criteria_by_id[id(criteria)] = criteria  # hashing the criteria on every call would cost more than scoring
        return cached(id(criteria), tuple(answers.items()))

    monkeypatch.setattr(scoring, "score", score_once)


def test_no_rating_can_be_recovered_from_what_a_round_shows(memoised_scoring):
    """Brute force: for every pattern of answers to one statement by sides of 2-5 people (8 at most together,
    to keep it short), no person's rating (1-5) is pinned down by everything shown, to an outside viewer or to
    a respondent who knows their own answer.

    How: a side's answers are taken as a multiset (every combination with repetition of don't know and 1-5),
    because what is shown does not depend on who gave which answer (the Hypothesis test above checks it).
    So a person's possible answers, given what a viewer sees, are all the answers present on their side in
    every answer pattern that shows the viewer the same thing (for a viewer who responded: the same thing and
    the same own answer; the viewer's own answer taken out of their side's multiset). Grouping every pattern
    by what it shows, a person's answer is recoverable exactly when, in some group, their side holds one value
    only. "Everything shown" is the whole disclosure: counts, whether each side is shown, each side's
    combined answers, stage, evidence, principle scores and gaps, its band, the overall stage, scope and
    pooled principle scores, the sides' difference and the disagreement list.

    Why one statement suffices: each statement's answers reach the result only through that statement's
    combined answers and band per side (the side's band is the lower median of its statements' bands, the
    pooled principles take the lower of the sides' combined answers), so any other pattern showing the same
    for one statement, with the others unchanged, shows the same overall; an answer ambiguous on its own
    statement stays ambiguous.

    What it finds: one thing only can be worked out, and it is not a rating. A respondent whose side shows
    "don't know" on a statement they rated learns that no one else on their side rated it (under two real
    answers give don't know). The test asserts that this is the only inference.

    What it cannot cover: someone who already knows the other respondents' answers (no figure can protect
    against that), partial inferences (a combined 5 from three people says at least two rated 5), and
    comparing two rounds of the same people: see the test after this one.
    """
    multisets = {n: list(itertools.combinations_with_replacement(VALUES, n)) for n in range(2, 6)}
    for ours_size, partner_size in SIDE_SIZES:
        # group -> the answers each side's people other than the viewer may have given
        possible = defaultdict(lambda: (set(), set()))
        for ours in multisets[ours_size]:
            for partner in multisets[partner_size]:
                result = combining.combine_round(
                    ONE_STATEMENT, {OURS: [{"S2-01": v} for v in ours], PARTNER: [{"S2-01": v} for v in partner]}
                )
                outside = possible[(None, None, displayed(combining.disclose(result)))]
                outside[0].update(ours)
                outside[1].update(partner)
                for viewer, own_side in ((OURS, ours), (PARTNER, partner)):
                    seen = displayed(combining.disclose(result, viewer_side=viewer))
                    for own in set(own_side):
                        group = possible[(viewer, own, seen)]
                        group[0].update(without(ours, own) if viewer == OURS else ours)
                        group[1].update(without(partner, own) if viewer == PARTNER else partner)
        for (viewer, own, seen), sides in possible.items():
            for side, answers in zip((OURS, PARTNER), sides, strict=True):
                if len(answers) > 1:
                    continue
                # Only "no one else rated it", seen by a respondent who rated it where their side shows don't know.
                view = seen[-1][combining.SIDES.index(side)]
                assert (answers, side, own is not None, view[3]) == ({None}, viewer, True, (("S2-01", None),)), (
                    ours_size,
                    partner_size,
                    viewer,
                    own,
                    side,
                    answers,
                )


def test_a_person_joining_an_unchanged_side_can_be_worked_out_by_difference():
    """A known limit: if the same three people answer the same again and a fourth joins, comparing the rounds
    tells what the fourth answered. Neither the privacy minimum nor the lower median prevents it within one round:
    closing withholds such a side by the rule across rounds (`withholding`; tests/test_round_privacy.py).

    Three people answering 1, 2, 2 combine to 2. With a fourth, the lower median of four is the second
    lowest answer: 1 only if the newcomer answered 1, since the three hold a single answer below 2.
    Every side that combines to 2 without them and to 1 with them has a newcomer who answered 1.
    """
    before = combining.combine_round(ONE_STATEMENT, {OURS: [{"S2-01": v} for v in (1, 2, 2)]})
    after = combining.combine_round(ONE_STATEMENT, {OURS: [{"S2-01": v} for v in (1, 2, 2, 1)]})
    assert (before.side(OURS).combined, after.side(OURS).combined) == ({"S2-01": 2}, {"S2-01": 1})
    newcomers = {
        joined
        for three in itertools.combinations_with_replacement(VALUES, 3)
        for joined in VALUES
        if combining.combine_statement(three) == 2 and combining.combine_statement((*three, joined)) == 1
    }
    assert newcomers == {1}


def test_sampled_rounds_on_three_statements_show_the_same_when_each_statement_shows_the_same():
    """Rounds on three statements whose answers differ but combine the same per statement and side show the same.

    The premise of the one-statement brute force, checked on random rounds: swapping one person's answer to
    a statement for another answer that leaves that statement's combined answers and band unchanged on
    every side leaves the whole disclosure unchanged.
    """
    chance = random.Random(11)
    codes = ["S1-01", "S2-01", "S3-01"]
    for _ in range(300):
        sides = {
            side: [{c: chance.choice(VALUES) for c in codes} for _ in range(chance.randint(2, 6))]
            for side in (OURS, PARTNER)
        }
        side, code = chance.choice([OURS, PARTNER]), chance.choice(codes)
        person = chance.randrange(len(sides[side]))
        column = [r[code] for r in sides[side]]
        before = combining.combine_round(CRITERIA, sides, ours_only=OURS_ONLY)
        for value in VALUES:
            changed = [*column[:person], value, *column[person + 1 :]]
            if (combining.combine_statement(changed), combining.statement_band(changed)) != (
                combining.combine_statement(column),
                combining.statement_band(column),
            ):
                continue
            other = {s: [dict(r) for r in rows] for s, rows in sides.items()}
            other[side][person][code] = value
            after = combining.combine_round(CRITERIA, other, ours_only=OURS_ONLY)
            for viewer in (None, OURS, PARTNER):
                assert combining.disclose(after, viewer_side=viewer) == combining.disclose(before, viewer_side=viewer)
