"""The dashboard drawn again on the queue after a change, for the views looked at lately: the next request finds
its figures and its parts kept, equal to what it would have drawn itself."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.dashboard import cached, refresh
from assessments.dashboard.filters import Filters, Moment

from .dashboard_oracle import oracle_figures
from .factories import ExecutiveFactory, ManagerFactory
from .portfolio import build_portfolio, on
from .tasks import run_ready_tasks
from .test_dashboard_cache import add_submitted

DASHBOARD = reverse("dashboard")
REFRESH = "assessments.dashboard.refresh.refresh_dashboard"


@pytest.fixture
def world(published, executive, client):
    built = build_portfolio()
    built.executive = executive
    client.force_login(executive)
    return built


def key(user, filters: Filters, moment: Moment) -> str:
    return cached.figures_key(user=user, filters=filters, moment=moment)


def today() -> Moment:
    return Moment(timezone.localdate())


def refreshes_queued() -> int:
    return DBTaskResult.objects.filter(task_path=REFRESH, status="READY").count()


def without_tokens(page) -> str:
    """The page's HTML, each request's own CSRF token left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page.content.decode())


def periods_read(client, address: str) -> tuple:
    """The page, and how many of its statements read the standing periods."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address)
    return page, sum('"assessments_standingperiod"' in query["sql"] for query in queries.captured_queries)


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


def test_after_the_refresh_a_view_looked_at_is_drawn_from_what_is_kept(
    world, client, django_capture_on_commit_callbacks
):
    """The views looked at, a change, the queue's task: each view's next request works nothing out and reads no
    period (its figures, labels, rows and cards are kept), and shows what it would have worked out itself."""
    addresses = [DASHBOARD, DASHBOARD + "?stage=2&sort=-stage", DASHBOARD + "?as_of=2025-09-30&page=1"]
    for address in addresses:
        client.get(address)
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.delta, 2, on(2025, 11, 14))
    run_ready_tasks()
    kept = cache.get(key(world.executive, Filters(), today()))
    assert kept == oracle_figures(world.executive, Filters(), today())
    assert kept.headline.not_assessed == 0
    drawn = {address: periods_read(client, address) for address in addresses}
    # As many as the next (warm) request: none, but the count of the alliances at a stage for the table's pages.
    assert [statements for _, statements in drawn.values()] == [periods_read(client, a)[1] for a in addresses]
    assert [statements for _, statements in drawn.values()] == [0, 1, 0]
    cache.clear()
    for address, (page, _) in drawn.items():
        assert without_tokens(client.get(address)) == without_tokens(page)  # drawn from scratch: the same page


def test_a_view_nobody_looked_at_is_left_to_its_request(world, client, django_capture_on_commit_callbacks):
    """Only views looked at are drawn: another view is worked out when it is asked for."""
    client.get(DASHBOARD)
    with django_capture_on_commit_callbacks(execute=True):
        add_submitted(world.delta, 2, on(2025, 11, 14))
    run_ready_tasks()
    assert cache.get(key(world.executive, Filters(business_unit="Consumer"), today())) is None
    assert periods_read(client, DASHBOARD + "?unit=Consumer")[1] > 0


def test_today_is_the_workers_day(world, client):
    """A view of today is drawn for the day the task runs, not the day it was looked at."""
    client.get(DASHBOARD)
    tomorrow = Moment(timezone.localdate() + timezone.timedelta(days=1))
    refresh.draw_views(refresh.remembered_views(), today=tomorrow.day, now=timezone.now())
    assert cache.get(key(world.executive, Filters(), tomorrow)) == oracle_figures(world.executive, Filters(), tomorrow)


def test_the_views_kept_are_the_latest_looked_at(world, client):
    """The last twenty views whose figures were worked out are remembered, the latest last; another order or page
    of the same figures is not a view of its own."""
    addresses = [
        f"?unit={unit}&as_of={day}"
        for unit in ("Consumer", "Industrial", "Healthcare", "Energy")
        for day in ("2025-03-31", "2025-06-30", "2025-09-30")
    ]
    addresses += [f"?region={region}" for region in ("EMEA", "APAC", "Americas")]
    addresses += ["?region=EMEA&sort=name&page=2"]
    for address in addresses:
        assert client.get(DASHBOARD + address).status_code == 200
    views = refresh.remembered_views()
    assert len(addresses) - 1 == 15 and refresh.VIEWS_KEPT == 20
    assert [query for _, query, _ in views] == [address[1:] for address in addresses[:-1]]
    for address in ("?type=supply", "?type=sales", "?type=rnd", "?type=logistics", "?stage=1", "?stage=2"):
        client.get(DASHBOARD + address)
    views = refresh.remembered_views()
    assert len(views) == refresh.VIEWS_KEPT
    assert views[0] == (world.executive.pk, addresses[1][1:], "en-gb")
    assert views[-1] == (world.executive.pk, "stage=2", "en-gb")


def test_a_view_whose_user_may_no_longer_see_it_is_left_out(world):
    """Someone made inactive since, or no longer an executive, has nothing drawn for them."""
    inactive, demoted = ExecutiveFactory(is_active=False), ManagerFactory()
    cache.set(refresh.VIEWS_KEY, [(inactive.pk, "stage=2", "en-gb"), (demoted.pk, "", "en-gb")])
    refresh.draw_views(refresh.remembered_views(), today=timezone.localdate(), now=timezone.now())
    assert cache.get(key(world.executive, Filters(stage=2), today())) is None
    assert cache.get(key(demoted, Filters(), today())) is None
    cache.set(refresh.VIEWS_KEY, [(world.executive.pk, "stage=2", "en-gb")])
    refresh.draw_views(refresh.remembered_views(), today=timezone.localdate(), now=timezone.now())
    assert cache.get(key(world.executive, Filters(stage=2), today())) is not None


def test_the_view_looked_at_last_is_drawn_first(world, client, monkeypatch):
    """The likeliest to be asked for next comes first, so it is ready soonest."""
    for address in ("?stage=1", "?stage=2", "?stage=3"):
        client.get(DASHBOARD + address)
    drawn = []
    page_context = refresh.page.page_context

    def noting(*, query, **kwargs):
        drawn.append(query.urlencode())
        return page_context(query=query, **kwargs)

    monkeypatch.setattr(refresh.page, "page_context", noting)
    refresh.draw_views(refresh.remembered_views(), today=timezone.localdate(), now=timezone.now())
    assert drawn == ["stage=3", "stage=2", "stage=1"]


def test_the_daily_run_draws_the_views_for_the_new_day(world, client, django_capture_on_commit_callbacks):
    """Overdue and "assessed recently" move with the day: the daily run queues the refresh, which draws each view
    for its own day, so the morning's first request finds it kept."""
    from jobs.daily import run_daily

    client.get(DASHBOARD)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(today=tomorrow, now=timezone.now()).results["draw_for_the_new_day"] == 1
    assert refreshes_queued() == 1
