"""What new scoring thresholds would do: re-score each alliance's latest submitted assessment.

An admin-only preview. Stored results are never touched: every assessment is re-scored in memory
from its stored answers, against its own questionnaire's items, with only the thresholds replaced.
"""

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from . import scoring
from .models import Answer, Assessment, Questionnaire

ROMAN = {1: "I", 2: "II", 3: "III"}
NO_ASSESSMENTS = "No alliance has a submitted assessment yet, so no stage would move."
MOVED = "{moved} of {alliances} alliances would move stage if their latest assessment were scored with these thresholds"
MOVE = "{count} from Stage {before} to {after}"
TOO_THIN = "{count} would lack the answers a verdict needs."


@dataclass(frozen=True)
class ThresholdImpact:
    alliances: int
    moves: dict[tuple[int, int], int]
    too_thin: int

    @property
    def moved(self) -> int:
        return sum(self.moves.values())

    def describe(self) -> str:
        """One or two plain sentences for the admin."""
        if not self.alliances:
            return NO_ASSESSMENTS
        text = MOVED.format(moved=self.moved, alliances=self.alliances)
        if self.moves:
            text += ": " + ", ".join(
                MOVE.format(count=count, before=ROMAN[before], after=ROMAN[after])
                for (before, after), count in sorted(self.moves.items())
            )
        text += "."
        if self.too_thin:
            text += " " + TOO_THIN.format(count=self.too_thin)
        return text


def latest_submitted_assessments():
    """Each alliance's most recent submitted assessment."""
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    latest = submitted.filter(alliance=OuterRef("alliance")).order_by("-submitted_at", "-pk").values("pk")[:1]
    return submitted.filter(pk=Subquery(latest))


def threshold_impact(thresholds: scoring.Thresholds) -> ThresholdImpact:
    """How many alliances' latest submitted assessments would land on another stage under `thresholds`.

    Queries: three, plus five per questionnaire version those assessments used (its scoring criteria).
    """
    latest = latest_submitted_assessments()
    assessments = list(latest.values_list("pk", "questionnaire_id", "stage"))
    answers = defaultdict(dict)
    for assessment_id, code, value in Answer.objects.filter(assessment__in=latest).values_list(
        "assessment_id", "item__code", "value"
    ):
        answers[assessment_id][code] = value
    criteria = {
        q.pk: dataclasses.replace(q.scoring_criteria(), thresholds=thresholds)
        for q in Questionnaire.objects.filter(pk__in={q for _, q, _ in assessments})
    }
    moves, too_thin = Counter(), 0
    for pk, questionnaire_id, stored_stage in assessments:
        result = scoring.score(criteria[questionnaire_id], answers[pk])
        if result.stage != stored_stage:
            moves[stored_stage, result.stage] += 1
        too_thin += result.too_thin
    return ThresholdImpact(alliances=len(assessments), moves=dict(moves), too_thin=too_thin)
