"""What new scoring thresholds would do: the stage each alliance's latest submitted result would land on.

An admin-only preview that writes nothing. Thresholds change where evidence is cut, not the evidence:
each stage's evidence and coverage are stored in the result, computed from the answers against the
assessment's own (frozen) version. So the preview applies scoring's placing rule, `stages_holding`,
to the stored figures with the new thresholds. That is what re-scoring the stored answers would give
(tests/test_impact.py checks it against `scoring.score`), at one query and no answers loaded, however
many alliances there are.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from . import scoring
from .models import Assessment

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
                MOVE.format(count=count, before=scoring.ROMAN_NUMERALS[before], after=scoring.ROMAN_NUMERALS[after])
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
    """How many alliances' latest submitted results would land on another stage under `thresholds` (one query)."""
    moves, too_thin, alliances = Counter(), 0, 0
    for stored_stage, stages in latest_submitted_assessments().values_list("stage", "result__stages"):
        alliances += 1
        figures = {s["number"]: (s["evidence"], s["coverage"]) for s in stages}
        holds = scoring.stages_holding(figures, thresholds)
        stage = max(n for n, ok in holds.items() if ok)
        if stage != stored_stage:
            moves[stored_stage, stage] += 1
        too_thin += any(coverage < thresholds.min_coverage for _, coverage in figures.values())
    return ThresholdImpact(alliances=alliances, moves=dict(moves), too_thin=too_thin)
