"""The actions behind the dashboard's filters, as rows for its CSV and Excel writers (assessments/dashboard/exports)."""

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext, gettext_noop

from assessments import access
from assessments.dashboard.exports import Text
from assessments.dashboard.portfolio import portfolio
from assessments.quarters import local_day

from . import evaluation, outcomes
from .models import Action

HEADER = (
    gettext_noop("Alliance"),
    gettext_noop("Partner"),
    gettext_noop("Business unit"),
    gettext_noop("What is to be done"),
    gettext_noop("Statements"),
    gettext_noop("Principle"),
    gettext_noop("Made from"),
    gettext_noop("Owner"),
    gettext_noop("Due date"),
    gettext_noop("Status"),
    gettext_noop("Overdue"),
    gettext_noop("Done on"),
    gettext_noop("Did it work"),
)
VERDICTS = {
    outcomes.IMPROVED: gettext_noop("Improved"),
    outcomes.NOT_IMPROVED: gettext_noop("Not improved"),
    outcomes.NOT_COMPARABLE: gettext_noop("Not comparable"),
}


def actions_behind(user, filters, moment) -> list[Action]:
    """The actions of the alliances the filters select (as the dashboard does), open first (two queries)."""
    alliances = portfolio(user, filters, moment).values("pk")
    chosen = access.actions_visible_to(user).filter(alliance__in=alliances)
    return list(chosen.select_related("alliance", "owner_user").open_first())


def action_rows(actions: list[Action], today: dt.date, text: Text = str) -> Iterator[tuple]:
    """One row per action, in plain values; `text` prepares every string a person typed."""
    judged = evaluation.judge(actions)
    for action in actions:
        outcome = judged.get(action.pk)
        yield (
            text(action.alliance.name),
            text(action.alliance.partner),
            text(action.alliance.business_unit),
            text(action.title),
            " ".join(action.statement_codes),
            action.principle,
            str(action.get_source_display()),
            text(action.owner_label),
            action.due_date,
            str(action.get_status_display()),
            gettext("Overdue") if action.is_overdue(today) else "",
            local_day(action.done_at) if action.done_at else None,
            gettext(VERDICTS[outcome.outcome.verdict]) if outcome else "",
        )
