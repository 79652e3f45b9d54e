"""Time the dashboard and its exports on synthetic portfolios of growing size.

Runs in a throw-away database (Django's test-database machinery, on whatever backend
DATABASE_URL names) which is dropped at the end; the real database is never touched.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import roles
from assessments.management.synthetic import REGIONS, UNITS, Portfolio
from assessments.quarters import quarter_ends

from ..benchmarks import ThrowawayDatabase, fetch, measure_page

LINE = "{:>9}  {:<24} {:>4} {:>10} {:>8} {:>7} {:>11}"


class Command(BaseCommand):
    help = "Build portfolios of 100, 1,000 and 10,000 alliances and print the dashboard's and exports' timings."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100,1000,10000", help="portfolio sizes, comma-separated")
        parser.add_argument("--runs", type=int, default=15, help="timed requests per page and size")
        parser.add_argument("--per-alliance", type=int, default=10, help="submitted assessments per alliance")

    def handle(self, *args, sizes, runs, per_alliance, **options):
        sizes = sorted(int(size) for size in sizes.split(","))
        with ThrowawayDatabase(), override_settings(ALLOWED_HOSTS=["testserver"]):
            today = timezone.localdate()
            portfolio = Portfolio(today=today, per_alliance=per_alliance)
            client = Client()
            client.force_login(_executive())
            as_of = quarter_ends(today, 4)[0].isoformat()
            pages = {
                "dashboard, no filter": reverse("dashboard"),
                "dashboard, two filters": f"{reverse('dashboard')}?unit={UNITS[0]}&region={REGIONS[1]}",
                "dashboard, as of": f"{reverse('dashboard')}?as_of={as_of}",
                "alliances export, csv": reverse("dashboard-alliances-export", args=["csv"]),
                "alliances export, xlsx": reverse("dashboard-alliances-export", args=["xlsx"]),
                "answers export, csv": reverse("dashboard-answers-export", args=["csv"]),
                "answers export, xlsx": reverse("dashboard-answers-export", args=["xlsx"]),
            }
            self.stdout.write(f"Database: {connection.vendor}; {per_alliance} submitted assessments per alliance.")
            for size in sizes:
                started = time.perf_counter()
                portfolio.grow_to(size, lambda done: self.stderr.write(f"  built {done} alliances", ending="\r"))
                self.stderr.write(f"  built {size} alliances in {time.perf_counter() - started:.0f} s")
                connection.cursor().execute("ANALYZE")
                # The first request after minutes of building renews the session (at most once every
                # SESSION_REFRESH_MINUTES): that write is no cost of the pages measured next.
                fetch(client, pages["dashboard, no filter"])
                self.stdout.write(LINE.format("alliances", "what", "runs", "median ms", "p95 ms", "queries", "bytes"))
                for what, url in pages.items():
                    times = _runs(what, size, runs)
                    line = measure_page(client, url, times)
                    self.stdout.write(
                        LINE.format(
                            size,
                            what,
                            times,
                            f"{line['median']:.0f}",
                            f"{line['p95']:.0f}",
                            line["queries"],
                            f"{line['bytes']:,}",
                        )
                    )


def _runs(what: str, size: int, runs: int) -> int:
    # Exports of big portfolios take seconds (Excel: minutes) each; fewer runs keep the whole bounded.
    if "dashboard" in what:
        return runs
    if "xlsx" in what:
        return 3 if size <= 1000 else 1
    return runs if size <= 1000 else 3


def _executive():
    user, _ = get_user_model().objects.get_or_create(username="synthetic-executive")
    user.groups.add(Group.objects.get_or_create(name=roles.EXECUTIVES)[0])
    return user
