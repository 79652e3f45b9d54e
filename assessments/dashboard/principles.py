"""The dashboard's figures about principles, from the principle scores each latest result's standing period keeps.

Statements over the periods that hold at the moment (as `with_standing` finds them), each handing back a few rows
whatever the portfolio's size: how often each score occurs and how many alliances each principle holds back (one
statement on PostgreSQL, grouping each column on its own; on SQLite the ten score columns turned into rows, and
the masks of what holds back grouped apart), and the weakest alliances by the mean score their periods keep. So
the latest results are found by the periods, and counted where they are.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, QuerySet

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
    """The principle figures of the latest results of `alliances` at the moment, in two queries (three on SQLite)."""
    periods = StandingPeriod.objects.holding_at(moment.cutoff).filter(alliance__in=alliances.values("pk")).order_by()
    # Of the periods holding now, the index `standing_period_weakest` holds them in this order: the first few are
    # read from it, with no sort of all of them.
    weakest = (
        periods.filter(mean_score__isnull=False)
        .order_by("mean_score", "assessment_id")
        .values_list("alliance_id", "alliance__name", "mean_score", *SCORES)[:limit]
    )
    return PrincipleFigures(
        counts=_score_counts(periods),
        weakest=[
            HeatmapRow(alliance_id, name, round(mean, 1), dict(zip(PRINCIPLES, values, strict=True)))
            for alliance_id, name, mean, *values in weakest
        ],
    )


def _score_counts(periods: QuerySet) -> ScoreCounts:
    """How often each score occurs in the periods' ten score columns, and how many periods each principle holds
    back, counted in the database in one scan of the periods on PostgreSQL (in two on SQLite)."""
    if connections[periods.db].vendor == "postgresql":
        return _counted_by_column(periods)
    held = Counter()
    for mask, n in periods.values_list("holding_back").annotate(n=Count("pk")):
        _add_held(held, mask, n)
    return ScoreCounts(scores=_unpivoted_counts(periods), holding_back=dict(held))


def _counted_by_column(periods: QuerySet) -> ScoreCounts:
    """Each score column and the mask of what holds back grouped on its own in one statement (grouping sets): a
    row of the column's set has that column's value and the others' empty. A score column's empty group (no
    score) has them all empty and counts for nothing; the mask is never empty."""
    inner, params = periods.values(*SCORES, "holding_back").query.sql_with_params()
    columns = ", ".join(f"t.{column}" for column in (*SCORES, "holding_back"))
    sets = ", ".join(f"(t.{column})" for column in (*SCORES, "holding_back"))
    sql = f"SELECT {columns}, COUNT(*) FROM ({inner}) t GROUP BY GROUPING SETS ({sets})"
    scores, held = Counter(), Counter()
    with connections[periods.db].cursor() as cursor:
        cursor.execute(sql, params)
        for *values, mask, n in cursor.fetchall():
            if mask is not None:
                _add_held(held, mask, n)
            for score in values:
                if score is not None:
                    scores[score] += n
    return ScoreCounts(scores=sorted(scores.items()), holding_back=dict(held))


def _add_held(held: Counter, mask: int, n: int) -> None:
    """Count `n` periods for each principle the mask says holds them back."""
    for principle in PRINCIPLES:
        if mask >> (principle - 1) & 1:
            held[principle] += n


def _unpivoted_counts(periods: QuerySet) -> list[tuple[float, int]]:
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
