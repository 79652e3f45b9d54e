"""The dashboard's figures about principles, aggregated in SQL over the stored principle scores."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, F, QuerySet

from ..models import AssessmentPrincipleScore

HEATMAP_ROWS = 20


def principle_scores(alliances: QuerySet) -> QuerySet:
    """The principle scores of each alliance's latest assessment at the moment."""
    return AssessmentPrincipleScore.objects.filter(assessment_id__in=alliances.values(latest=F("latest_id")))


def median_score(alliances: QuerySet) -> float | None:
    """The median principle score, from how often each score occurs.

    One query of at most 1,001 rows whatever the portfolio's size: scores have one decimal.
    """
    counts = list(
        principle_scores(alliances)
        .filter(score__isnull=False)
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
