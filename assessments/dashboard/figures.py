"""The dashboard's figures about stages: headline counts, stages by business unit, maturity over time.

One query reads each alliance's standing (its stage now, before, and at each quarter's end
shown); the figures are then counted from those rows. SQLite evaluates a correlated subquery
again wherever an aggregate mentions it, so counting in SQL cost more than reading one short
row per alliance. Principle figures live in principles.py.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from django.db.models import OuterRef, QuerySet, Subquery

from .. import quarters
from ..models import Assessment
from .filters import Moment

STAGES = (1, 2, 3)
TIMELINE_QUARTERS = 8


@dataclass(frozen=True)
class Standing:
    """Where one alliance stood at the moment, and at the end of each quarter the timeline shows."""

    business_unit: str
    stage: int | None
    stage_before: int | None
    last_assessed: dt.datetime | None
    history: tuple[int | None, ...]  # the last entry is `stage`

    @property
    def trend(self) -> int | None:
        return None if self.stage is None or self.stage_before is None else self.stage - self.stage_before


@dataclass(frozen=True)
class Standings:
    quarters: list[str]  # the timeline's quarters, oldest first, ending with the moment's
    alliances: list[Standing]


def standings(alliances: QuerySet, moment: Moment, count: int = TIMELINE_QUARTERS) -> Standings:
    """Each alliance's standing (one query, one row per alliance)."""
    ends = quarters.quarter_ends(quarters.next_quarter_start(moment.day), count)
    earlier = {
        f"stage_at_{i}": Subquery(
            Assessment.objects.submitted_before(Moment(end, past=True).cutoff)
            .filter(alliance=OuterRef("pk"))
            .values("stage")[:1]
        )
        for i, end in enumerate(ends[:-1])
    }
    rows = (
        alliances.annotate(**earlier)
        .order_by()
        .values_list("business_unit", "latest_stage", "stage_before", "last_assessed_at", *earlier)
    )
    return Standings(
        quarters=[quarters.quarter_label(end) for end in ends],
        alliances=[Standing(unit, stage, before, at, (*history, stage)) for unit, stage, before, at, *history in rows],
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


def headline(standings: Standings, moment: Moment, median_principle_score: float | None) -> Headline:
    """The headline figures."""
    rows = standings.alliances
    since = moment.recent_since
    at_stage = Counter(row.stage for row in rows)
    trends = [row.trend for row in rows if row.trend is not None]
    return Headline(
        alliances=len(rows),
        assessed_recently=sum(1 for row in rows if row.last_assessed and row.last_assessed >= since),
        at_stage={n: at_stage[n] for n in STAGES},
        not_assessed=at_stage[None],
        median_principle_score=median_principle_score,
        moved_up=sum(1 for trend in trends if trend > 0),
        moved_down=sum(1 for trend in trends if trend < 0),
    )


@dataclass(frozen=True)
class UnitStages:
    business_unit: str
    at_stage: dict[int, int]
    not_assessed: int


def stages_by_unit(standings: Standings) -> list[UnitStages]:
    """How many alliances of each business unit sit at each stage, units in alphabetical order."""
    counts = defaultdict(Counter)
    for row in standings.alliances:
        counts[row.business_unit][row.stage] += 1
    return [UnitStages(unit, {n: counts[unit][n] for n in STAGES}, counts[unit][None]) for unit in sorted(counts)]


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
    by_unit = defaultdict(list)
    for row in standings.alliances:
        by_unit[row.business_unit].append(row.history)
    return Timeline(
        quarters=standings.quarters,
        overall=_mean_stages([row.history for row in standings.alliances], len(standings.quarters)),
        by_unit={unit: _mean_stages(by_unit[unit], len(standings.quarters)) for unit in sorted(by_unit)},
    )


def _mean_stages(histories: Sequence[tuple], count: int) -> list[float | None]:
    means = []
    for i in range(count):
        stages = [history[i] for history in histories if history[i] is not None]
        means.append(round(fmean(stages), 2) if stages else None)
    return means
