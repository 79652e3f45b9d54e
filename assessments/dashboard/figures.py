"""The dashboard's figures about stages: headline counts, stages by business unit, maturity over time.

One query counts, per business unit, the alliances' standing periods that hold at the moment
(models/standings.py: one row per result, each the latest for a while), one more those that held at
each quarter end gone by that the timeline shows (kept apart: `cached.py`), and one more counts the
unit's alliances: the figures are then added up from those few rows, whatever the portfolio's size.
Principle figures live in principles.py.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, When

from .. import quarters
from ..models import StandingPeriod
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


# At each quarter end gone by that the timeline shows, by business unit: (alliances assessed, their stages added up).
PastHistory = dict[str, tuple[tuple[int, int], ...]]


def past_cutoffs(moment: Moment, count: int = TIMELINE_QUARTERS) -> list[dt.datetime]:
    """The moments of the quarter ends the timeline shows before the moment's own quarter, oldest first."""
    return [Moment(end, past=True).cutoff for end in _quarter_ends(moment, count)[:-1]]


def _quarter_ends(moment: Moment, count: int) -> list[dt.date]:
    """The last days of the quarters the timeline shows, oldest first, ending with the moment's quarter."""
    return quarters.quarter_ends(quarters.next_quarter_start(moment.day), count)


def past_history(alliances: QuerySet, moment: Moment, count: int = TIMELINE_QUARTERS) -> PastHistory:
    """Where `alliances` stood at each quarter end before the moment's quarter (one query, a few rows per unit).

    A period holds at the cutoffs from the first one its start comes before up to (not including) the first one
    its end comes before: the periods are counted by those two positions with their stage, and each unit's
    figures are added up from those counts.
    """
    cutoffs = past_cutoffs(moment, count)
    if not cutoffs:
        return {}
    history = defaultdict(lambda: [[0, 0] for _ in cutoffs])
    rows = (
        StandingPeriod.objects.filter(
            # Only the periods holding at some cutoff: those ending before the first or starting after the last.
            Q(valid_to__isnull=True) | Q(valid_to__gte=cutoffs[0]),
            valid_from__lt=cutoffs[-1],
            alliance__in=alliances.values("pk"),
        )
        .values_list(
            "alliance__business_unit",
            "stage",
            _first_cutoff_after("valid_from", cutoffs),
            _first_cutoff_after("valid_to", cutoffs),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit, stage, starts, ends_at, n in rows:
        for position in range(starts, ends_at):
            history[unit][position][0] += n
            history[unit][position][1] += stage * n
    return {unit: tuple(tuple(counts) for counts in positions) for unit, positions in history.items()}


def standings(
    alliances: QuerySet, moment: Moment, count: int = TIMELINE_QUARTERS, past: PastHistory | None = None
) -> Standings:
    """Each business unit's standing (two queries, and a third for the quarters gone by unless `past` holds them
    as `past_history` gives them): the periods holding at the moment, counted by stage, whether they began
    recently and the trend."""
    if past is None:
        past = past_history(alliances, moment, count)
    ends = _quarter_ends(moment, count)
    rows = (
        StandingPeriod.objects.holding_at(moment.cutoff)
        .filter(alliance__in=alliances.values("pk"))
        .values_list(
            "alliance__business_unit",
            "stage",
            ExpressionWrapper(Q(valid_from__gte=moment.recent_since), output_field=BooleanField()),
            Case(When(stage__gt=F("stage_before"), then=1), When(stage__lt=F("stage_before"), then=-1), default=0),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    now = defaultdict(Counter)  # unit -> at the moment: each stage, "recent", "up", "down", "stages" added up
    for unit, stage, recent, trend, n in rows:
        now[unit].update(
            {stage: n, "recent": n * bool(recent), "up": n * (trend > 0), "down": n * (trend < 0), "stages": stage * n}
        )
    gone_by = ((0, 0),) * (len(ends) - 1)
    units = {}
    for unit, alliance_count in sorted(alliances.label_counts("business_unit").items()):
        at_moment = (sum(now[unit][stage] for stage in STAGES), now[unit]["stages"])
        units[unit] = UnitStanding(
            alliances=alliance_count,
            at_stage={stage: now[unit][stage] for stage in STAGES},
            assessed_recently=now[unit]["recent"],
            moved_up=now[unit]["up"],
            moved_down=now[unit]["down"],
            history=(*past.get(unit, gone_by), at_moment),
        )
    return Standings(quarters=[quarters.quarter_label(end) for end in ends], units=units)


def _first_cutoff_after(field: str, cutoffs: list[dt.datetime]) -> Case:
    """The position of the first cutoff that comes after the moment `field` holds (past all of them, and for an
    empty end, which never comes, their count)."""
    return Case(
        *(When(**{f"{field}__lt": cutoff}, then=position) for position, cutoff in enumerate(cutoffs)),
        default=len(cutoffs),
    )


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
