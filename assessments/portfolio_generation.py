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

The stage history's past quarters have a token of their own, the history's: what held at a quarter end
gone by changes only with a result submitted, moved or deleted before it, or an alliance's change. A
round closing today leaves it alone, so the history of the quarters gone by is worked out again only
when it may have changed. The horizon is the latest quarter end the history was kept for; a standing
that changed only after it leaves the token as it was.
"""

import datetime as dt

from django.core.cache import cache
from django.db import transaction

from . import criteria_generation

GENERATION_KEY = "portfolio:generation"
HISTORY_KEY = "portfolio:history"
HORIZON_KEY = "portfolio:history:horizon"


def current_generation() -> str:
    """The portfolio's generation now (one cache read)."""
    return criteria_generation.current_generation(GENERATION_KEY)


def bump_generation() -> None:
    """Mark every cached dashboard figure stale, now and again when the change commits, and have the figures
    of the views looked at lately worked out again on the queue then (`dashboard/refresh.py`)."""
    from .dashboard import refresh

    criteria_generation.bump_generation(GENERATION_KEY)
    refresh.schedule()


def history_generation(*, kept_until: dt.datetime) -> str:
    """The history's generation, for a history of quarter ends up to `kept_until` about to be kept under it
    (two cache reads, and a write when the horizon moves on)."""
    horizon = cache.get(HORIZON_KEY)
    if horizon is None or horizon < kept_until:
        cache.set(HORIZON_KEY, kept_until, timeout=None)
    return criteria_generation.current_generation(HISTORY_KEY)


def standing_changed(since: dt.datetime | None) -> None:
    """Alliances' standing periods changed from `since` on (None: not at all): every figure is stale, and the
    kept history too if it reaches past `since`, now and again when the change commits."""
    if since is None:
        return
    bump_generation()

    def bump_history_reaching_past() -> None:
        horizon = cache.get(HORIZON_KEY)
        # A horizon the cache lost may have been any: the history is worked out again.
        if horizon is None or since < horizon:
            criteria_generation.bump_generation(HISTORY_KEY)

    bump_history_reaching_past()
    transaction.on_commit(bump_history_reaching_past)


def alliance_changed(**kwargs) -> None:
    bump_generation()
    criteria_generation.bump_generation(HISTORY_KEY)


def action_changed(**kwargs) -> None:
    bump_generation()


def assessment_changed(instance, **kwargs) -> None:
    from .models import Assessment

    if instance.status == Assessment.Status.SUBMITTED:
        bump_generation()
