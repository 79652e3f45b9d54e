"""Answers for database tests, chosen by stage so the verdict is easy to work out by hand."""

from assessments.models import Answer, Assessment, Questionnaire


def answers_by_stage(questionnaire: Questionnaire, s1, s2, s3, principles=3) -> dict:
    """Every item answered with the value for its pattern's stage; principle-only items get `principles`.

    With the default thresholds (60/60, ceiling 50), an answer of 4 is evidence 75, 3 is 50, 2 is 25, 1 is 0.
    """
    by_stage = {1: s1, 2: s2, 3: s3, None: principles}
    return {code: by_stage[stage] for code, stage in questionnaire.items.values_list("code", "pattern__stage__number")}


def record_answers(
    *, assessment: Assessment, answers: dict[str, int | None], comments: dict[str, tuple[str, bool]] | None = None
) -> None:
    """Store answers by item code in one query, past the draft checks (to set up a test); `comments` gives
    some of them a comment and whether it is shared anonymously."""
    items = dict(assessment.questionnaire.items.values_list("code", "pk"))
    comments = comments or {}
    Answer.objects.bulk_create(
        [
            Answer(
                assessment=assessment,
                item_id=items[code],
                value=value,
                comment=comments.get(code, ("", False))[0],
                shared=comments.get(code, ("", False))[1],
            )
            for code, value in answers.items()
        ]
    )
