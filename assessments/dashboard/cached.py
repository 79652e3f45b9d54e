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


def work_out(alliances: QuerySet, moment: Moment) -> Figures:
    """The figures from the database (four queries)."""
    standings = figures.standings(alliances, moment)
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


def portfolio_figures(*, key: str, moment: Moment, alliances: QuerySet) -> Figures:
    """The figures for `alliances` at the moment, kept under `key` (`figures_key` for the portfolio its user sees
    with these filters at the moment), from the cache when they are there."""
    found = cache.get(key)
    if found is None:
        found = work_out(alliances, moment)
        cache.set(key, found, timeout=KEPT_SECONDS)
    return found
