"""The dashboard's figures as they were worked out before standing periods and the cache (issue 13): the oracle the
fast path must equal, kept as it was, statement for statement.

Where an alliance stands is searched for in its assessments here (the latest submitted before the cutoff, in
LATEST_FIRST order), as `with_standing` did before it read the standing periods; nothing reads those rows.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from django.db.models import Avg, Count, F, OuterRef, QuerySet, Subquery

from assessments import access, quarters
from assessments.dashboard import figures, principles, sides
from assessments.dashboard.cached import Figures
from assessments.dashboard.filters import NOT_ASSESSED, Filters, Moment
from assessments.models import Assessment, AssessmentPrincipleScore, Round


def submitted_before(cutoff: dt.datetime | None) -> QuerySet:
    latest = Assessment.objects.latest_first()
    return latest if cutoff is None else latest.filter(submitted_at__lt=cutoff)


def with_standing(alliances: QuerySet, cutoff: dt.datetime | None) -> QuerySet:
    """Each alliance's latest assessment submitted before `cutoff`, searched for in its assessments."""
    latest = submitted_before(cutoff).filter(alliance=OuterRef("pk"))
    return alliances.alias(latest_id=Subquery(latest.values("pk")[:1])).annotate(
        latest_stage=Subquery(latest.values("stage")[:1]),
        last_assessed_at=Subquery(latest.values("submitted_at")[:1]),
        stage_before=Subquery(latest.values("stage")[1:2]),
    )


def portfolio(user, filters: Filters, moment: Moment) -> QuerySet:
    alliances = filters.apply(access.alliances_visible_to(user)).filter(start_date__lte=moment.day)
    alliances = with_standing(alliances, moment.cutoff)
    if filters.stage == NOT_ASSESSED:
        alliances = alliances.filter(latest_stage__isnull=True)
    elif filters.stage is not None:
        alliances = alliances.filter(latest_stage=filters.stage)
    return alliances


@dataclass(frozen=True)
class Standing:
    business_unit: str
    stage: int | None
    stage_before: int | None
    last_assessed: dt.datetime | None
    history: tuple[int | None, ...]

    @property
    def trend(self) -> int | None:
        return None if self.stage is None or self.stage_before is None else self.stage - self.stage_before


def standings(alliances: QuerySet, moment: Moment, count: int = figures.TIMELINE_QUARTERS):
    ends = quarters.quarter_ends(quarters.next_quarter_start(moment.day), count)
    earlier = {
        f"stage_at_{i}": Subquery(
            submitted_before(Moment(end, past=True).cutoff).filter(alliance=OuterRef("pk")).values("stage")[:1]
        )
        for i, end in enumerate(ends[:-1])
    }
    rows = (
        alliances.annotate(**earlier)
        .order_by()
        .values_list("business_unit", "latest_stage", "stage_before", "last_assessed_at", *earlier)
    )
    return [quarters.quarter_label(end) for end in ends], [
        Standing(unit, stage, before, at, (*history, stage)) for unit, stage, before, at, *history in rows
    ]


def headline(rows: list[Standing], moment: Moment, median_principle_score: float | None) -> figures.Headline:
    since = moment.recent_since
    at_stage = Counter(row.stage for row in rows)
    trends = [row.trend for row in rows if row.trend is not None]
    return figures.Headline(
        alliances=len(rows),
        assessed_recently=sum(1 for row in rows if row.last_assessed and row.last_assessed >= since),
        at_stage={n: at_stage[n] for n in figures.STAGES},
        not_assessed=at_stage[None],
        median_principle_score=median_principle_score,
        moved_up=sum(1 for trend in trends if trend > 0),
        moved_down=sum(1 for trend in trends if trend < 0),
    )


def stages_by_unit(rows: list[Standing]) -> list[figures.UnitStages]:
    counts = defaultdict(Counter)
    for row in rows:
        counts[row.business_unit][row.stage] += 1
    return [
        figures.UnitStages(unit, {n: counts[unit][n] for n in figures.STAGES}, counts[unit][None])
        for unit in sorted(counts)
    ]


def maturity_over_time(labels: list[str], rows: list[Standing]) -> figures.Timeline:
    by_unit = defaultdict(list)
    for row in rows:
        by_unit[row.business_unit].append(row.history)
    return figures.Timeline(
        quarters=labels,
        overall=_mean_stages([row.history for row in rows], len(labels)),
        by_unit={unit: _mean_stages(by_unit[unit], len(labels)) for unit in sorted(by_unit)},
    )


def _mean_stages(histories: Sequence[tuple], count: int) -> list[float | None]:
    means = []
    for i in range(count):
        stages = [history[i] for history in histories if history[i] is not None]
        means.append(round(fmean(stages), 2) if stages else None)
    return means


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


def weakest_alliances(alliances: QuerySet, limit: int = principles.HEATMAP_ROWS) -> list[principles.HeatmapRow]:
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
    return [principles.HeatmapRow(*alliance_of[pk], round(mean, 1), scores[pk]) for pk, mean in weakest.items()]


def sides_apart(alliances: QuerySet) -> list[sides.SidesApart]:
    """Each latest result read whole, its two sides' stages compared in Python."""
    latest = Assessment.objects.filter(pk__in=alliances.values(latest=F("latest_id"))).select_related(
        "round", "alliance"
    )
    apart = []
    for result in sorted(latest, key=lambda row: (row.alliance.name, row.alliance.partner)):
        if result.round.kind != Round.Kind.SURVEY:
            continue
        stages = [(side.get("result") or {}).get("stage") for side in (result.round.result or {}).get("sides", [])]
        if len(stages) >= 2 and None not in stages[:2] and stages[0] != stages[1]:
            alliance = result.alliance
            apart.append(sides.SidesApart(alliance.pk, alliance.name, alliance.partner, stages[0], stages[1]))
    return apart


def oracle_figures(user, filters: Filters, moment: Moment) -> Figures:
    """The former implementation: each figure in its own statements, searched for in the assessments, uncached."""
    alliances = portfolio(user, filters, moment)
    labels, rows = standings(alliances, moment)
    return Figures(
        headline=headline(rows, moment, median_score(alliances)),
        units=stages_by_unit(rows),
        timeline=maturity_over_time(labels, rows),
        weakest=weakest_alliances(alliances),
        held=holding_back(alliances),
        sides_apart=sides_apart(alliances),
    )
