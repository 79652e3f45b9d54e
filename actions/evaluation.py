"""Did the done actions work? The results either side of each, read from the database for `outcomes`.

An action done at a moment is judged by the first result of its alliance submitted at or after
that moment ("after") against the result before that one ("before"): on a result's page, that is
every action done since the previous result. Three queries more whatever the number of actions.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass

from assessments.models import Answer, Assessment, AssessmentPrincipleScore, Item

from . import outcomes
from .models import Action


@dataclass(frozen=True)
class Judged:
    """A done action with the two results it is judged between and its outcome."""

    action: Action
    before: Assessment
    after: Assessment
    outcome: outcomes.Outcome


def done_between(actions: list[Action], before: Assessment | None, after: Assessment) -> list[Judged]:
    """Those of these actions done since the result `before` (up to `after`), with their outcome, first done first."""
    if before is None:
        return []
    done = [
        a for a in actions if a.status == Action.Status.DONE and before.submitted_at < a.done_at <= after.submitted_at
    ]
    if not done:
        return []
    sides = sides_of([before, after])
    return [Judged(a, before, after, _outcome(a, sides[before.pk], sides[after.pk])) for a in done]


def judge(actions: list[Action]) -> dict[int, Judged]:
    """The done actions among these whose next result has come, by action id, each with its outcome."""
    done = [a for a in actions if a.status == Action.Status.DONE]
    timelines = defaultdict(list)
    submitted = (
        Assessment.objects.filter(alliance_id__in={a.alliance_id for a in done}, status=Assessment.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
        .only("pk", "alliance_id", "submitted_at")
    )
    for assessment in submitted:
        timelines[assessment.alliance_id].append(assessment)
    times = {alliance: [a.submitted_at for a in timeline] for alliance, timeline in timelines.items()}
    pairs = {}
    for action in done:
        timeline = timelines[action.alliance_id]
        at = bisect.bisect_left(times.get(action.alliance_id, []), action.done_at)
        if 0 < at < len(timeline):
            pairs[action.pk] = (action, timeline[at - 1], timeline[at])
    sides = sides_of([assessment for _, before, after in pairs.values() for assessment in (before, after)])
    return {
        pk: Judged(action, before, after, _outcome(action, sides[before.pk], sides[after.pk]))
        for pk, (action, before, after) in pairs.items()
    }


def sides_of(assessments: list[Assessment]) -> dict[int, outcomes.Side]:
    """Each assessment as an outcome reads it (three queries for any number of them)."""
    ids = {a.pk for a in assessments}
    asked, symptoms = defaultdict(set), defaultdict(set)
    items = Item.objects.filter(questionnaire__assessments__in=ids)
    for assessment_id, code, symptomatic in items.values_list(
        "questionnaire__assessments", "code", "pattern__stage__symptomatic"
    ):
        asked[assessment_id].add(code)
        if symptomatic:
            symptoms[assessment_id].add(code)
    answers = defaultdict(dict)
    for assessment_id, code, value in Answer.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "item__code", "value"
    ):
        answers[assessment_id][code] = value
    principles = defaultdict(dict)
    scores = AssessmentPrincipleScore.objects.filter(assessment_id__in=ids)
    for assessment_id, principle, score in scores.values_list("assessment_id", "principle", "score"):
        principles[assessment_id][principle] = score
    return {
        pk: outcomes.Side(
            asked=frozenset(asked[pk]),
            answers=answers[pk],
            symptoms=frozenset(symptoms[pk]),
            principles=principles[pk],
        )
        for pk in ids
    }


def _outcome(action: Action, before: outcomes.Side, after: outcomes.Side) -> outcomes.Outcome:
    return outcomes.outcome(action.statement_codes, action.principle, before, after)
