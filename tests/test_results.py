"""Reading stored results of every schema, and upgrading schema 1 to 2; no database needed."""

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import criteria_io, reasons, results, scoring
from assessments.scoring import Reason

from .historical_results import historical_results

CRITERIA = criteria_io.scoring_criteria(criteria_io.parse(criteria_io.DEFAULT_FILE.read_text()))
CODES = [i.code for i in CRITERIA.items]
HISTORICAL = historical_results()
schema_2 = importlib.import_module("assessments.migrations.0011_result_schema_2")

answer_sets = st.dictionaries(st.sampled_from(CODES), st.one_of(st.none(), st.integers(1, 5)))
thresholds = st.builds(
    scoring.Thresholds,
    stage_two=st.sampled_from([0.0, 50.0, 60.0, 62.5, 100.0]),
    stage_three=st.sampled_from([55.5, 60.0, 70.0]),
    symptom_ceiling=st.sampled_from([20.0, 47.5, 50.0, 80.0]),
    min_coverage=st.sampled_from([0.0, 25.0, 50.0, 90.0]),
)


def without(stored: dict, *keys: str) -> dict:
    return {key: value for key, value in stored.items() if key not in keys}


@pytest.mark.parametrize(("name", "stored"), HISTORICAL, ids=[name for name, _ in HISTORICAL])
def test_every_historical_result_upgrades_to_codes_that_compose_its_stored_sentences(name, stored):
    """Each stored sentence of every historical shape comes back word for word from the code derived for it."""
    upgraded = results.upgrade(stored)
    assert upgraded["schema"] == 2
    assert results.AS_STORED not in {reason["code"] for reason in upgraded["reasons"]}
    assert reasons.sentences(results.read(upgraded)) == stored["reasons"]


@pytest.mark.parametrize(("name", "stored"), HISTORICAL, ids=[name for name, _ in HISTORICAL])
def test_upgrading_keeps_every_figure_name_and_statement(name, stored):
    """Only the schema and the reasons change; the first results gain no blocker and gaps of the next stage."""
    upgraded = results.upgrade(stored)
    kept = without(upgraded, "schema", "reasons")
    if name.startswith("before_blocked_by/"):
        assert [s.pop("blocked_by") for s in kept["stages"]] == [None, None, None]
        assert {gap.pop("kind") for gap in kept["gaps"]} <= {scoring.NEXT_STAGE}
    assert kept == without(stored, "reasons")


def test_the_historical_results_hold_every_reason_code_blocker_and_gap_kind():
    """The fixtures cover each code the upgrade can derive, each "blocked_by" and both gap kinds."""
    codes = {reason["code"] for _, stored in HISTORICAL for reason in results.upgrade(stored)["reasons"]}
    assert codes == {
        scoring.SYMPTOMS_DOMINATE,
        scoring.SYMPTOMS_BELOW,
        scoring.TOO_FEW_ANSWERS,
        scoring.NO_ANSWERS,
        scoring.REACHING_THRESHOLD,
        scoring.BELOW_THRESHOLD,
        scoring.LOWER_STAGE,
        scoring.FITS_BEST,
        scoring.PLACED,
        results.SYMPTOMS_DOMINATE_QUOTED,
        results.FITS_BEST_QUOTED,
    }
    later = historical_results("with_blocked_by")
    assert {s["blocked_by"] for _, stored in later for s in stored["stages"]} == {None, *scoring.BLOCKERS}
    assert {gap["kind"] for _, stored in later for gap in stored["gaps"]} == {scoring.SYMPTOM, scoring.NEXT_STAGE}
    first = historical_results("before_blocked_by")
    assert all("blocked_by" not in s for _, stored in first for s in stored["stages"])
    assert all("kind" not in gap for _, stored in first for gap in stored["gaps"])


def test_a_schema_one_result_reads_as_stored():
    """Before the upgrade: each sentence as it is, no blocker, every gap of the next stage."""
    name, stored = HISTORICAL[0]
    assert name == "before_blocked_by/stage-1-symptoms-below-one-fit"
    result = results.read(stored)
    assert result.reasons == tuple(Reason(results.AS_STORED, {"text": text}) for text in stored["reasons"])
    assert reasons.sentences(result) == stored["reasons"]
    assert [s.blocked_by for s in result.stages] == [None, None, None]
    assert {gap.kind for gap in result.gaps} == {scoring.NEXT_STAGE}
    assert result.stage_evidence(2).evidence == 25.0


def test_upgrading_a_schema_two_result_changes_nothing():
    """The upgrade runs once: a result already in schema 2 comes back equal."""
    stored = scoring.score(CRITERIA, dict.fromkeys(CODES, 3)).to_dict()
    assert results.upgrade(stored) == stored


def test_a_schema_this_code_does_not_know_is_refused():
    """A newer schema is an error, not a page drawn from guesses."""
    stored = scoring.score(CRITERIA, {}).to_dict() | {"schema": 3}
    with pytest.raises(results.UnknownSchema, match=r"^a stored result of schema 3; this code reads 1 to 2$"):
        results.read(stored)


def test_stages_read_alone_get_no_blocker_when_stored_without():
    """The threshold preview reads just the stages; the first results' stages read with blocked_by None."""
    _, stored = HISTORICAL[0]
    stages = results.read_stages(stored["stages"])
    assert [(s.number, s.evidence, s.coverage, s.blocked_by) for s in stages] == [
        (1, 41.9, 100.0, None),
        (2, 25.0, 100.0, None),
        (3, 0.0, 100.0, None),
    ]


def test_principle_standings_mark_the_principles_of_the_gaps():
    """Each principle's score, and whether one of the gaps belongs to it."""
    result = scoring.score(CRITERIA, dict.fromkeys(CODES, 2))
    standings = results.principle_standings(result)
    assert [s.principle for s in standings] == list(range(1, 11))
    assert {s.principle for s in standings if s.holds_back} == {g.principle for g in result.gaps} - {None}
    assert [s.score for s in standings] == [p.score for p in result.principles]


@settings(max_examples=150, deadline=None)
@given(answer_sets, thresholds)
def test_reading_what_scoring_stores_gives_back_the_result(answers, t):
    """`read` is the inverse of `to_dict`: the stored result reads back equal, field for field."""
    criteria = scoring.Criteria(CRITERIA.stages, CRITERIA.patterns, CRITERIA.principles, CRITERIA.items, t)
    result = scoring.score(criteria, answers)
    assert results.read(result.to_dict()) == result


@settings(max_examples=150, deadline=None)
@given(answer_sets, thresholds)
def test_upgrading_what_schema_one_stored_gives_what_scoring_stores_now(answers, t):
    """A result in schema 1 (its reasons as sentences) upgrades to exactly the schema 2 scoring writes today."""
    criteria = scoring.Criteria(CRITERIA.stages, CRITERIA.patterns, CRITERIA.principles, CRITERIA.items, t)
    stored = scoring.score(criteria, answers).to_dict()
    legacy = schema_2.downgrade(stored)
    assert "schema" not in legacy and all(isinstance(reason, str) for reason in legacy["reasons"])
    assert schema_2.upgrade(legacy) == stored
