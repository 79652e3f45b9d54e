"""The action plans across the portfolio, for the dashboard: per business unit, and whether done actions worked."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

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
    """The actions of the alliances the dashboard's filters select, as they stand on `today` (a few queries)."""
    actions = access.actions_visible_to(user).filter(alliance__in=portfolio(user, filters, moment).values("pk"))
    counts = (
        actions.order_by()
        .values("alliance__business_unit")
        .annotate(
            still_open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES, due_date__lt=today)),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
        )
        .order_by("alliance__business_unit")
    )
    units = [
        UnitActions(row["alliance__business_unit"], row["still_open"], row["overdue"], row["done"]) for row in counts
    ]
    done = list(
        actions.filter(status=Action.Status.DONE).only(
            "pk", "alliance_id", "status", "done_at", "principle", "statement_codes"
        )
    )
    verdicts = defaultdict(int)
    for judged in evaluation.judge(done).values():
        verdicts[judged.outcome.verdict] += 1
    compared = verdicts[outcomes.IMPROVED] + verdicts[outcomes.NOT_IMPROVED]
    return Summary(units, compared, verdicts[outcomes.IMPROVED])
