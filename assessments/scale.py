"""The five-point agreement scale every statement is rated on, in one place.

A stored answer is 1-5, or NULL for "don't know / not applicable".
"""

STRONGLY_DISAGREE = 1
STRONGLY_AGREE = 5

CHOICES = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
DONT_KNOW_LABEL = "Don't know / not applicable"
# Forms and JSON carry "don't know" as this token; the database stores it as NULL.
DONT_KNOW = "dk"

LABELS = dict(CHOICES)


def label(value: int | None) -> str:
    """The words for a stored answer value."""
    return DONT_KNOW_LABEL if value is None else LABELS[value]
