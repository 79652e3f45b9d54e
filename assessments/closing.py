"""Closing a round: a survey's answers combined per side, scored, and stored as the round's result.

A closed survey writes one submitted assessment for the round (no respondent, no invitee) whose
stage is the verdict both sides support and whose result is a scoring result (the lowest side's,
with the pooled principle scores), with its principle scores and, as its answers, the pooled
values (each statement at the lower side's combined answer): every page that reads submitted
assessments (the alliance's history, the dashboard, the threshold preview) reads it unchanged. The
round's own `result` keeps each side's figures (`round_results`), codes and figures only.

Before combining, closing asks `withholding` which sides to withhold although they reach the privacy
minimum: a side with a portfolio reader among too few, or whose people differ too little from an earlier
shown round's. It records whose answers counted (`Respondent.answers_counted`), which later rounds compare
their people with, by person key, even once a person is erased.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from . import access, combining, round_results, scoring, withholding
from .models import Answer, Assessment, AssessmentPrincipleScore, Respondent, Round


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
        _counted(held).update(answers_counted=True)
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


def _counted(held: Round):
    """The respondents whose answers count: handed in, link not revoked."""
    return Respondent.objects.filter(
        round=held, revoked_at__isnull=True, assessments__status=Assessment.Status.RESPONDED
    )


def sides_withheld(held: Round) -> dict[str, withholding.Withheld]:
    """The sides closing the round now would withhold although they reach its privacy minimum, and why (four
    queries at most, whatever the respondents and rounds): what the close page warns of."""
    return _withheld(held, list(_counted(held).values_list("side", "person_key", "address_key")))


def _withheld(held: Round, counted: list[tuple[str, str, str]]) -> dict[str, withholding.Withheld]:
    """`withholding.withheld_sides` for the (side, person key, address key) of each respondent whose answers count.
    A portfolio reader is one by their account or their address (`access.portfolio_reader_keys`)."""
    readers = access.portfolio_reader_keys()
    people: dict[str, list[withholding.Person]] = defaultdict(list)
    readers_by_side: dict[str, int] = defaultdict(int)
    for side, *keys in counted:
        people[side].append(_person(keys))
        readers_by_side[side] += not readers.isdisjoint(keys)
    return withholding.withheld_sides(
        people, portfolio_readers=readers_by_side, earlier=_earlier_shown_sides(held), minimum=held.privacy_minimum
    )


def _earlier_shown_sides(held: Round) -> dict[str, list[withholding.EarlierSide]]:
    """Each side's shown sides in the alliance's surveys closed before: their rounds and the people who counted."""
    earlier = (
        Round.objects.filter(alliance_id=held.alliance_id, kind=Round.Kind.SURVEY, result__isnull=False)
        .exclude(closed_at=None)
        .exclude(pk=held.pk)
        .values_list("pk", "closed_at", "result__sides__0__qualifies", "result__sides__1__qualifies")
    )
    shown = {
        (pk, side): closed_at
        for pk, closed_at, *qualifies in earlier
        for side, q in zip(combining.SIDES, qualifies, strict=True)
        if q
    }
    people: dict[tuple[int, str], set[withholding.Person]] = defaultdict(set)
    if shown:
        counted = Respondent.objects.filter(round_id__in={pk for pk, _ in shown}, answers_counted=True)
        for pk, side, *keys in counted.values_list("round_id", "side", "person_key", "address_key"):
            people[pk, side].add(_person(keys))
    by_side: dict[str, list[withholding.EarlierSide]] = defaultdict(list)
    for (pk, side), closed_at in shown.items():
        by_side[side].append(withholding.EarlierSide(pk, closed_at, frozenset(people[pk, side])))
    return by_side


def _person(keys: list[str]) -> frozenset[str]:
    """A respondent as `withholding` compares them: their person key and address key (blank once erased before
    the address key was kept)."""
    return frozenset(key for key in keys if key)


def combine(held: Round) -> combining.RoundResult:
    """The round's responses combined and scored, as they stand, with the sides `withholding` withholds (five
    queries at most, whatever the respondents)."""
    responses = list(
        Assessment.objects.filter(
            round=held, status=Assessment.Status.RESPONDED, invitee__revoked_at__isnull=True
        ).values_list("pk", "invitee__side", "invitee__person_key", "invitee__address_key")
    )
    side_of = {pk: side for pk, side, *_ in responses}
    answers: dict[int, dict[str, int | None]] = {pk: {} for pk in side_of}
    rows = Answer.objects.filter(assessment_id__in=side_of).values_list("assessment_id", "item__code", "value")
    for assessment_id, code, value in rows:
        answers[assessment_id][code] = value
    by_side: dict[str, list[dict[str, int | None]]] = defaultdict(list)
    for pk, side in side_of.items():
        by_side[side].append(answers[pk])
    criteria, ours_only = criteria_of(held)
    # A response may hold answers to statements its side is not asked (the audience changed): they do not count.
    asked = {side: set(combining.asked_codes(criteria, side, ours_only)) for side in combining.SIDES}
    responses_by_side = {
        side: [{c: v for c, v in a.items() if c in asked[side]} for a in people] for side, people in by_side.items()
    }
    return combining.combine_round(
        criteria,
        responses_by_side,
        ours_only=ours_only,
        minimum=held.privacy_minimum,
        withheld=_withheld(held, [person for _, *person in responses]),
    )


def criteria_of(held: Round) -> tuple[scoring.Criteria, set[str]]:
    """The criteria the round is scored by, and the codes of the statements asked of our side only."""
    criteria = held.questionnaire.scoring_criteria()
    return criteria, {i.code for i in criteria.items if i.ours_only}


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
    write_verdict_rows(held, assessment, result, verdict)
    return assessment


def write_verdict_rows(
    held: Round, assessment: Assessment, result: combining.RoundResult, verdict: scoring.Result
) -> None:
    """The combined assessment's principle scores and answers, from the round's result and its verdict."""
    AssessmentPrincipleScore.objects.bulk_create(AssessmentPrincipleScore.from_result(assessment.pk, verdict))
    # Its answers are the values both sides support, never a person's, each with the shown sides' own combined
    # values: what the answers export writes for a survey, one row per side.
    items = dict(held.questionnaire.items.values_list("code", "pk"))
    qualifying = [s for s in result.sides if s.qualifies]
    pooled = combining.pooled_answers(qualifying)
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            item_id=items[code],
            value=value,
            side_values={s.side: s.combined[code] for s in qualifying if code in s.combined},
        )
        for code, value in pooled.items()
    )
