"""The management commands: export_criteria, import_criteria, score and seed_demo."""

import datetime as dt
import io
import json
import sys
from unittest import mock

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command, load_command_class
from django.core.management.base import OutputWrapper
from django.db import connections
from django.test import override_settings
from django.urls import reverse

from assessments import criteria_io, demo
from assessments.models import Alliance, Answer, Assessment, Questionnaire
from assessments.untrusted_files import ALIASES_REFUSED, MAX_DEPTH, TOO_DEEP, TOO_LARGE

from .hostile_files import DEEP, DEEP_JSON, DEEP_YAML, LAUGHS
from .wrapped_language import wrapped_sentences

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_prints_the_published_criteria(published):
    """export_criteria prints the file format, which parses back to the published version."""
    data = criteria_io.parse(run("export_criteria"))
    assert data["questionnaire"]["version"] == 1
    assert len(data["questionnaire"]["items"]) == published.items.count()


def test_export_of_a_missing_version_says_so(published):
    """Asking for a version that does not exist is an error naming it."""
    with pytest.raises(CommandError, match="^There is no questionnaire version 7.$"):
        run("export_criteria", "7")


def test_import_adds_a_draft_version(published, tmp_path):
    """import_criteria loads a file into a new draft version and says so."""
    path = tmp_path / "criteria.yaml"
    path.write_text(run("export_criteria"))
    assert run("import_criteria", str(path)).strip() == f"Imported {path} as draft questionnaire v2 with 74 items."
    assert Questionnaire.objects.get(version=2).status == "draft"


def test_import_of_a_bad_file_lists_its_problems_and_changes_nothing(published, tmp_path):
    """A bad file is refused with every problem named, and no version is added."""
    data = yaml.safe_load(run("export_criteria"))
    data["questionnaire"]["items"][3]["weight"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as caught:
        run("import_criteria", str(path))
    assert str(caught.value) == (
        f"{path}: Nothing was loaded: the file has 1 problem.\n- Item 4 (S1-P1-04): the weight must be more than 0"
    )
    assert caught.value.returncode == 2
    assert Questionnaire.objects.count() == 1


def test_import_of_a_bad_file_reads_as_the_admins_import_page_in_any_language(published, tmp_path, admin_client):
    """The command's count and problems are the admin's, sentence for sentence, translated the same."""
    data = yaml.safe_load(run("export_criteria"))
    items = data["questionnaire"]["items"]
    items[3]["weight"] = -1
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with wrapped_sentences():
        with pytest.raises(CommandError) as caught:
            run("import_criteria", str(path))
        response = admin_client.post(
            reverse("admin:assessments_questionnaire_import"),
            {"file": SimpleUploadedFile("bad.yaml", path.read_bytes())},
        )
        shown = [response.context["refused"], *(f"- {problem}" for problem in response.context["problems"])]
    assert str(caught.value) == f"{path}: " + "\n".join(shown)
    assert shown == [
        "⟦Nothing was loaded: the file has 1 problem.⟧",
        "- ⟦⟦Item 4 (S1-P1-04)⟧: ⟦the weight must be more than 0⟧⟧",
    ]


def test_import_and_export_speak_the_active_language(published, tmp_path):
    """import_criteria's report and export_criteria's refusal are sentences marked for translation."""
    path = tmp_path / "criteria.yaml"
    path.write_text(run("export_criteria"))
    with wrapped_sentences():
        assert (
            run("import_criteria", str(path)).strip() == f"⟦Imported {path} as draft questionnaire v2 with 74 items.⟧"
        )
        with pytest.raises(CommandError, match="^⟦There is no questionnaire version 7.⟧$"):
            run("export_criteria", "7")
        with pytest.raises(CommandError, match="^⟦Cannot read .*nope.yaml: No such file or directory.⟧$"):
            run("import_criteria", str(tmp_path / "nope.yaml"))


def run_from_command_line(name: str, *args: str) -> tuple[int, str]:
    """Run a command as `manage.py` does; return its exit status and what it wrote to standard error."""
    err = io.StringIO()
    command = load_command_class("assessments", name)
    command.stderr = OutputWrapper(err)
    # run_from_argv closes the connections as it ends, which would end the test's transaction too.
    with pytest.raises(SystemExit) as caught, mock.patch.object(connections, "close_all"):
        command.run_from_argv(["manage.py", name, *args])
    return caught.value.code, err.getvalue()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (LAUGHS, ALIASES_REFUSED),
        (DEEP_YAML, TOO_DEEP.format(depth=MAX_DEPTH)),
        (DEEP, TOO_DEEP.format(depth=MAX_DEPTH)),
    ],
    ids=["laughs", "deep-yaml", "deep-json"],
)
def test_import_of_a_hostile_file_is_one_line_and_status_2(published, tmp_path, content, problem):
    """A billion-laughs or 10,000-deep file is refused within a second, in one line, with exit status 2."""
    path = tmp_path / "hostile.yaml"
    path.write_text(content)
    status, err = run_from_command_line("import_criteria", str(path))
    assert (status, err) == (2, f"CommandError: {path} was not imported: {problem}\n")
    assert Questionnaire.objects.count() == 1


@override_settings(INPUT_FILE_MAX_BYTES=100)
def test_import_of_a_file_over_the_size_limit_is_refused_unread(published, tmp_path):
    """A file larger than INPUT_FILE_MAX_BYTES is refused by its size, in one line, with exit status 2."""
    path = tmp_path / "big.yaml"
    path.write_text("#" * 101)
    status, err = run_from_command_line("import_criteria", str(path))
    assert (status, err) == (2, f"CommandError: {path} was not imported: {TOO_LARGE.format(limit=100)}\n")


def test_import_of_a_missing_file_says_so(published, tmp_path):
    """A file that cannot be read is named in the error."""
    with pytest.raises(CommandError, match="^Cannot read .*nope.yaml: No such file or directory.$"):
        run("import_criteria", str(tmp_path / "nope.yaml"))


def test_score_prints_the_result_as_json(published, tmp_path):
    """score reads answers and prints the stage and its reasons as JSON."""
    codes = list(published.items.values_list("code", flat=True))
    answers = {code: (1 if code.startswith("S1") else 5) for code in codes}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = json.loads(run("score", str(path)))
    assert result["stage"] == 3
    assert result["schema"] == 2
    assert result["reasons"][-1] == {"code": "placed", "stage": 3}
    assert result["answered"] == len(codes)


def test_score_by_version_two_rules_prints_the_verdict(published, tmp_path):
    """score --rules 2 prints the stage, the patterns named, the undetermined stages, the style flag, the strengths."""
    codes = list(published.items.values_list("code", flat=True))
    answers = {code: (1 if code.startswith("S1") else 5) for code in codes}
    answers |= dict.fromkeys(["S1-P4-01", "S1-P4-02", "S1-P4-03", "S1-P4-04", "S1-P4-05"], 5)
    answers |= dict.fromkeys(["S3-P1-01", "S3-P1-02"])
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = json.loads(run("score", "--rules", "2", str(path)))
    verdict = result["verdict"]
    assert result["stage"] == 1
    assert (verdict["rules"], verdict["named"], verdict["reliable"]) == (2, ["S1-P4"], True)
    missing = [{"pattern": "S3-P1", "answered": 0, "total": 2, "needed": 1}]
    assert verdict["undetermined"] == [{"stage": 3, "missing": missing}]
    assert verdict["strengths"][:3] == ["S2-P1-01", "S2-P4-01", "S3-P4-01"]
    assert "verdict" not in json.loads(run("score", str(path)))


def score_from_stdin(monkeypatch, stdin: str) -> tuple[int, str, str]:
    """Run `score -` with this standard input; return its exit status, output and errors."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("score", "-", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"NOPE-01": 3}', "score: unknown item code 'NOPE-01'"),
        ('{"C01-01": 7}', "score: answer to C01-01 must be 1-5 or null, not 7"),
        (
            '{"C01-01": 4,',
            "score: malformed JSON at line 1, column 14: Expecting property name enclosed in double quotes",
        ),
        ("[1, 2]", 'score: answers must be a JSON object of {"item code": 1-5 or null}'),
        (DEEP_JSON, f"score: {TOO_DEEP.format(depth=MAX_DEPTH)}"),
    ],
    ids=["unknown-code", "off-scale", "malformed", "not-an-object", "deep"],
)
def test_score_refuses_bad_input_in_one_line_with_status_2(published, monkeypatch, stdin, message):
    """Bad answers give a one-line error naming the problem and exit status 2."""
    assert score_from_stdin(monkeypatch, stdin) == (2, "", message + "\n")


def test_score_reads_standard_input(published, monkeypatch):
    """`score -` reads the answers from standard input."""
    status, out, _ = score_from_stdin(monkeypatch, '{"C01-01": 5, "S1-P1-01": null}')
    assert status == 0
    assert json.loads(out)["answered"] == 2


def test_score_of_a_missing_file_says_so(published):
    """A file that cannot be read is named, with status 2."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("score", "/nonexistent/answers.json", stderr=err)
    assert caught.value.code == 2
    assert err.getvalue() == "score: [Errno 2] No such file or directory: '/nonexistent/answers.json'\n"


def test_seed_demo_creates_the_demo_once(published, settings):
    """seed_demo creates users, 15 alliances and their quarterly history; a second run adds nothing."""
    settings.DEBUG = True
    run("seed_demo")
    counts = (Alliance.objects.count(), Assessment.objects.count(), Answer.objects.count())
    assert counts[0] == len(demo.ALLIANCES) == 15
    assert Assessment.objects.filter(status="draft").count() == len(demo.IN_PROGRESS)
    assert set(Assessment.objects.filter(status="submitted").values_list("stage", flat=True)) == {1, 2, 3}
    assert run("seed_demo").startswith("Demo data ready: 0 alliances and 0 assessments added.")
    assert (Alliance.objects.count(), Assessment.objects.count(), Answer.objects.count()) == counts


def test_seed_demo_refuses_with_debug_off_unless_forced(published, settings):
    """With DEBUG off, seed_demo refuses unless --force is given."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run("seed_demo")
    assert Alliance.objects.count() == 0
    run("seed_demo", "--force")
    assert Alliance.objects.count() == 15


def test_quarter_ends_are_the_last_complete_quarters():
    """The demo's quarters end on the last days of the quarters before today."""
    assert demo.quarter_ends(dt.date(2026, 11, 22), 3) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
    ]
    assert demo.quarter_ends(dt.date(2026, 1, 5), 1) == [dt.date(2025, 12, 31)]
