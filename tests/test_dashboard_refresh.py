"""The figures worked out again on the queue after a change, for the views looked at lately: the next request
finds them kept, equal to the oracle."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.dashboard import cached, refresh
from assessments.dashboard.filters import Filters, Moment
from assessments.dashboard.portfolio import portfolio

from .dashboard_oracle import oracle_figures
from .factories import ExecutiveFactory
from .portfolio import TODAY, build_portfolio, on
from .tasks import run_ready_tasks
from .test_dashboard_cache import MOMENTS, add_submitted

REFRESH = "assessments.dashboard.refresh.refresh_figures"
AT_TWO = Filters(stage=2)


@pytest.fixture
def world(published, executive):
    built = build_portfolio()
    built.executive = executive
    return built


def look_at(user, filters: Filters, moment: Moment):
    """The figures as the dashboard reads them, which remembers the view when it works them out."""
    return cached.portfolio_figures(
        key=key(user, filters, moment),
        user=user,
        filters=filters,
        moment=moment,
        alliances=portfolio(user, filters, moment),
    )


def key(user, filters: Filters, moment: Moment) -> str:
    return cached.figures_key(user=user, filters=filters, moment=moment)


def refreshes_queued() -> int:
    return DBTaskResult.objects.filter(task_path=REFRESH, status="READY").count()


def test_a_change_queues_one_refresh_when_it_commits(world, django_capture_on_commit_callbacks):
    """Two changes while a refresh waits queue one task; once it has run, the next change queues another."""
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.delta, 4, on(2025, 11, 14))
    assert refreshes_queued() == 1
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.alpha, 1, on(2025, 11, 14))
    assert refreshes_queued() == 1
    run_ready_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.bravo, 2, on(2025, 11, 14))
    assert refreshes_queued() == 1


def test_the_refresh_keeps_the_figures_of_the_views_looked_at(world, django_capture_on_commit_callbacks):
    """After a change, the views worked out lately (today's, a past quarter's, a filter) are kept anew, equal
    to the oracle; a view nobody looked at is left to be worked out when asked for."""
    looked_at = [(Filters(), Moment(TODAY)), (AT_TWO, Moment(TODAY)), (Filters(), MOMENTS[1])]
    for filters, moment in looked_at:
        look_at(world.executive, filters, moment)
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.delta, 2, on(2025, 11, 14))
    assert all(cache.get(key(world.executive, *view)) is None for view in looked_at)
    refresh.work_out_views(cached.remembered_views(), today=TODAY)
    for filters, moment in looked_at:
        assert cache.get(key(world.executive, filters, moment)) == oracle_figures(world.executive, filters, moment)
    assert cache.get(key(world.executive, Filters(business_unit="Consumer"), Moment(TODAY))) is None


def test_today_is_the_workers_day(world):
    """A view of today is worked out for the day the task runs, not the day it was looked at."""
    look_at(world.executive, Filters(), Moment(TODAY))
    tomorrow = Moment(TODAY.replace(day=TODAY.day + 1))
    refresh.work_out_views(cached.remembered_views(), today=tomorrow.day)
    assert cache.get(key(world.executive, Filters(), tomorrow)) == oracle_figures(world.executive, Filters(), tomorrow)


def test_the_views_kept_are_the_latest_worked_out(world):
    """The last twenty views worked out are remembered, the latest last; one looked at again moves to the end."""
    moments = [Moment(end, past=True) for end in (TODAY.replace(day=d) for d in range(1, 13))]
    for moment in moments:
        for filters in (Filters(), AT_TWO):
            look_at(world.executive, filters, moment)
    views = cached.remembered_views()
    assert len(views) == cached.VIEWS_KEPT
    assert views[0] == (world.executive.pk, Filters(), moments[2], "en-gb")
    assert views[-1] == (world.executive.pk, AT_TWO, moments[-1], "en-gb")


def test_a_request_after_the_refresh_finds_the_figures(world, client, django_capture_on_commit_callbacks):
    """The dashboard looked at, a change, the queue's task: the next request reads the new figures kept."""
    client.force_login(world.executive)
    client.get(reverse("dashboard"))
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.delta, 4, on(2025, 11, 14))
    run_ready_tasks()
    today = Moment(timezone.localdate())
    kept = cache.get(key(world.executive, Filters(), today))
    assert kept == oracle_figures(world.executive, Filters(), today)
    assert kept.headline.not_assessed == 0
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("dashboard"))
    assert page.context["board"].headline == kept.headline
    # Neither the figures nor the filters' labels are worked out: the periods are read for the table's rows only.
    assert sum('"assessments_standingperiod"' in query["sql"] for query in queries.captured_queries) == 1


def test_a_view_whose_user_is_inactive_is_left_out(world):
    """Someone made inactive since has nothing worked out for them."""
    other = ExecutiveFactory()
    look_at(other, AT_TWO, Moment(TODAY))
    other.is_active = False
    other.save()
    cache.delete(key(other, AT_TWO, Moment(TODAY)))
    refresh.work_out_views(cached.remembered_views(), today=TODAY)
    assert cache.get(key(other, AT_TWO, Moment(TODAY))) is None
