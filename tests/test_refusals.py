"""One shape for refusals, and the one place that turns them into responses."""

import ast
import json
from pathlib import Path

import pytest

from assessments import refusals
from assessments.views.refusals import json_refusal, status_of

REFUSALS = [
    refusals.NoPublishedQuestionnaire,
    refusals.AnswersRefused,
    refusals.AssessmentSubmitted,
    refusals.ItemNotInQuestionnaire,
    refusals.ValueOffScale,
    refusals.CommentTooLong,
    refusals.NotEnoughAnswers,
    refusals.InvalidAnswers,
    refusals.FrozenVersion,
]


def test_the_refusals_module_imports_nothing_from_django():
    """Scoring stays pure, so the module it takes its refusal from imports only the standard library."""
    tree = ast.parse(Path(refusals.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [None])
    ]
    assert imported == ["collections.abc"]


@pytest.mark.parametrize("kind", REFUSALS)
def test_every_refusal_carries_a_message_and_details(kind):
    """Each kind is a Refusal whose message is its text and whose details are a dict of figures."""
    refusal = kind("Nothing was saved.", {"item": "S1-P1-01"})
    assert isinstance(refusal, refusals.Refusal)
    assert (str(refusal), refusal.message, refusal.details) == (
        "Nothing was saved.",
        "Nothing was saved.",
        {"item": "S1-P1-01"},
    )


def test_a_refusal_without_details_has_an_empty_dict():
    """Details default to an empty dict, never None, so readers need no check."""
    assert refusals.NotEnoughAnswers("Not enough.").details == {}


def test_the_message_may_be_any_str_like_object():
    """A lazy translation works as the message: the refusal reads it only when shown."""

    class Lazy:
        def __str__(self):
            return "Read late."

    assert str(refusals.FrozenVersion(Lazy())) == "Read late."


def test_lists_of_problems_are_kept_as_details():
    """Publishing and criteria-file refusals keep every problem, and their message joins them."""
    published = refusals.PublishRefused(["No items.", "No stage II."])
    loaded = refusals.CriteriaFileRefused(["line 1: bad", "items: missing"])
    assert (str(published), published.problems) == ("No items. No stage II.", ["No items.", "No stage II."])
    assert (str(loaded), loaded.errors) == ("line 1: bad; items: missing", ["line 1: bad", "items: missing"])


def test_scoring_and_criteria_refusals_stay_value_errors():
    """The score and import commands catch ValueError, so these two remain ValueErrors."""
    assert issubclass(refusals.InvalidAnswers, ValueError)
    assert issubclass(refusals.CriteriaFileRefused, ValueError)


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (refusals.AssessmentSubmitted, 409),
        *[(kind, 400) for kind in REFUSALS if kind is not refusals.AssessmentSubmitted],
    ],
)
def test_a_refusal_is_a_bad_request_unless_the_assessment_was_submitted(kind, status):
    """A submitted assessment is a conflict (409); any other refusal is a bad request (400)."""
    assert status_of(kind("No.")) == status


def test_a_refusal_as_json_gives_its_sentence_with_its_status():
    """The script reads the sentence under "error", with the refusal's status."""
    response = json_refusal(refusals.ValueOffScale("Off the scale.", {"item": "S1-P1-01", "value": 6}))
    assert (response.status_code, json.loads(response.content)) == (400, {"error": "Off the scale."})
