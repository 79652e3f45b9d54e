"""The portfolio's generation: a token in the shared cache that every change the dashboard shows replaces.

The dashboard's figures are cached under a key holding this token (and the criteria's, and the day
they are for: `dashboard/cached.py`), so a change seen by one process is seen by all. What changes
them, each bumped in one place, the signal receivers below (connected in apps.py):

- an assessment saved or deleted while submitted: a submission, a round's combined result;
- an alliance created, edited or deleted (its name, labels and start date are in the figures);
- an action created, edited or deleted (the action plans' card is kept under the same key);
- the criteria (criteria_generation.py), whose own token is part of the key;
- the day itself, since Overdue and "assessed recently" move with the date: the day is in the key.

Drafts being answered change nothing the dashboard shows, so their saves do not bump it.
"""

from . import criteria_generation

GENERATION_KEY = "portfolio:generation"


def current_generation() -> str:
    """The portfolio's generation now (one cache read)."""
    return criteria_generation.current_generation(GENERATION_KEY)


def bump_generation() -> None:
    """Mark every cached dashboard figure stale, now and again when the change commits."""
    criteria_generation.bump_generation(GENERATION_KEY)


def alliance_changed(**kwargs) -> None:
    bump_generation()


def action_changed(**kwargs) -> None:
    bump_generation()


def assessment_changed(instance, **kwargs) -> None:
    from .models import Assessment

    if instance.status == Assessment.Status.SUBMITTED:
        bump_generation()
