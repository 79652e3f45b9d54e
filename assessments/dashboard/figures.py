"""The dashboard's figures about stages: headline counts, stages by business unit, maturity over time.

One query counts, per business unit, the alliances' standing periods that hold at the moment and at
each quarter end shown (models/standings.py: one row per result, each the latest for a while), and
one more counts the unit's alliances: the figures are then added up from those few rows, whatever
the portfolio's size. Principle figures live in principles.py.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from .. import quarters
from ..models import StandingPeriod, held_at
from .filters import Moment

STAGES = (1, 2, 3)
TIMELINE_QUARTERS = 8


@dataclass(frozen=True)
class UnitStanding:
    """Where one business unit's alliances stood at the moment, and at the end of each quarter the timeline shows."""

    alliances: int
    at_stage: dict[int, int]  # at the moment; the unit's other alliances are not assessed
    assessed_recently: int  # in the moment's quarter or the one before
    moved_up: int  # a higher stage than at the assessment before
    moved_down: int
    history: tuple[tuple[int, int], ...]  # at each quarter end: (alliances assessed, their stages added up)


@dataclass(frozen=True)
class Standings:
    quarters: list[str]  # the timeline's quarters, oldest first, ending with the moment's
    units: dict[str, UnitStanding]  # by business unit, in alphabetical order


def standings(alliances: QuerySet, moment: Moment, count: int = TIMELINE_QUARTERS) -> Standings:
    """Each business unit's standing (two queries, one row per unit each)."""
    ends = quarters.quarter_ends(quarters.next_quarter_start(moment.day), count)
    # The last quarter shown is the moment's: its figure is the standing at the moment itself.
    cutoffs = [*(Moment(end, past=True).cutoff for end in ends[:-1]), moment.cutoff]
    now = held_at(moment.cutoff)
    counted = {
        **{f"assessed_{i}": Count("pk", filter=held_at(cutoff)) for i, cutoff in enumerate(cutoffs)},
        **{f"stages_{i}": Sum("stage", filter=held_at(cutoff)) for i, cutoff in enumerate(cutoffs)},
        **{f"at_{stage}": Count("pk", filter=now & Q(stage=stage)) for stage in STAGES},
        "recent": Count("pk", filter=now & Q(valid_from__gte=moment.recent_since)),
        "up": Count("pk", filter=now & Q(stage__gt=F("stage_before"))),
        "down": Count("pk", filter=now & Q(stage__lt=F("stage_before"))),
    }
    # Only the periods that hold at some moment shown: those ending before the first one are never read.
    shown = Q(valid_to__isnull=True) | Q(valid_to__gte=cutoffs[0])
    rows = {
        row.pop("alliance__business_unit"): row
        for row in StandingPeriod.objects.filter(shown, alliance__in=alliances.values("pk"))
        .values("alliance__business_unit")
        .annotate(**counted)
        .order_by()
    }
    units = {}
    for unit, alliance_count in sorted(alliances.label_counts("business_unit").items()):
        row = rows.get(unit, {})
        units[unit] = UnitStanding(
            alliances=alliance_count,
            at_stage={stage: row.get(f"at_{stage}", 0) for stage in STAGES},
            assessed_recently=row.get("recent", 0),
            moved_up=row.get("up", 0),
            moved_down=row.get("down", 0),
            history=tuple((row.get(f"assessed_{i}", 0), row.get(f"stages_{i}") or 0) for i in range(len(cutoffs))),
        )
    return Standings(quarters=[quarters.quarter_label(end) for end in ends], units=units)


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

    @property
    def below_stage_three(self) -> int:
        return self.at_stage[1] + self.at_stage[2]


def headline(standings: Standings, median_principle_score: float | None) -> Headline:
    """The headline figures."""
    units = standings.units.values()
    at_stage = {stage: sum(unit.at_stage[stage] for unit in units) for stage in STAGES}
    alliances = sum(unit.alliances for unit in units)
    return Headline(
        alliances=alliances,
        assessed_recently=sum(unit.assessed_recently for unit in units),
        at_stage=at_stage,
        not_assessed=alliances - sum(at_stage.values()),
        median_principle_score=median_principle_score,
        moved_up=sum(unit.moved_up for unit in units),
        moved_down=sum(unit.moved_down for unit in units),
    )


@dataclass(frozen=True)
class UnitStages:
    business_unit: str
    at_stage: dict[int, int]
    not_assessed: int


def stages_by_unit(standings: Standings) -> list[UnitStages]:
    """How many alliances of each business unit sit at each stage, units in alphabetical order."""
    return [
        UnitStages(name, dict(unit.at_stage), unit.alliances - sum(unit.at_stage.values()))
        for name, unit in standings.units.items()
    ]


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


def maturity_over_time(standings: Standings) -> Timeline:
    """The mean stage at the end of each quarter shown, overall and by business unit."""
    histories = [unit.history for unit in standings.units.values()]
    overall = [
        (sum(history[i][0] for history in histories), sum(history[i][1] for history in histories))
        for i in range(len(standings.quarters))
    ]
    return Timeline(
        quarters=standings.quarters,
        overall=_means(overall),
        by_unit={name: _means(unit.history) for name, unit in standings.units.items()},
    )


def _means(history) -> list[float | None]:
    """The mean stage at each quarter end, from how many were assessed and their stages added up."""
    return [round(stages / assessed, 2) if assessed else None for assessed, stages in history]
