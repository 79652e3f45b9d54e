"""Time the dashboard and its exports on synthetic portfolios of growing size, cold and warm.

Runs in a throw-away database (Django's test-database machinery, on whatever backend
DATABASE_URL names) which is dropped at the end; the real database is never touched. Each page is
timed four ways:

- "cold all": the first request after every kept figure was made stale, the history of the quarters
  gone by too (as an alliance's edit does);
- "cold": the first request after a result of today (a round closing), before the queue's refresh;
- "refreshed": the first request after a result of today once the queue's refresh has run
  (`dashboard/refresh.py`), as it does within a second or so of the change on a running worker;
- "warm": the figures and the page's parts found kept.
"""

import os
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import portfolio_generation, roles
from assessments.dashboard import refresh
from assessments.management.synthetic import REGIONS, UNITS, Portfolio
from assessments.quarters import quarter_ends

from ..benchmarks import ThrowawayDatabase, fetch, measure_export, measure_page

LINE = "{:>9}  {:<24} {:>4} {:>11} {:>11} {:>11} {:>11} {:>13} {:>7} {:>11}"
DASHBOARD_ROWS = ("dashboard, no filter", "dashboard, two filters", "dashboard, as of")
# Past this many alliances a portfolio is built without answers (only the rows the dashboard reads).
LARGE = 10_000


class Command(BaseCommand):
    help = "Build portfolios of 100, 1,000 and 10,000 alliances and print the dashboard's and exports' timings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", default="100,1000,10000", help="portfolio sizes, comma-separated (100000 is opt-in)"
        )
        parser.add_argument("--runs", type=int, default=15, help="timed requests per page and size")
        parser.add_argument("--per-alliance", type=int, default=10, help="submitted assessments per alliance")
        parser.add_argument(
            "--answers-up-to",
            type=int,
            default=LARGE,
            help="build answers (for the answers exports) up to this many alliances only; larger portfolios hold "
            "what the dashboard reads",
        )
        parser.add_argument(
            "--max-build-minutes", type=float, default=30, help="stop growing the portfolio after this long"
        )

    def handle(self, *args, sizes, runs, per_alliance, answers_up_to, max_build_minutes, **options):
        sizes = sorted(int(size) for size in sizes.split(","))
        with (
            ThrowawayDatabase() as database,
            # The exports' files go to the throw-away folder, not to MEDIA_ROOT; DEBUG off whatever the environment
            # says (with it on, every query is logged, which is no cost of the pages).
            override_settings(ALLOWED_HOSTS=["testserver"], MEDIA_ROOT=database.folder.name, DEBUG=False),
        ):
            today = timezone.localdate()
            portfolio = Portfolio(today=today, per_alliance=per_alliance)
            client = Client()
            client.force_login(_executive())
            as_of = quarter_ends(today, 4)[0].isoformat()
            pages = {
                "dashboard, no filter": reverse("dashboard"),
                "dashboard, two filters": f"{reverse('dashboard')}?unit={UNITS[0]}&region={REGIONS[1]}",
                "dashboard, as of": f"{reverse('dashboard')}?as_of={as_of}",
            }
            # The table streams up to TABLE_AT_ONCE_ALLIANCES alliances and is prepared on the queue past them.
            table_exports = {
                "alliances export, csv": reverse("dashboard-alliances-export", args=["csv"]),
                "alliances export, xlsx": reverse("dashboard-alliances-export", args=["xlsx"]),
            }
            answer_exports = {
                "answers export, csv": reverse("dashboard-answers-export", args=["csv"]),
                "answers export, xlsx": reverse("dashboard-answers-export", args=["xlsx"]),
            }
            self.stdout.write(
                f"Database: {connection.vendor}; {per_alliance} submitted assessments per alliance; "
                f"load average {_load()}."
            )
            deadline = time.monotonic() + max_build_minutes * 60
            medians = {}
            for size in sizes:
                started = time.perf_counter()
                with_answers = size <= answers_up_to
                while portfolio.size < size and time.monotonic() < deadline:
                    # The exports read only each alliance's latest result: only those have answers.
                    portfolio.grow_to(min(size, portfolio.size + 10_000), answers=with_answers, latest_only=True)
                    self.stderr.write(f"  built {portfolio.size} alliances", ending="\r")
                self.stderr.write(f"  built {portfolio.size} alliances in {time.perf_counter() - started:.0f} s")
                if portfolio.size < size:
                    self.stdout.write(f"Stopped building at {portfolio.size:,} alliances: --max-build-minutes ran out.")
                    break
                connection.cursor().execute("ANALYZE")
                # The first request after minutes of building renews the session (at most once every
                # SESSION_REFRESH_MINUTES): that write is no cost of the pages measured next.
                fetch(client, pages["dashboard, no filter"])
                self.stdout.write(f"{size:,} alliances{'' if with_answers else ', without answers'}; load {_load()}")
                self.stdout.write(
                    LINE.format(
                        "alliances",
                        "what",
                        "runs",
                        "cold all ms",
                        "cold ms",
                        "refreshed",
                        "warm ms",
                        "cpu cold/warm",
                        "queries",
                        "bytes",
                    )
                )
                for what, url in pages.items():
                    every = measure_page(client, url, runs, before_each=_all_stale)
                    cold = measure_page(client, url, runs, before_each=portfolio_generation.bump_generation)
                    refreshed = measure_page(client, url, runs, before_each=lambda: _refreshed(today))
                    warm = measure_page(client, url, runs)
                    medians[(size, what)] = {
                        "cold all": every["median"],
                        "cold": cold["median"],
                        "refreshed": refreshed["median"],
                        "warm": warm["median"],
                    }
                    self.stdout.write(
                        LINE.format(
                            size,
                            what,
                            runs,
                            f"{every['median']:.0f} / {every['p95']:.0f}",
                            f"{cold['median']:.0f} / {cold['p95']:.0f}",
                            f"{refreshed['median']:.0f} / {refreshed['p95']:.0f}",
                            f"{warm['median']:.0f} / {warm['p95']:.0f}",
                            f"{cold['cpu']:.0f} / {warm['cpu']:.0f}",
                            f"{cold['queries']}/{warm['queries']}",
                            f"{cold['bytes']:,}",
                        )
                    )
                self.stdout.write(f"  load {_load()}")
                self.stdout.write(f"{size:>9}  {_refresh_line(today)}")
                for what, url in {**table_exports, **(answer_exports if with_answers else {})}.items():
                    line = measure_export(client, url, 3 if size <= 1000 else 1)
                    where = (
                        f"queued; task {line['task_s']:.1f} s, peak memory {line['peak_mb']:.0f} MB, "
                        f"{line['before_mb']:.0f} MB of it held before the task"
                        if line["queued"]
                        else "streamed"
                    )
                    rows = (
                        "" if line["rows"] is None else f"{line['rows']:,} rows, "
                    )  # a streamed workbook: not counted
                    self.stdout.write(
                        f"{size:>9}  {what:<24} request {line['request_ms']:.0f} ms ({where}); "
                        f"{rows}{line['bytes']:,} bytes; load {_load()}"
                    )
            if (1000, DASHBOARD_ROWS[0]) in medians and (10_000, DASHBOARD_ROWS[0]) in medians:
                for kind, small in medians[(1000, DASHBOARD_ROWS[0])].items():
                    growth = medians[(10_000, DASHBOARD_ROWS[0])][kind] / small
                    self.stdout.write(f"growth from 1,000 to 10,000 alliances ({kind}, no filter): x{growth:.1f}")


def _all_stale() -> None:
    """Every kept figure stale, the history of the quarters gone by too: as after an alliance's edit."""
    portfolio_generation.bump_generation()
    portfolio_generation.history_changed()


def _refreshed(today) -> None:
    """A result of today, and the queue's refresh run after it (as the worker runs it once the change commits)."""
    portfolio_generation.bump_generation()
    refresh.draw_views(refresh.remembered_views(), today=today, now=timezone.now())


def _refresh_line(today) -> str:
    """How long the queue's refresh takes after a change: each remembered view drawn, the latest looked at first
    (until it has run, a request works the figures out itself)."""
    views = refresh.remembered_views()
    portfolio_generation.bump_generation()
    started = time.perf_counter()
    refresh.draw_views(views[-1:], today=today, now=timezone.now())
    first = (time.perf_counter() - started) * 1000
    refresh.draw_views(views[:-1], today=today, now=timezone.now())
    every = (time.perf_counter() - started) * 1000
    return (
        f"the refresh after a change: the view looked at last drawn in {first:.0f} ms, "
        f"all {len(views)} in {every:.0f} ms"
    )


def _load() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _executive():
    user, _ = get_user_model().objects.get_or_create(username="synthetic-executive")
    user.groups.add(Group.objects.get_or_create(name=roles.EXECUTIVES)[0])
    return user
