"""The five-point agreement scale every statement is rated on, in one place.

A stored answer is 1-5, or NULL for "don't know / not applicable".
"""

from django.utils.translation import gettext_lazy as _

STRONGLY_DISAGREE = 1
STRONGLY_AGREE = 5

CHOICES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]
DONT_KNOW_LABEL = _("Don't know / not applicable")
# Forms and JSON carry "don't know" as this token; the database stores it as NULL.
DONT_KNOW = "dk"

LABELS = dict(CHOICES)


def label(value: int | None) -> str:
    """The words for a stored answer value."""
    return DONT_KNOW_LABEL if value is None else LABELS[value]


def phrases(sentence: str) -> dict[int | None, str]:
    """A sentence around each answer's words (e.g. `answered “{answer}”`), composed once for a whole page."""
    return {value: sentence.format(answer=label(value)) for value in (None, *LABELS)}
