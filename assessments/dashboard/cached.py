"""The dashboard's figures, kept in the shared cache until anything they show changes.

Working the figures out reads every alliance's standing and the latest principle scores (most of
the page's time on a large portfolio); the figures themselves are small. They are kept under a key
made of everything they depend on: the portfolio's and the criteria's generations (bumped by every
change, `portfolio_generation.py`), who is looking (what they may see), the filters, the moment
(which holds the day: Overdue moves with the date) and the language (quarter labels are words).
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation

from .. import access, criteria_generation, portfolio_generation
from . import figures, principles, sides
from .filters import Filters, Moment

# Keys of an old generation are never read again; they go after a day.
KEPT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Figures:
    """Every figure the dashboard shows above its table (charts and their tables are drawn from these)."""

    headline: figures.Headline
    units: list[figures.UnitStages]
    timeline: figures.Timeline
    weakest: list[principles.HeatmapRow]
    held: dict[int, int]  # by principle number: how many alliances it holds back
    sides_apart: list[sides.SidesApart]


def work_out(alliances: QuerySet, moment: Moment, past: figures.PastHistory | None = None) -> Figures:
    """The figures from the database (five queries, one more unless `past` holds the quarters gone by)."""
    standings = figures.standings(alliances, moment, past=past)
    shown = principles.principle_figures(alliances, moment)
    return Figures(
        headline=figures.headline(standings, shown.counts.median),
        units=figures.stages_by_unit(standings),
        timeline=figures.maturity_over_time(standings),
        weakest=shown.weakest,
        held=shown.counts.holding_back,
        sides_apart=sides.sides_apart(alliances),
    )


def figures_key(*, user, filters: Filters, moment: Moment) -> str:
    """Where the figures for this view are kept: a new key whenever anything they show changes (two cache reads)."""
    parts = (
        portfolio_generation.current_generation(),
        criteria_generation.current_generation(),
        access.visibility_key(user),
        repr(filters),
        repr(moment),
        translation.get_language(),
    )
    return "dashboard:figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def history_key(*, user, filters: Filters, moment: Moment) -> str:
    """Where the stage history of the quarters gone by is kept for this view: a new key whenever what held at
    those quarter ends may have changed (`portfolio_generation.history_generation`). Looking at the alliances
    at a stage now, which alliances those are changes with every result: then the portfolio's generation too."""
    parts = (
        portfolio_generation.history_generation(kept_until=figures.past_cutoffs(moment)[-1]),
        portfolio_generation.current_generation() if filters.stage is not None else "",
        access.visibility_key(user),
        repr(filters),
        repr(moment),
    )
    return "dashboard:history:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def portfolio_figures(
    *, key: str, user, filters: Filters, moment: Moment, alliances: QuerySet, when_worked_out=lambda: None
) -> Figures:
    """The figures for `alliances`, the portfolio `user` sees with these filters at the moment, kept under `key`
    (`figures_key`), from the cache when they are there; when they are not, they are worked out
    and `when_worked_out` is called."""
    found = cache.get(key)
    if found is None:
        found = _worked_out(user=user, filters=filters, moment=moment, alliances=alliances, key=key)
        when_worked_out()
    return found


def _worked_out(*, key: str, user, filters: Filters, moment: Moment, alliances: QuerySet) -> Figures:
    """The figures worked out and kept under `key`; the stage history of the quarters gone by is read from where
    it is kept (`history_key`), if it is."""
    history = history_key(user=user, filters=filters, moment=moment)
    past = cache.get(history)
    if past is None:
        past = figures.past_history(alliances, moment)
        cache.set(history, past, timeout=KEPT_SECONDS)
    found = work_out(alliances, moment, past)
    cache.set(key, found, timeout=KEPT_SECONDS)
    return found
