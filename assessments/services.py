"""The operations that change assessments. Views, commands and the demo all come through here."""

import datetime as dt

from django.db import transaction

from . import scoring
from .models import Answer, Assessment, AssessmentPrincipleScore

NOT_ENOUGH_ANSWERS = "Not enough answers to trust a verdict yet."


class NotEnoughAnswers(Exception):
    """Submitting was refused: the result says which stages have too few real answers."""

    def __init__(self, result: scoring.Result):
        self.result = result
        super().__init__(NOT_ENOUGH_ANSWERS)


def score_assessment(assessment: Assessment) -> scoring.Result:
    """Score an assessment's current answers against its own questionnaire version."""
    answers = dict(assessment.answers.values_list("item__code", "value"))
    return scoring.score(assessment.questionnaire.scoring_criteria(), answers)


@transaction.atomic
def submit_assessment(*, assessment: Assessment, now: dt.datetime) -> Assessment:
    """Freeze an assessment with its stage and full result. Submitting twice changes nothing."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.SUBMITTED:
        return assessment
    result = score_assessment(assessment)
    if result.too_thin:
        raise NotEnoughAnswers(result)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = now
    assessment.stage = result.stage
    assessment.result = result.to_dict()
    assessment.save(update_fields=["status", "submitted_at", "stage", "result", "updated_at"])
    AssessmentPrincipleScore.objects.bulk_create(AssessmentPrincipleScore.from_result(assessment.pk, assessment.result))
    return assessment


def record_answers(*, assessment: Assessment, answers: dict[str, int | None]) -> None:
    """Store answers given by item code in one query (for the demo and for tests)."""
    items = dict(assessment.questionnaire.items.values_list("code", "pk"))
    Answer.objects.bulk_create(
        [Answer(assessment=assessment, item_id=items[code], value=value) for code, value in answers.items()]
    )
