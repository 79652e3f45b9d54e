import dataclasses
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from assessments import scoring, untrusted_files
from assessments.models import Questionnaire


class Command(BaseCommand):
    help = 'Score answers ({"item code": 1-5 or null}, as JSON) against the published questionnaire.'

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file of answers, or - for standard input")
        parser.add_argument(
            "--rules",
            type=int,
            choices=(1, 2),
            help="score by these scoring rules instead of the published version's own (2: try version 2's)",
        )

    def handle(self, *args, file: str, rules: int | None, **options):
        try:
            answers = self._read(file)
            questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
            criteria = questionnaire.scoring_criteria()
            if rules is not None:
                criteria = dataclasses.replace(criteria, rules=rules)
            result = scoring.score(criteria, answers)
        except Questionnaire.DoesNotExist:
            self._fail("no published questionnaire to score against")
        except (OSError, ValueError) as error:  # InvalidAnswers, JSONDecodeError and UnreadableFile are ValueErrors
            self._fail(str(error))
        self.stdout.write(json.dumps(result.to_dict(), indent=2))

    def _read(self, file: str) -> dict:
        if file == "-":
            text = untrusted_files.read_text(sys.stdin)
        else:
            untrusted_files.check_size(Path(file).stat().st_size)
            text = Path(file).read_text(encoding="utf-8")
        try:
            answers = untrusted_files.load_json(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
        if not isinstance(answers, dict):
            raise ValueError('answers must be a JSON object of {"item code": 1-5 or null}')
        return answers

    def _fail(self, problem: str):
        # One line and exit status 2, so scripts can tell bad input from success.
        self.stderr.write(f"score: {problem}")
        sys.exit(2)
