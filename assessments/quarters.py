"""Calendar quarters: the rhythm alliances are assessed in and the dashboard looks back by."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter `day` falls in."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter `day` falls in."""
    return next_quarter_start(day) - dt.timedelta(days=1)


def next_quarter_start(day: dt.date) -> dt.date:
    start = quarter_start(day)
    return dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)


def previous_quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter before the one `day` falls in."""
    return quarter_start(quarter_start(day) - dt.timedelta(days=1))


def quarter_ends(today: dt.date, count: int) -> list[dt.date]:
    """The last `count` quarter-end dates before `today`, oldest first."""
    ends = [quarter_start(today) - dt.timedelta(days=1)]
    while len(ends) < count:
        ends.append(quarter_start(ends[-1]) - dt.timedelta(days=1))
    return ends[::-1]


def quarter_label(day: dt.date) -> str:
    """`2025 Q3` for any day of that quarter, in the language of the request."""
    return gettext("%(year)s Q%(quarter)s") % {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def is_overdue(started: dt.date, last_assessed: dt.date | None, today: dt.date) -> bool:
    """Not assessed in the last two quarters (today's and the one before), though started before them."""
    since = previous_quarter_start(today)
    return started < since and (last_assessed is None or last_assessed < since)


def is_new(started: dt.date, last_assessed: dt.date | None, today: dt.date) -> bool:
    """Started in the last two quarters and not assessed yet: not overdue, just new."""
    return last_assessed is None and started >= previous_quarter_start(today)


def local_day(moment: dt.datetime | None) -> dt.date | None:
    """The day a moment falls on where the app runs (TIME_ZONE); None for none."""
    return timezone.localdate(moment) if moment else None
