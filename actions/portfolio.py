"""The action plans across the portfolio, for the dashboard: per business unit, and whether done actions worked."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from assessments import access
from assessments.dashboard.portfolio import portfolio

from . import evaluation, outcomes
from .models import Action


@dataclass(frozen=True)
class UnitActions:
    business_unit: str
    still_open: int
    overdue: int
    done: int


@dataclass(frozen=True)
class Summary:
    units: list[UnitActions]
    judged: int  # done actions whose next result has come, compared on at least one statement
    improved: int

    @property
    def improved_share(self) -> float | None:
        """The share (0-100) of the judged done actions whose statements improved; None when none is judged yet."""
        return 100 * self.improved / self.judged if self.judged else None


def summary(user, filters, moment, today: dt.date) -> Summary:
    """The actions of the alliances the dashboard's filters select, as they stand on `today`.

    One query when no action is done yet, four when some are (their results, answers and principle
    scores): the actions come once, counted here, rather than counted in SQL and then fetched again.
    """
    chosen = access.actions_visible_to(user).filter(alliance__in=portfolio(user, filters, moment).values("pk"))
    actions = list(
        chosen.exclude(status=Action.Status.DROPPED)
        .annotate(business_unit=F("alliance__business_unit"))
        .only("pk", "alliance_id", "status", "due_date", "done_at", "statement_codes", "principle")
        .order_by()
    )
    counts = defaultdict(lambda: [0, 0, 0])
    for action in actions:
        count = counts[action.business_unit]
        count[0] += action.is_open
        count[1] += action.is_overdue(today)
        count[2] += action.status == Action.Status.DONE
    units = [UnitActions(unit, *count) for unit, count in sorted(counts.items())]
    verdicts = defaultdict(int)
    for judged in evaluation.judge(actions).values():
        verdicts[judged.outcome.verdict] += 1
    compared = verdicts[outcomes.IMPROVED] + verdicts[outcomes.NOT_IMPROVED]
    return Summary(units, compared, verdicts[outcomes.IMPROVED])
