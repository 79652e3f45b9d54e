"""The dashboard's figures about principles, aggregated in SQL over the stored principle scores."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, F, QuerySet

from ..models import AssessmentPrincipleScore

HEATMAP_ROWS = 20


def principle_scores(alliances: QuerySet) -> QuerySet:
    """The principle scores of each alliance's latest assessment at the moment."""
    return AssessmentPrincipleScore.objects.filter(assessment_id__in=alliances.values(latest=F("latest_id")))


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


def score_counts(alliances: QuerySet) -> ScoreCounts:
    """The scores' frequencies and the principles holding alliances back, in one query over the latest results.

    At most 10 x 1,001 x 2 rows whatever the portfolio's size (scores have one decimal): the latest
    assessments are found once for both figures, instead of once each.
    """
    scores, held = defaultdict(int), defaultdict(int)
    for principle, score, holds, n in (
        principle_scores(alliances)
        .values("principle", "score", "holds_back")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("principle", "score", "holds_back", "n")
    ):
        if score is not None:
            scores[score] += n
        if holds:
            held[principle] += n
    return ScoreCounts(scores=sorted(scores.items()), holding_back=dict(held))


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
