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
