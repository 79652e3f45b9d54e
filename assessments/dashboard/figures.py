"""The dashboard's figures, each one aggregate SQL over the portfolio's stored results.

`alliances` below is always `portfolio.portfolio(...)`: the filtered alliances annotated with
their standing at the moment. No function here runs a query per alliance or re-scores anything.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery

from .. import quarters
from ..models import AssessmentPrincipleScore
from .filters import Moment
from .portfolio import submitted_by

STAGES = (1, 2, 3)
HEATMAP_ROWS = 20
TIMELINE_QUARTERS = 8


@dataclass(frozen=True)
class Headline:
    alliances: int
    assessed_recently: int  # in this quarter or the one before
    at_stage: dict[int, int]
    not_assessed: int
    median_principle_score: float | None
    moved_up: int  # a higher stage than at the assessment before
    moved_down: int

    @property
    def assessed(self) -> int:
        return sum(self.at_stage.values())


def principle_scores(alliances: QuerySet) -> QuerySet:
    """The principle scores of each alliance's latest assessment at the moment."""
    return AssessmentPrincipleScore.objects.filter(assessment_id__in=alliances.values("latest_id"))


def headline(alliances: QuerySet, moment: Moment) -> Headline:
    """The headline figures (three queries)."""
    counts = alliances.aggregate(
        alliances=Count("pk"),
        assessed_recently=Count("pk", filter=Q(last_assessed__gte=moment.recent_since)),
        not_assessed=Count("pk", filter=Q(stage_now__isnull=True)),
        moved_up=Count("pk", filter=Q(stage_now__gt=F("stage_before"))),
        moved_down=Count("pk", filter=Q(stage_now__lt=F("stage_before"))),
        **{f"stage_{n}": Count("pk", filter=Q(stage_now=n)) for n in STAGES},
    )
    return Headline(
        alliances=counts["alliances"],
        assessed_recently=counts["assessed_recently"],
        at_stage={n: counts[f"stage_{n}"] for n in STAGES},
        not_assessed=counts["not_assessed"],
        median_principle_score=median_score(principle_scores(alliances)),
        moved_up=counts["moved_up"],
        moved_down=counts["moved_down"],
    )


def median_score(scores: QuerySet) -> float | None:
    """The median score, from how often each score occurs (one query, at most 1,001 rows: scores have one decimal)."""
    counts = list(
        scores.filter(score__isnull=False)
        .values("score")
        .annotate(n=Count("pk"))
        .order_by("score")
        .values_list("score", "n")
    )
    total = sum(n for _, n in counts)
    if not total:
        return None

    def score_at(position: int) -> float:
        seen = 0
        for score, n in counts:
            seen += n
            if position < seen:
                return score

    return round((score_at((total - 1) // 2) + score_at(total // 2)) / 2, 1)


@dataclass(frozen=True)
class UnitStages:
    business_unit: str
    at_stage: dict[int, int]
    not_assessed: int


def stages_by_unit(alliances: QuerySet) -> list[UnitStages]:
    """How many alliances of each business unit sit at each stage (one query)."""
    rows = (
        alliances.values("business_unit")
        .annotate(
            not_assessed=Count("pk", filter=Q(stage_now__isnull=True)),
            **{f"stage_{n}": Count("pk", filter=Q(stage_now=n)) for n in STAGES},
        )
        .order_by("business_unit")
    )
    return [
        UnitStages(row["business_unit"], {n: row[f"stage_{n}"] for n in STAGES}, row["not_assessed"]) for row in rows
    ]


@dataclass(frozen=True)
class HeatmapRow:
    alliance_id: int
    name: str
    mean: float
    scores: dict[int, float | None]  # by principle number

    @property
    def ordered_scores(self) -> list[float | None]:
        return [self.scores[n] for n in sorted(self.scores)]


def weakest_alliances(alliances: QuerySet, limit: int = HEATMAP_ROWS) -> list[HeatmapRow]:
    """The `limit` alliances with the lowest mean principle score, weakest first (two queries)."""
    weakest = dict(
        principle_scores(alliances)
        .filter(score__isnull=False)
        .values("assessment_id")
        .annotate(mean=Avg("score"))
        .order_by("mean", "assessment_id")
        .values_list("assessment_id", "mean")[:limit]
    )
    alliance_of, scores = {}, defaultdict(dict)
    for assessment_id, alliance_id, name, principle, score in AssessmentPrincipleScore.objects.filter(
        assessment_id__in=weakest
    ).values_list("assessment_id", "assessment__alliance_id", "assessment__alliance__name", "principle", "score"):
        alliance_of[assessment_id] = (alliance_id, name)
        scores[assessment_id][principle] = score
    return [HeatmapRow(*alliance_of[pk], round(mean, 1), scores[pk]) for pk, mean in weakest.items()]


def holding_back(alliances: QuerySet) -> dict[int, int]:
    """For each principle, how many alliances it holds back from their next stage (one query)."""
    return dict(
        principle_scores(alliances)
        .filter(holds_back=True)
        .values("principle")
        .annotate(alliances=Count("pk"))
        .order_by()
        .values_list("principle", "alliances")
    )


@dataclass(frozen=True)
class Timeline:
    quarters: list[str]
    overall: list[float | None]  # the mean stage of the assessed alliances at each quarter's end
    by_unit: dict[str, list[float | None]]

    @property
    def rows(self) -> list[tuple[str, float | None, list[float | None]]]:
        """Quarter by quarter: its label, the overall mean and each unit's mean, for the table."""
        return [
            (quarter, self.overall[i], [values[i] for values in self.by_unit.values()])
            for i, quarter in enumerate(self.quarters)
        ]


def maturity_over_time(alliances: QuerySet, moment: Moment, count: int = TIMELINE_QUARTERS) -> Timeline:
    """The mean stage at the end of each of the last `count` quarters up to the moment (one query).

    Each quarter is a pair of aggregates over "the latest stage at that quarter's end", so the
    statement grows with the number of quarters shown, never with the portfolio.
    """
    ends = quarters.quarter_ends(quarters.next_quarter_start(moment.day), count)
    moments = [Moment(end, past=True) for end in ends[:-1]] + [moment]
    aggregates = {}
    for i, at in enumerate(moments):
        stage = Subquery(submitted_by(at).filter(alliance=OuterRef("pk")).values("stage")[:1])
        aggregates[f"mean_{i}"] = Avg(stage)
        aggregates[f"assessed_{i}"] = Count(stage)
    rows = list(alliances.values("business_unit").annotate(**aggregates).order_by("business_unit"))
    overall = []
    for i in range(count):
        assessed = sum(row[f"assessed_{i}"] for row in rows)
        total = sum(row[f"mean_{i}"] * row[f"assessed_{i}"] for row in rows if row[f"assessed_{i}"])
        overall.append(round(total / assessed, 2) if assessed else None)
    return Timeline(
        quarters=[quarters.quarter_label(end) for end in ends],
        overall=overall,
        by_unit={
            row["business_unit"]: [
                round(row[f"mean_{i}"], 2) if row[f"mean_{i}"] is not None else None for i in range(count)
            ]
            for row in rows
        },
    )
