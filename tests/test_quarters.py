"""Calendar quarters."""

import datetime as dt

from assessments import quarters


def test_quarter_start_and_end():
    """A day's quarter runs from the first of its first month to the last of its third."""
    assert quarters.quarter_start(dt.date(2025, 11, 15)) == dt.date(2025, 10, 1)
    assert quarters.quarter_end(dt.date(2025, 11, 15)) == dt.date(2025, 12, 31)
    assert quarters.quarter_end(dt.date(2024, 2, 29)) == dt.date(2024, 3, 31)
    assert quarters.quarter_end(dt.date(2025, 4, 1)) == dt.date(2025, 6, 30)


def test_previous_quarter_start_crosses_the_year():
    """The quarter before 2025 Q1 starts on 1 October 2024."""
    assert quarters.previous_quarter_start(dt.date(2025, 2, 10)) == dt.date(2024, 10, 1)
    assert quarters.previous_quarter_start(dt.date(2025, 11, 15)) == dt.date(2025, 7, 1)


def test_quarter_label():
    """Labels read "2025 Q3"."""
    assert quarters.quarter_label(dt.date(2025, 9, 30)) == "2025 Q3"
    assert quarters.quarter_label(dt.date(2025, 1, 1)) == "2025 Q1"


def test_overdue_and_new_turn_on_the_start_of_the_quarter_before_today():
    """On 15 Nov 2025 the last two quarters began on 1 Jul 2025: assessed before it is overdue, from it is not."""
    today, since = dt.date(2025, 11, 15), dt.date(2025, 7, 1)
    before = since - dt.timedelta(days=1)
    assert quarters.is_overdue(dt.date(2024, 1, 1), before, today)
    assert not quarters.is_overdue(dt.date(2024, 1, 1), since, today)
    assert quarters.is_overdue(before, None, today)
    assert not quarters.is_overdue(since, None, today)
    assert quarters.is_new(since, None, today)
    assert not quarters.is_new(before, None, today)
    assert not quarters.is_new(since, since, today)
