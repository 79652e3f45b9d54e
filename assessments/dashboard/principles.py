"""The dashboard's figures about principles, from the principle scores each latest result's standing period keeps.

The periods holding at the moment (as `with_standing` finds them) are counted in the database: how often
each score occurs (one statement, a union per principle), how many alliances each set of principles holds
back, and the weakest alliances by their mean score; a few rows come back whatever the portfolio's size.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, QuerySet, Value, When
from django.db.models.functions import Coalesce

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
    """The principle figures of the latest results of `alliances` at the moment, counted in the database (three
    queries of a few rows each, whatever the portfolio's size)."""
    periods = StandingPeriod.objects.holding_at(moment.cutoff).filter(alliance__in=alliances.values("pk")).order_by()
    first, *others = (
        periods.filter(**{f"{field}__isnull": False})
        .values(score=F(field))
        .annotate(n=Count("pk"))
        .values_list("score", "n")
        for field in SCORES
    )
    scores = Counter()
    for score, n in first.union(*others, all=True):
        scores[score] += n
    held = Counter()
    for mask, n in periods.values("holding_back").annotate(n=Count("pk")).values_list("holding_back", "n"):
        for principle in PRINCIPLES:
            if mask >> (principle - 1) & 1:
                held[principle] += n
    answered = sum((Case(When(**{f"{field}__isnull": False}, then=1), default=0) for field in SCORES), Value(0))
    added_up = sum((Coalesce(F(field), Value(0.0)) for field in SCORES), Value(0.0))
    weakest = (
        periods.alias(answered=answered)
        .filter(answered__gt=0)
        .alias(mean=ExpressionWrapper(added_up / F("answered"), output_field=FloatField()))
        .order_by("mean", "assessment_id")
        .values_list("alliance_id", "alliance__name", *SCORES)[:limit]
    )
    return PrincipleFigures(
        counts=ScoreCounts(scores=sorted(scores.items()), holding_back=dict(held)),
        weakest=[
            HeatmapRow(alliance_id, name, round(_mean(values), 1), dict(zip(PRINCIPLES, values, strict=True)))
            for alliance_id, name, *values in weakest
        ],
    )


def _mean(values: list[float | None]) -> float:
    known = [score for score in values if score is not None]
    return sum(known) / len(known)
