"""The dashboard's figures about principles, from the principle scores each latest result's standing period keeps.

Two statements over the periods that hold at the moment (as `with_standing` finds them), each handing back a few
rows whatever the portfolio's size: how often each score occurs and how many alliances each principle holds back
(each of the ten score columns and the mask of what holds back grouped on its own, the periods read once), and
the weakest alliances by the mean score their periods keep. So the latest results are found by the periods, and
counted where they are.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connections
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
    """The principle figures of the latest results of `alliances` at the moment, in two queries."""
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
    back, in one statement handing back a few rows: the periods are read once and each column is grouped on its
    own, each row giving a mask or a score and how many periods have it."""
    inner, params = periods.values("holding_back", *SCORES).query.sql_with_params()
    if connections[periods.db].vendor == "postgresql":
        # Grouping sets: in a score column's set the other columns are empty, so the score is the one not empty
        # (the set's empty group, periods without that score, has none and counts for nothing).
        sets = ", ".join(f"(t.{column})" for column in (*SCORES, "holding_back"))
        scores = ", ".join(f"t.{score}" for score in SCORES)
        sql = f"SELECT t.holding_back, COALESCE({scores}), COUNT(*) FROM ({inner}) t GROUP BY GROUPING SETS ({sets})"
    else:
        # SQLite has no grouping sets: the periods read into a CTE (kept, being read more than once), then grouped
        # by each column in turn. Twice as fast there as turning the columns into rows with a cross join.
        groupings = [
            f"SELECT NULL, t.{score}, COUNT(*) FROM t WHERE t.{score} IS NOT NULL GROUP BY 2" for score in SCORES
        ]
        groupings.append("SELECT t.holding_back, NULL, COUNT(*) FROM t GROUP BY 1")
        sql = f"WITH t AS ({inner}) {' UNION ALL '.join(groupings)}"
    counts, held = Counter(), Counter()
    with connections[periods.db].cursor() as cursor:
        cursor.execute(sql, params)
        for mask, score, n in cursor.fetchall():
            if score is not None:
                # SQLite hands a whole score back as an integer once it has left its column.
                counts[float(score)] += n
            elif mask is not None:
                for principle in PRINCIPLES:
                    if mask >> (principle - 1) & 1:
                        held[principle] += n
    return ScoreCounts(scores=sorted(counts.items()), holding_back=dict(held))
