"""What new scoring thresholds would do: the stage each alliance's latest submitted result would land on.

An admin-only preview that writes nothing. Thresholds change where evidence is cut, not the evidence:
each stage's evidence and coverage are stored in the result, computed from the answers against the
assessment's own (frozen) version. So the preview applies scoring's placing rule, `stages_holding`,
to the stored figures with the new thresholds. That is what re-scoring the stored answers would give
(tests/test_impact.py checks it against `scoring.score`), at one query and no answers loaded, however
many alliances there are.

A survey's latest result is its combined assessment; its round stores each side's stage evidence,
and under the new thresholds the lowest side wins, as closing the round would have placed it.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import combining, results, scoring, scoring_v2
from .models import Alliance, Assessment

NO_ASSESSMENTS = _("No alliance has a submitted assessment yet, so no stage would move.")
MOVED = ngettext_lazy(
    "%(moved)s of %(alliances)d alliance would move stage if its latest assessment were scored with these thresholds",
    "%(moved)s of %(alliances)d alliances would move stage if their latest assessment were scored with these"
    " thresholds",
    "alliances",
)
MOVE = ngettext_lazy(
    "%(count)d from Stage %(before)s to %(after)s", "%(count)d from Stage %(before)s to %(after)s", "count"
)
TOO_THIN = ngettext_lazy(
    "%(count)d would lack the answers a verdict needs.", "%(count)d would lack the answers a verdict needs.", "count"
)


@dataclass(frozen=True)
class Move:
    """One alliance whose latest result would land on another stage."""

    alliance_id: int
    alliance: str
    before: int
    after: int


@dataclass(frozen=True)
class ThresholdImpact:
    alliances: int
    moving: tuple[Move, ...]
    too_thin: int

    @property
    def moves(self) -> dict[tuple[int, int], int]:
        """How many alliances would move from each stage to each other one."""
        return dict(Counter((move.before, move.after) for move in self.moving))

    @property
    def moved(self) -> int:
        return len(self.moving)

    def describe(self) -> str:
        """One or two plain sentences for the admin."""
        if not self.alliances:
            return str(NO_ASSESSMENTS)
        text = MOVED % {"moved": self.moved, "alliances": self.alliances}
        if self.moving:
            text += ": " + ", ".join(
                MOVE
                % {"count": count, "before": scoring.ROMAN_NUMERALS[before], "after": scoring.ROMAN_NUMERALS[after]}
                for (before, after), count in sorted(self.moves.items())
            )
        text += "."
        if self.too_thin:
            text += " " + TOO_THIN % {"count": self.too_thin}
        return text


def latest_submitted_assessments():
    """Each alliance's most recent submitted assessment: the one its standing today rests on."""
    return Assessment.objects.filter(pk__in=Alliance.objects.with_standing().values(latest=F("latest_id")))


def threshold_impact(thresholds: scoring.Thresholds) -> ThresholdImpact:
    """Which alliances' latest submitted results would land on another stage under `thresholds` (one query)."""
    moving, too_thin, alliances = [], 0, 0
    # Each side's stored stages (None for a self-assessment, and for a side that did not qualify).
    sides = [
        f"round__result__sides__{n}__result__{figures}"
        for n in range(len(combining.SIDES))
        for figures in ("stages", "patterns")
    ]
    rows = latest_submitted_assessments().values_list(
        "alliance_id",
        "alliance__name",
        "alliance__partner",
        "stage",
        "result__stages",
        "result__patterns",
        "questionnaire__rules",
        *sides,
    )
    for alliance_id, name, partner, stored_stage, stages, patterns, rules, *by_side in rows.order_by(
        "alliance__name", "alliance__partner"
    ):
        alliances += 1
        # A survey: each qualifying side placed from its own stored figures, the lowest side winning.
        placed = [
            _placed(side_stages, side_patterns, rules, thresholds)
            for side_stages, side_patterns in zip(by_side[::2], by_side[1::2], strict=True)
            if side_stages
        ] or [_placed(stages, patterns, rules, thresholds)]
        stage = min(stage for stage, _ in placed)
        if stage != stored_stage:
            moving.append(Move(alliance_id, f"{name} ({partner})", stored_stage, stage))
        too_thin += any(thin for _, thin in placed)
    return ThresholdImpact(alliances=alliances, moving=tuple(moving), too_thin=too_thin)


def _placed(stages, patterns, rules: int, thresholds: scoring.Thresholds) -> tuple[int, bool]:
    """The stage stored figures place at under `thresholds` by their version's rules, and whether one is too thin."""
    stored = results.read_stages(stages)
    if rules == 2:
        # Version 2 rules judge each pattern on its own coverage, and one pattern can hold Stage I.
        evidence = {s.number: s.evidence for s in stored}
        read = [scoring.PatternEvidence(**p) for p in patterns]
        holds, thin = scoring_v2.stages_holding(evidence, read, thresholds)
    else:
        figures = {s.number: (s.evidence, s.coverage) for s in stored}
        holds = scoring.stages_holding(figures, thresholds)
        thin = any(coverage < thresholds.min_coverage for _, coverage in figures.values())
    return max(n for n, ok in holds.items() if ok), thin
