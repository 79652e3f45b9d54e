"""The dashboard's figures as they were worked out before they were cached (issue 13): the oracle the fast path
must equal, kept as it was, statement for statement."""

from django.db.models import Count, F, QuerySet

from assessments.dashboard import figures, principles
from assessments.dashboard.cached import Figures
from assessments.dashboard.filters import Moment
from assessments.models import AssessmentPrincipleScore


def principle_scores(alliances: QuerySet) -> QuerySet:
    return AssessmentPrincipleScore.objects.filter(assessment_id__in=alliances.values(latest=F("latest_id")))


def median_score(alliances: QuerySet) -> float | None:
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


def holding_back(alliances: QuerySet) -> dict[int, int]:
    return dict(
        principle_scores(alliances)
        .filter(holds_back=True)
        .values("principle")
        .annotate(alliances=Count("pk"))
        .order_by()
        .values_list("principle", "alliances")
    )


def oracle_figures(alliances: QuerySet, moment: Moment) -> Figures:
    """Today's implementation: each figure in its own statements, nothing cached."""
    standings = figures.standings(alliances, moment)
    return Figures(
        headline=figures.headline(standings, moment, median_score(alliances)),
        units=figures.stages_by_unit(standings),
        timeline=figures.maturity_over_time(standings),
        weakest=principles.weakest_alliances(alliances),
        held=holding_back(alliances),
    )
