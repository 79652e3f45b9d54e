"""The dashboard's figures about principles, from the principle scores each latest result's standing period keeps.

Three statements over the periods that hold at the moment (as `with_standing` finds them), each handing back a
few rows whatever the portfolio's size: how often each score occurs (the ten score columns turned into rows in
the database), how many alliances each set of principles holds back, and the weakest alliances by their mean
score. So the latest results are found by the periods, and counted where they are.
"""

import functools
import operator
from collections import Counter
from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

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


# The mean of a period's known scores (none when it has none), added up in the order the columns come.
MEAN_SCORE = ExpressionWrapper(
    functools.reduce(operator.add, (Coalesce(F(score), Value(0.0)) for score in SCORES))
    / NullIf(
        functools.reduce(operator.add, (Case(When(**{f"{s}__isnull": False}, then=1), default=0) for s in SCORES)), 0
    ),
    output_field=FloatField(),
)


def principle_figures(alliances: QuerySet, moment: Moment, limit: int = HEATMAP_ROWS) -> PrincipleFigures:
    """The principle figures of the latest results of `alliances` at the moment, in three queries."""
    periods = StandingPeriod.objects.holding_at(moment.cutoff).filter(alliance__in=alliances.values("pk")).order_by()
    held = Counter()
    for mask, n in periods.values_list("holding_back").annotate(n=Count("pk")):
        for principle in PRINCIPLES:
            if mask >> (principle - 1) & 1:
                held[principle] += n
    weakest = (
        periods.annotate(mean=MEAN_SCORE)
        .filter(mean__isnull=False)
        .order_by("mean", "assessment_id")
        .values_list("alliance_id", "alliance__name", "mean", *SCORES)[:limit]
    )
    return PrincipleFigures(
        counts=ScoreCounts(scores=_score_counts(periods), holding_back=dict(held)),
        weakest=[
            HeatmapRow(alliance_id, name, round(mean, 1), dict(zip(PRINCIPLES, values, strict=True)))
            for alliance_id, name, mean, *values in weakest
        ],
    )


def _score_counts(periods: QuerySet) -> list[tuple[float, int]]:
    """How often each score occurs in the periods' ten score columns, lowest first: the columns are turned into
    rows (a cross join with the principles' numbers) and grouped in the database, in one scan."""
    inner, params = periods.values(*SCORES).query.sql_with_params()
    picked = " ".join(f"WHEN {n} THEN t.score_{n}" for n in PRINCIPLES)
    numbers = ", ".join(f"({n})" for n in PRINCIPLES)
    sql = (
        f"SELECT s, COUNT(*) FROM (SELECT CASE p.column1 {picked} END AS s FROM ({inner}) t "
        f"CROSS JOIN (VALUES {numbers}) p) u WHERE s IS NOT NULL GROUP BY s ORDER BY s"
    )
    with connections[periods.db].cursor() as cursor:
        cursor.execute(sql, params)
        # SQLite hands a whole score back as an integer once it has left its column.
        return [(float(score), n) for score, n in cursor.fetchall()]
