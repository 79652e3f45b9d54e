"""Did an action work: before → after per statement and principle, worked out by hand (no database)."""

from actions.outcomes import IMPROVED, NOT_COMPARABLE, NOT_IMPROVED, Side, StatementChange, outcome

ASKED = frozenset({"S1-P2-01", "S2-P1-01", "S2-P1-02"})


def side(answers, asked=ASKED, principles=None):
    return Side(asked=asked, answers=answers, symptoms=frozenset({"S1-P2-01"}), principles=principles or {})


def test_an_action_improves_when_its_statements_mean_rises():
    """2 and 3 (25, 50: mean 37.5) becoming 4 and 3 (75, 50: mean 62.5) is improved; the principle shows beside."""
    result = outcome(
        ["S2-P1-01", "S2-P1-02"],
        3,
        side({"S2-P1-01": 2, "S2-P1-02": 3}, principles={3: 40.0}),
        side({"S2-P1-01": 4, "S2-P1-02": 3}, principles={3: 55.0}),
    )
    assert result.statements == (
        StatementChange("S2-P1-01", 25.0, 75.0, True),
        StatementChange("S2-P1-02", 50.0, 50.0, True),
    )
    assert (result.mean_before, result.mean_after, result.verdict) == (37.5, 62.5, IMPROVED)
    assert (result.principle, result.principle_before, result.principle_after) == (3, 40.0, 55.0)


def test_a_changed_statement_is_not_comparable_and_left_out():
    """S2-P1-02 changed meaning (the later questionnaire asks S2-P1-09 instead): only S2-P1-01 counts, 25 → 75."""
    later = frozenset({"S1-P2-01", "S2-P1-01", "S2-P1-09"})
    result = outcome(
        ["S2-P1-01", "S2-P1-02"],
        None,
        side({"S2-P1-01": 2, "S2-P1-02": 5}),
        side({"S2-P1-01": 4, "S2-P1-09": 1}, asked=later),
    )
    assert result.statements[1] == StatementChange("S2-P1-02", 100.0, None, False)
    assert (result.mean_before, result.mean_after, result.verdict) == (25.0, 75.0, IMPROVED)
    assert (result.principle_before, result.principle_after) == (None, None)


def test_statements_unanswered_on_either_side_are_left_out():
    """S2-P1-01 "don't know" before: only S2-P1-02 counts, 75 → 50, not improved though S2-P1-01 ends at 100."""
    result = outcome(
        ["S2-P1-01", "S2-P1-02"],
        None,
        side({"S2-P1-01": None, "S2-P1-02": 4}),
        side({"S2-P1-01": 5, "S2-P1-02": 3}),
    )
    assert (result.mean_before, result.mean_after, result.verdict) == (75.0, 50.0, NOT_IMPROVED)


def test_a_warning_sign_agreed_with_less_is_an_improvement():
    """A warning sign answered 5 then 2 scores 0 then 75 (inverted): improved."""
    result = outcome(["S1-P2-01"], None, side({"S1-P2-01": 5}), side({"S1-P2-01": 2}))
    assert (result.mean_before, result.mean_after, result.verdict) == (0.0, 75.0, IMPROVED)


def test_the_same_mean_is_not_an_improvement():
    """3 then 3 is not improved: the mean after must be above the mean before."""
    assert outcome(["S2-P1-01"], None, side({"S2-P1-01": 3}), side({"S2-P1-01": 3})).verdict == NOT_IMPROVED


def test_nothing_compared_is_not_comparable():
    """An action whose statements were never answered on both sides, or no longer asked, has no verdict."""
    result = outcome(["S2-P1-02", "S2-P1-01"], None, side({"S2-P1-02": 4}), side({}, asked=frozenset({"S2-P1-01"})))
    assert (result.mean_before, result.mean_after, result.verdict) == (None, None, NOT_COMPARABLE)
