"""What the action plan's parts of other pages show, each a tested object built from the objects at hand.

The alliance page shows its plan; a result page shows whether the actions done since the result
before it worked, and the plan as it stands (so that it prints with the result).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from assessments import access

from . import changes, evaluation
from .models import Action


@dataclass(frozen=True)
class PlanRow:
    action: Action
    overdue: bool
    history: list[changes.Change]


@dataclass(frozen=True)
class Plan:
    """An alliance's actions, open ones first (soonest due first), overdue ones flagged, each with its history."""

    rows: list[PlanRow]
    can_plan: bool

    @property
    def open_count(self) -> int:
        return sum(1 for row in self.rows if row.action.is_open)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @classmethod
    def for_alliance(cls, alliance, user, today: dt.date) -> "Plan":
        """The plan as `user` sees it on `today` (three queries, whatever the number of actions)."""
        actions = list(alliance.actions.select_related("owner_user", "alliance").open_first())
        history = changes.histories(actions)
        return cls(
            rows=[PlanRow(a, a.is_overdue(today), history.get(a.pk, [])) for a in actions],
            can_plan=access.can_plan_actions(user, alliance),
        )


@dataclass(frozen=True)
class OnResult:
    """On a result's page: the actions done since the previous result with their outcome, and the open plan."""

    judged: list[evaluation.Judged]
    still_open: list[Action]
    overdue: set[int]
    can_plan: bool

    @classmethod
    def for_assessment(cls, assessment, previous, user, today: dt.date) -> "OnResult":
        """`previous` is the result before (None for a first one), as the result page fetched it.

        One query for the actions (open ones, and those done since `previous`), three more when any was done.
        """
        wanted = Q(status__in=Action.OPEN_STATUSES)
        if previous is not None:
            since = {"done_at__gt": previous.submitted_at, "done_at__lte": assessment.submitted_at}
            wanted |= Q(status=Action.Status.DONE, **since)
        actions = list(assessment.alliance.actions.filter(wanted).select_related("owner_user").open_first())
        still_open = [a for a in actions if a.is_open]
        return cls(
            judged=evaluation.done_between(actions, previous, assessment),
            still_open=still_open,
            overdue={a.pk for a in still_open if a.is_overdue(today)},
            can_plan=access.can_plan_actions(user, assessment.alliance),
        )
