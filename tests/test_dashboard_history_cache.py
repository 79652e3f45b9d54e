"""The stage history of the quarters gone by, kept apart from the figures: a result of today leaves it kept, and
after any change whatever, the figures still equal the oracle."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import portfolio_generation
from assessments.dashboard import cached
from assessments.dashboard.filters import Filters, Moment
from assessments.dashboard.portfolio import portfolio
from assessments.models import Alliance, Assessment

from .dashboard_oracle import oracle_figures
from .factories import AllianceFactory, ExecutiveFactory
from .portfolio import TODAY, build_portfolio, on
from .test_dashboard_cache import MOMENTS, add_submitted

NOON_TODAY = on(TODAY.year, TODAY.month, TODAY.day)


def shown(user, filters: Filters, moment: Moment):
    return cached.portfolio_figures(
        key=cached.figures_key(user=user, filters=filters, moment=moment),
        user=user,
        filters=filters,
        moment=moment,
        alliances=portfolio(user, filters, moment),
    )


def history_key(world, filters: Filters | None = None, moment: Moment = MOMENTS[0]) -> str:
    return cached.history_key(user=world.executive, filters=filters or Filters(), moment=moment)


@pytest.fixture
def world(published, executive):
    built = build_portfolio()
    built.executive = executive
    shown(executive, Filters(), MOMENTS[0])  # the history is kept, up to the end of the last quarter
    return built


def test_a_result_of_this_quarter_leaves_the_history_kept(world):
    """A round closing today makes the figures stale but not the quarters gone by, which are not read again."""
    old_history, old_figures = (
        history_key(world),
        cached.figures_key(user=world.executive, filters=Filters(), moment=MOMENTS[0]),
    )
    add_submitted(world.delta, 4, NOON_TODAY)
    assert history_key(world) == old_history
    assert cached.figures_key(user=world.executive, filters=Filters(), moment=MOMENTS[0]) != old_figures
    kept = reading_periods(world)
    assert kept.figures == oracle_figures(world.executive, Filters(), MOMENTS[0])
    portfolio_generation.bump_generation()
    portfolio_generation.history_changed()
    # With the history stale too, one statement more reads the periods: the quarters gone by.
    assert reading_periods(world).statements == kept.statements + 1


def reading_periods(world) -> SimpleNamespace:
    """The figures, and how many statements read the standing periods to work them out."""
    with CaptureQueriesContext(connection) as queries:
        figures = shown(world.executive, Filters(), MOMENTS[0])
    statements = sum('"assessments_standingperiod"' in query["sql"] for query in queries.captured_queries)
    return SimpleNamespace(figures=figures, statements=statements)


def test_a_result_dated_before_a_kept_quarter_end_makes_the_history_stale(world):
    """A result submitted (or moved, or deleted) before the last quarter's end changes what held then."""
    keys = {history_key(world)}
    back_then = add_submitted(world.delta, 4, on(2025, 9, 20))
    keys.add(history_key(world))
    back_then.submitted_at = on(2025, 9, 25)
    back_then.save()
    keys.add(history_key(world))
    back_then.delete()
    keys.add(history_key(world))
    assert len(keys) == 4


def test_a_bulk_write_makes_the_figures_and_the_history_stale(world):
    """A QuerySet's update of results, which sends no signal, still marks what it changed stale."""
    figures_key = cached.figures_key(user=world.executive, filters=Filters(), moment=MOMENTS[0])
    old_history = history_key(world)
    Assessment.objects.filter(alliance=world.alpha).update(submitted_at=on(2025, 1, 5))
    assert cached.figures_key(user=world.executive, filters=Filters(), moment=MOMENTS[0]) != figures_key
    assert history_key(world) != old_history
    assert shown(world.executive, Filters(), MOMENTS[0]) == oracle_figures(world.executive, Filters(), MOMENTS[0])


def test_the_stage_filter_keys_the_history_by_the_portfolio_too(world):
    """Which alliances are at stage II now moves with today's results, and so does their history."""
    at_two = Filters(stage=2)
    old = history_key(world, at_two)
    add_submitted(world.delta, 2, NOON_TODAY)
    assert history_key(world, at_two) != old
    assert history_key(world) == history_key(world)


def test_an_alliance_edited_makes_the_history_stale(world):
    """An alliance moved to another business unit takes its past with it."""
    old = history_key(world)
    world.alpha.business_unit = "Healthcare"
    world.alpha.save()
    assert history_key(world) != old


def test_a_lost_generation_leaves_nothing_kept_to_be_found(world):
    """With the history's generation gone from the cache, a change marks nothing, and the next figures work the
    history out again under a new one."""
    old = history_key(world)
    cache.delete(portfolio_generation.HISTORY_KEY)
    add_submitted(world.delta, 4, on(2025, 9, 20))
    assert cache.get(portfolio_generation.HISTORY_KEY) is None
    assert history_key(world) != old
    assert shown(world.executive, Filters(), MOMENTS[0]) == oracle_figures(world.executive, Filters(), MOMENTS[0])


days_back = st.integers(min_value=-1, max_value=600)  # -1: later today
changes = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(0, 4), st.integers(0, 5), days_back),
        st.tuples(st.just("move"), st.integers(0, 20), days_back),
        st.tuples(st.just("update"), st.integers(0, 20), days_back),
        st.tuples(st.just("restage"), st.integers(0, 20), st.integers(1, 3)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("bulk"), st.integers(0, 4), st.integers(0, 5), days_back),
        st.tuples(st.just("unit"), st.integers(0, 4), st.sampled_from(("Consumer", "Energy"))),
    ),
    min_size=1,
    max_size=4,
)


def at(days: int) -> dt.datetime:
    return NOON_TODAY - dt.timedelta(days=days, hours=0 if days >= 0 else -2)


def apply(change, alliances: list[Alliance]) -> None:
    results = list(Assessment.objects.filter(status=Assessment.Status.SUBMITTED).order_by("pk"))
    what, *given_ = change
    if what == "submit":
        alliance, result, days = given_
        add_submitted(alliances[alliance], result, at(days))
    elif what == "bulk":
        alliance, result, days = given_
        made = add_submitted(alliances[alliance], result, at(days))
        # The same result written again by a bulk insert (as a data import would), in place of the saved one.
        Assessment.objects.filter(pk=made.pk).delete()
        made.pk = None
        Assessment.objects.bulk_create([made])
    elif results:
        chosen = results[given_[0] % len(results)]
        if what == "move":
            chosen.submitted_at = at(given_[1])
            chosen.save()
        elif what == "update":
            Assessment.objects.filter(pk=chosen.pk).update(submitted_at=at(given_[1]))
        elif what == "restage":
            Assessment.objects.filter(pk=chosen.pk).update(stage=given_[1])
        elif what == "delete":
            chosen.delete()
    if what == "unit":
        alliance = alliances[given_[0]]
        alliance.business_unit = given_[1]
        alliance.save()


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    changes=changes,
    moment=st.sampled_from(MOMENTS),
    filters=st.sampled_from((Filters(), Filters(stage=2), Filters(business_unit="Consumer"))),
)
def test_after_any_change_the_figures_equal_the_oracle(published, changes, moment, filters):
    """Whatever changes, in whatever order, after the history was kept: each time the figures equal the oracle."""
    with transaction.atomic():
        executive = ExecutiveFactory()
        world = build_portfolio()
        alliances = [world.alpha, world.bravo, world.charlie, world.delta, world.echo]
        assert shown(executive, filters, moment) == oracle_figures(executive, filters, moment)
        for change in changes:
            apply(change, alliances)
            assert shown(executive, filters, moment) == oracle_figures(executive, filters, moment), change
        transaction.set_rollback(True)


def test_a_new_alliance_is_counted_from_the_history_kept(world):
    """An alliance created after the history was kept shows in its unit, unassessed in the quarters gone by."""
    AllianceFactory(name="Foxtrot", business_unit="Energy", start_date=dt.date(2025, 1, 1))
    figures = shown(world.executive, Filters(), MOMENTS[0])
    assert figures == oracle_figures(world.executive, Filters(), MOMENTS[0])
    assert figures.timeline.by_unit["Energy"] == [None] * 8
