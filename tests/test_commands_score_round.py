"""The score_round command: a survey round's responses in, the combined result and its privacy decisions out."""

import io
import json
import sys

import pytest
from django.core.management import call_command

from assessments.models import Questionnaire

pytestmark = pytest.mark.django_db


def score_round(monkeypatch, stdin: str) -> tuple[int, str, str]:
    """Run `score_round -` with this standard input; return its exit status, output and errors."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("score_round", "-", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def by_stage(questionnaire, s1, s2, s3, principles) -> dict:
    """Every statement answered by the stage of its pattern; principle-only statements with `principles`."""
    by_prefix = {"S1": s1, "S2": s2, "S3": s3}
    return {code: by_prefix.get(code[:2], principles) for code in questionnaire.items.values_list("code", flat=True)}


def test_a_round_of_two_qualifying_sides_prints_the_verdict_both_support(published, tmp_path):
    """Our side sees Stage III, the partner's people Stage II: the round is at Stage II and says where they differ."""
    responses = {
        "ours": [by_stage(published, 1, 5, 5, 4)] * 3,
        "partner": [by_stage(published, 1, 4, 2, 3)] * 2 + [by_stage(published, 2, 5, 1, 3)],
    }
    path = tmp_path / "round.json"
    path.write_text(json.dumps(responses))
    out = io.StringIO()
    call_command("score_round", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert (result["stage"], result["scope"], result["stages_by_side"]) == (2, "both_sides", {"ours": 3, "partner": 2})
    assert result["privacy"] == {
        "minimum": 3,
        "respondents": {"ours": 3, "partner": 3},
        "qualified": {"ours": True, "partner": True},
        "shown": {"ours": True, "partner": True, "overall": True},
    }
    assert result["sides_differ"] == {
        "code": "sides_differ",
        "ours": 3,
        "partner": 2,
        "stage": 3,
        "evidence_ours": 100.0,
        "evidence_partner": 25.0,
    }
    assert result["sides"]["partner"]["combined"]["S1-P1-01"] == 1
    assert result["disagreements"][0]["gap"] == 3


def test_a_round_where_no_side_qualifies_prints_a_null_stage_and_the_counts(published, monkeypatch):
    """Two people on our side and none on the partner's: no stage, nothing of either side, only the counts."""
    status, out, err = score_round(monkeypatch, '{"ours": [{"C01-01": 5}, {"C01-01": 4}]}')
    result = json.loads(out)
    assert (status, err) == (0, "")
    assert (result["stage"], result["scope"], result["stages_by_side"]) == (
        None,
        "no_side",
        {"ours": None, "partner": None},
    )
    assert result["privacy"]["respondents"] == {"ours": 2, "partner": 0}
    assert result["privacy"]["qualified"] == {"ours": False, "partner": False}
    assert result["sides"] == {"ours": None, "partner": None}


def test_one_qualifying_side_is_scored_alone(published, monkeypatch):
    """Three partner respondents and one of ours: the partner's side measures the round on its own."""
    stdin = json.dumps({"ours": [{}], "partner": [by_stage(published, 1, 4, 2, 3)] * 3})
    result = json.loads(score_round(monkeypatch, stdin)[1])
    assert (result["stage"], result["scope"], result["stages_by_side"]) == (2, "one_side", {"ours": None, "partner": 2})


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"ours": [', "malformed JSON at line 1, column 11: Expecting value"),
        ("[]", 'responses must be a JSON object of {"ours": [answers, ...], "partner": [answers, ...]}'),
        ('{"ours": {"C01-01": 3}}', "'ours' must be a list of answers, one object per respondent"),
        ('{"partner": [{}, 4]}', 'partner[1] must be a JSON object of {"item code": 1-5 or null}'),
        ('{"theirs": []}', "unknown side 'theirs': the sides are 'ours' and 'partner'"),
        ('{"ours": [{}, {}, {"NOPE-01": 3}]}', "ours[2]: unknown item code 'NOPE-01'"),
        ('{"partner": [{"C01-01": 0}]}', "partner[0]: answer to C01-01 must be 1-5 or null, not 0"),
    ],
)
def test_bad_input_is_refused_in_one_line_with_status_2(published, monkeypatch, stdin, message):
    """Malformed JSON, a wrong shape, unknown sides or codes and values off the scale: one line, status 2."""
    assert score_round(monkeypatch, stdin) == (2, "", f"score_round: {message}\n")


def test_a_missing_file_is_named_with_status_2(published):
    """A file that cannot be read is named in the one-line error."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("score_round", "/nonexistent/round.json", stderr=err)
    assert (caught.value.code, err.getvalue()) == (
        2,
        "score_round: [Errno 2] No such file or directory: '/nonexistent/round.json'\n",
    )


def test_without_a_published_questionnaire_it_says_so(published, monkeypatch):
    """With no published version there is nothing to score against: one line, status 2."""
    Questionnaire.objects.update(status=Questionnaire.Status.DRAFT)
    assert score_round(monkeypatch, '{"ours": []}') == (
        2,
        "",
        "score_round: no published questionnaire to score against\n",
    )
