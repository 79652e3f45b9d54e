"""The dashboard's figures about principles, from the principle scores each latest result's standing period keeps.

One query reads them for every alliance of the portfolio (the period that holds at the moment, as
`with_standing` finds it): the scores' frequencies, what holds alliances back and the weakest alliances are
then counted from those rows, so the latest results are found once for all three.
"""

import heapq
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import StandingPeriod
from ..periods import PRINCIPLES
from .filters import Moment

HEATMAP_ROWS = 20
SCORES = tuple(f"score_{n}" for n in PRINCIPLES)


@dataclass(frozen=True)
class ScoreCounts:
    """How often each principle score occurs among the latest assessments, and what holds alliances back."""

    scores: list[tuple[float, int]]  # (score, how many), lowest first
    holding_back: dict[int, int]  # by principle number: how many alliances it holds back

    @property
    def median(self) -> float | None:
        """The median principle score, read from how often each score occurs."""
        total = sum(n for _, n in self.scores)
        if not total:
            return None

        def score_at(position: int) -> float:
            seen = 0
            for score, n in self.scores:
                seen += n
                if position < seen:
                    return score

        return round((score_at((total - 1) // 2) + score_at(total // 2)) / 2, 1)


@dataclass(frozen=True)
class HeatmapRow:
    alliance_id: int
    name: str
    mean: float
    scores: dict[int, float | None]  # by principle number

    @property
    def ordered_scores(self) -> list[float | None]:
        return [self.scores[n] for n in sorted(self.scores)]


@dataclass(frozen=True)
class PrincipleFigures:
    counts: ScoreCounts
    weakest: list[HeatmapRow]  # the alliances with the lowest mean principle score, weakest first


def principle_figures(alliances: QuerySet, moment: Moment, limit: int = HEATMAP_ROWS) -> PrincipleFigures:
    """The principle figures of the latest results of `alliances` at the moment, in one query."""
    rows = (
        StandingPeriod.objects.holding_at(moment.cutoff)
        .filter(alliance__in=alliances.values("pk"))
        .order_by()
        .values_list("assessment_id", "alliance_id", "alliance__name", "holding_back", *SCORES)
    )
    scores, masks, means = Counter(), Counter(), []
    for assessment_id, alliance_id, name, holding_back, *values in rows:
        known = [score for score in values if score is not None]
        scores.update(known)
        masks[holding_back] += 1
        if known:
            means.append((sum(known) / len(known), assessment_id, alliance_id, name, values))
    held = Counter()
    for mask, n in masks.items():
        for principle in PRINCIPLES:
            if mask >> (principle - 1) & 1:
                held[principle] += n
    weakest = heapq.nsmallest(limit, means, key=lambda row: row[:2])
    return PrincipleFigures(
        counts=ScoreCounts(scores=sorted(scores.items()), holding_back=dict(held)),
        weakest=[
            HeatmapRow(alliance_id, name, round(mean, 1), dict(zip(PRINCIPLES, values, strict=True)))
            for mean, _, alliance_id, name, values in weakest
        ],
    )
