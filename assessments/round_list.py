"""An alliance's rounds as its page lists them: kind, state, stage, and where each leads.

Built from three queries the view makes (the rounds, their submitted assessments, the open
self-assessment's draft), whatever the number of rounds or respondents.
"""

import datetime as dt
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from .models import Assessment, Round


@dataclass(frozen=True)
class RoundRow:
    round: Round
    result: Assessment | None  # the submitted assessment: a self-assessment's own, or a survey's combined one
    draft: Assessment | None  # the open self-assessment's draft
    hidden: bool = False  # a survey whose verdict the viewer may not see (access.results_hidden_from)

    @property
    def is_survey(self) -> bool:
        return self.round.is_survey

    @property
    def day(self) -> dt.datetime:
        """The moment the row is dated by: its submission, its closing, or its opening while open."""
        if self.result:
            return self.result.submitted_at
        return self.round.closed_at or self.round.opened_at

    @property
    def state(self) -> str:
        """ "open", "closed" (with a result) or "no_result" (closed with none)."""
        if self.round.is_open:
            return "open"
        return "closed" if self.result else "no_result"


def round_rows(
    rounds: Sequence[Round], submitted: Iterable[Assessment], drafts: Iterable[Assessment], hidden: Set[int]
) -> list[RoundRow]:
    """Open rounds first, then the closed ones newest first, each with its result and draft."""
    result_of = {a.round_id: a for a in submitted}
    draft_of = {a.round_id: a for a in drafts}
    rows = [RoundRow(r, result_of.get(r.pk), draft_of.get(r.pk), r.pk in hidden) for r in rounds]
    return sorted(rows, key=lambda row: (not row.round.is_open, -row.day.timestamp(), -row.round.pk))
