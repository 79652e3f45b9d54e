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
import uuid

from django.core.cache import cache
from django.db import transaction

from . import criteria_generation

GENERATION_KEY = "portfolio:generation"
# The history's generation and its horizon, together: lost together, they can never disagree.
HISTORY_KEY = "portfolio:history"


def current_generation() -> str:
    """The portfolio's generation now (one cache read)."""
    return criteria_generation.current_generation(GENERATION_KEY)


def bump_generation() -> None:
    """Mark every cached dashboard figure stale, now and again when the change commits, and have the views
    looked at lately drawn again on the queue then (`dashboard/refresh.py`)."""
    from .dashboard import refresh

    criteria_generation.bump_generation(GENERATION_KEY)
    refresh.schedule()


def history_generation(*, kept_until: dt.datetime) -> str:
    """The history's generation, for a history of quarter ends up to `kept_until` about to be kept under it (one
    cache read). A history reaching further than the horizon so far gets a new generation with the new horizon
    (once a quarter), so that no change made meanwhile can be missed."""
    kept = cache.get(HISTORY_KEY)
    if kept is None or kept[1] < kept_until:
        kept = (uuid.uuid4().hex, max(kept_until, kept[1]) if kept else kept_until)
        cache.set(HISTORY_KEY, kept, timeout=None)
    return kept[0]


def standing_changed(since: dt.datetime | None) -> None:
    """Alliances' standing periods changed from `since` on (None: not at all): the kept history is stale if it
    reaches past `since`, now and again when the change commits. (The change marked the figures stale itself:
    a result's save or delete through its signal, a bulk write through `AssessmentQuerySet`.)"""
    if since is not None:
        _bump_history(reaching_past=since)


def history_changed() -> None:
    """What held at every quarter end may have changed (an alliance's edit): the kept history is stale, now and
    again when the change commits."""
    _bump_history(reaching_past=None)


def _bump_history(*, reaching_past: dt.datetime | None) -> None:
    """A new history generation, with the same horizon, if the history kept reaches past the moment (any, when
    None). With no generation in the cache (none yet, or lost) no history kept can be found again: nothing to do."""

    def bump() -> None:
        kept = cache.get(HISTORY_KEY)
        if kept is not None and (reaching_past is None or reaching_past < kept[1]):
            cache.set(HISTORY_KEY, (uuid.uuid4().hex, kept[1]), timeout=None)

    bump()
    transaction.on_commit(bump)


def alliance_changed(**kwargs) -> None:
    bump_generation()
    history_changed()


def action_changed(**kwargs) -> None:
    bump_generation()


def assessment_changed(instance, **kwargs) -> None:
    from .models import Assessment

    if instance.status == Assessment.Status.SUBMITTED:
        bump_generation()
