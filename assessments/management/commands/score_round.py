import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from assessments import combining
from assessments.models import Questionnaire

SHAPE = 'responses must be a JSON object of {"ours": [answers, ...], "partner": [answers, ...]}'


class Command(BaseCommand):
    help = (
        'Combine and score a survey round ({"ours": [...], "partner": [...]}, one {"item code": 1-5 or null} '
        "per respondent, as JSON) against the published questionnaire, as a closed survey would."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file of responses, or - for standard input")

    def handle(self, *args, file: str, **options):
        try:
            responses = self._read(file)
            questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
            result = combining.combine_round(questionnaire.scoring_criteria(), responses)
        except Questionnaire.DoesNotExist:
            self._fail("no published questionnaire to score against")
        except (OSError, ValueError) as error:  # InvalidAnswers and JSONDecodeError are ValueErrors
            self._fail(str(error))
        # As someone who did not respond sees it: the privacy decisions are part of the output.
        self.stdout.write(json.dumps(combining.disclose(result).to_dict(), indent=2))

    def _read(self, file: str) -> dict:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        try:
            responses = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
        if not isinstance(responses, dict):
            raise ValueError(SHAPE)
        for side, respondents in responses.items():
            if not isinstance(respondents, list):
                raise ValueError(f"{side!r} must be a list of answers, one object per respondent")
            for number, answers in enumerate(respondents):
                if not isinstance(answers, dict):
                    raise ValueError(f'{side}[{number}] must be a JSON object of {{"item code": 1-5 or null}}')
        return responses

    def _fail(self, problem: str):
        # One line and exit status 2, so scripts can tell bad input from success.
        self.stderr.write(f"score_round: {problem}")
        sys.exit(2)
