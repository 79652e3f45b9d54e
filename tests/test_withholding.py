"""Which sides closing withholds beyond the privacy minimum, worked by hand: pure, no database."""

import datetime as dt

from assessments.combining import OURS, PARTNER
from assessments.withholding import (
    PORTFOLIO_READER_AMONG_FEW,
    TOO_CLOSE_TO_EARLIER_ROUND,
    EarlierSide,
    Withheld,
    withheld_sides,
)

MARCH = dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC)
ABC = frozenset("abc")


def withheld(people, *, readers=None, earlier=None, minimum=3):
    return withheld_sides(people, portfolio_readers=readers or {}, earlier=earlier or {}, minimum=minimum)


def test_one_person_joining_a_side_shown_before_withholds_it():
    """a, b, c shown in March; a, b, c, d now: one joined, fewer than 3, so the side is withheld, March named."""
    assert withheld({PARTNER: "abcd"}, earlier={PARTNER: [EarlierSide(7, MARCH, ABC)]}) == {
        PARTNER: Withheld(
            TOO_CLOSE_TO_EARLIER_ROUND, earlier_round=7, earlier_closed_at=MARCH.isoformat(), difference=1
        )
    }


def test_one_person_leaving_a_side_shown_before_withholds_it():
    """a, b, c, d shown; a, b, c now: one left."""
    assert withheld({OURS: "abc"}, earlier={OURS: [EarlierSide(7, MARCH, frozenset("abcd"))]})[OURS].difference == 1


def test_one_leaving_and_another_joining_count_as_two():
    """a, b, c shown; a, b, d now: the symmetric difference is c and d, still fewer than 3."""
    assert withheld({OURS: "abd"}, earlier={OURS: [EarlierSide(7, MARCH, ABC)]})[OURS].difference == 2


def test_the_same_people_again_are_shown():
    """The same three people as before: nothing can be told apart by difference."""
    assert withheld({OURS: "abc"}, earlier={OURS: [EarlierSide(7, MARCH, ABC)]}) == {}


def test_a_difference_of_the_minimum_or_more_is_shown():
    """Three joined since (a, b, c then; a to f now): as many as the minimum, so the side is shown."""
    assert withheld({OURS: "abcdef"}, earlier={OURS: [EarlierSide(7, MARCH, ABC)]}) == {}


def test_only_the_same_sides_earlier_rounds_count():
    """Our side's earlier people say nothing of the partner's side now."""
    assert withheld({PARTNER: "abcd"}, earlier={OURS: [EarlierSide(7, MARCH, ABC)]}) == {}


def test_the_latest_earlier_round_too_close_is_named():
    """Too close to both March and June: the June round is the one the page names."""
    earlier = {OURS: [EarlierSide(7, MARCH, ABC), EarlierSide(9, JUNE, frozenset("abce"))]}
    assert withheld({OURS: "abcd"}, earlier=earlier)[OURS].earlier_round == 9


def test_a_side_below_the_minimum_is_left_to_the_minimum_rule():
    """Two people now, one of whom left since: the side is below the minimum anyway, so no decision is recorded."""
    assert withheld({OURS: "ab"}, earlier={OURS: [EarlierSide(7, MARCH, ABC)]}) == {}


def test_a_portfolio_reader_among_exactly_the_minimum_withholds_the_side():
    """Three responded, one an executive: the others are two, fewer than 3; the side needs 4."""
    assert withheld({OURS: "abc"}, readers={OURS: 1}) == {
        OURS: Withheld(PORTFOLIO_READER_AMONG_FEW, respondents=3, needed=4)
    }


def test_a_portfolio_reader_among_one_more_than_the_minimum_is_shown():
    """Four responded, one an executive: three others, the minimum, so the side is shown."""
    assert withheld({OURS: "abcd"}, readers={OURS: 1}) == {}


def test_the_minimum_of_the_round_applies():
    """With a minimum of 5, five people with an executive among them are withheld, and a difference of 4 too."""
    assert withheld({OURS: "abcde"}, readers={OURS: 1}, minimum=5)[OURS].needed == 6
    earlier = {OURS: [EarlierSide(7, MARCH, frozenset("abcdefghi"))]}
    assert withheld({OURS: "abcde"}, earlier=earlier, minimum=5)[OURS].difference == 4


def test_a_decision_reads_back_from_what_it_stores():
    """Stored as plain data without the figures it does not use, and read back the same."""
    decision = Withheld(TOO_CLOSE_TO_EARLIER_ROUND, earlier_round=7, earlier_closed_at=MARCH.isoformat(), difference=1)
    assert decision.to_dict() == {
        "code": TOO_CLOSE_TO_EARLIER_ROUND,
        "earlier_round": 7,
        "earlier_closed_at": "2026-03-03T09:00:00+00:00",
        "difference": 1,
    }
    assert Withheld.read(decision.to_dict()) == decision


def test_a_person_is_matched_by_either_of_their_keys():
    """c by address in March, by account (and the same address) in June: one person, so nobody joined or left;
    d, whose keys match nobody's, joined."""
    march = frozenset({"a", "b", frozenset({"c@"})})
    assert (
        withheld({OURS: ["a", "b", frozenset({"user:c", "c@"})]}, earlier={OURS: [EarlierSide(7, MARCH, march)]}) == {}
    )
    june = ["a", "b", frozenset({"user:c", "c@"}), frozenset({"user:d", "d@"})]
    assert withheld({OURS: june}, earlier={OURS: [EarlierSide(7, MARCH, march)]})[OURS].difference == 1
