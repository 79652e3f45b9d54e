"""Closing a round: a survey's answers combined per side, scored, and stored as the round's result.

A closed survey writes one submitted assessment for the round (no respondent, no invitee) whose
stage is the verdict both sides support and whose result is a scoring result (the lowest side's,
with the pooled principle scores), with its principle scores and, as its answers, the pooled
values (each statement at the lower side's combined answer): every page that reads submitted
assessments (the alliance's history, the dashboard, the threshold preview) reads it unchanged. The
round's own `result` keeps each side's figures (`round_results`), codes and figures only.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from . import combining, round_results
from .models import Answer, Assessment, AssessmentPrincipleScore, Round


@dataclass(frozen=True)
class Closed:
    """What closing did: the round as closed, its combined assessment (None when no side qualified), and
    the respondents whose drafts were left out, to tell them (empty when the round was closed already)."""

    round: Round
    assessment: Assessment | None
    left_out: tuple[int, ...]  # Respondent ids
    already_closed: bool = False


@transaction.atomic
def close_round(round: Round, *, now: dt.datetime) -> Closed:
    """Close a round now; closing one already closed changes nothing.

    A survey combines the responses handed in (RESPONDED) of respondents whose link was not revoked;
    drafts are left out and their authors returned in `left_out`. A self-assessment round closed
    before its submission keeps no result: its draft is left out.
    """
    held = Round.objects.select_for_update().select_related("questionnaire").get(pk=round.pk)
    if not held.is_open:
        return Closed(held, held.assessments.filter(status=Assessment.Status.SUBMITTED).first(), (), True)
    assessment = None
    left_out: tuple[int, ...] = ()
    if held.is_survey:
        result = combine(held)
        held.result = round_results.to_stored(result)
        assessment = _combined_assessment(held, result, now)
        left_out = tuple(
            held.assessments.filter(status=Assessment.Status.DRAFT, invitee__revoked_at__isnull=True)
            .exclude(invitee=None)
            .values_list("invitee_id", flat=True)
        )
    held.closed_at = now
    held.save(update_fields=["closed_at", "result"])
    return Closed(held, assessment, left_out)


def combine(held: Round) -> combining.RoundResult:
    """The round's responses combined and scored, as they stand (two queries, whatever the respondents)."""
    responses = Assessment.objects.filter(
        round=held, status=Assessment.Status.RESPONDED, invitee__revoked_at__isnull=True
    ).values_list("pk", "invitee__side")
    side_of = dict(responses)
    answers: dict[int, dict[str, int | None]] = {pk: {} for pk in side_of}
    rows = Answer.objects.filter(assessment_id__in=side_of).values_list("assessment_id", "item__code", "value")
    for assessment_id, code, value in rows:
        answers[assessment_id][code] = value
    by_side: dict[str, list[dict[str, int | None]]] = defaultdict(list)
    for pk, side in side_of.items():
        by_side[side].append(answers[pk])
    criteria = held.questionnaire.scoring_criteria()
    ours_only = {i.code for i in criteria.items if i.ours_only}
    # A response may hold answers to statements its side is not asked (the audience changed): they do not count.
    asked = {side: set(combining.asked_codes(criteria, side, ours_only)) for side in combining.SIDES}
    responses_by_side = {
        side: [{c: v for c, v in a.items() if c in asked[side]} for a in people] for side, people in by_side.items()
    }
    return combining.combine_round(criteria, responses_by_side, ours_only=ours_only, minimum=held.privacy_minimum)


def _combined_assessment(held: Round, result: combining.RoundResult, now: dt.datetime) -> Assessment | None:
    verdict = round_results.verdict_result(result)
    if verdict is None:
        return None
    assessment = Assessment.objects.create(
        alliance_id=held.alliance_id,
        questionnaire_id=held.questionnaire_id,
        round=held,
        status=Assessment.Status.SUBMITTED,
        submitted_at=now,
        stage=verdict.stage,
        result=verdict.to_dict(),
    )
    AssessmentPrincipleScore.objects.bulk_create(AssessmentPrincipleScore.from_result(assessment.pk, verdict))
    # Its answers are the values both sides support, never a person's: what the answers export holds for a survey.
    items = dict(held.questionnaire.items.values_list("code", "pk"))
    pooled = combining.pooled_answers([s for s in result.sides if s.qualifies])
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=items[code], value=value) for code, value in pooled.items()
    )
    return assessment
