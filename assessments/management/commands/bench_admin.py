"""Time the criteria admin's pages and the threshold impact preview on synthetic portfolios of growing size.

Uses the dashboard benchmark's throw-away database and synthetic portfolio; the real database is never touched.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import scoring, versions
from assessments.impact import threshold_impact
from assessments.management.synthetic import Portfolio
from assessments.models import Questionnaire

from ..benchmarks import ThrowawayDatabase, measure_page, median_and_p95

LINE = "{:>9}  {:<34} {:>4} {:>10} {:>8} {:>7}"
NEW_THRESHOLDS = scoring.Thresholds(stage_two=70, symptom_ceiling=45)


class Command(BaseCommand):
    help = "Build portfolios of 100 and 1,000 alliances and print the admin pages' and impact preview's timings."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100,1000", help="portfolio sizes, comma-separated")
        parser.add_argument("--runs", type=int, default=15, help="timed runs per page and size")
        parser.add_argument("--per-alliance", type=int, default=10, help="submitted assessments per alliance")

    def handle(self, *args, sizes, runs, per_alliance, **options):
        sizes = sorted(int(size) for size in sizes.split(","))
        with ThrowawayDatabase(), override_settings(ALLOWED_HOSTS=["testserver"]):
            portfolio = Portfolio(today=timezone.localdate(), per_alliance=per_alliance)
            published = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
            draft = versions.copy_questionnaire(questionnaire=published)
            client = Client()
            client.force_login(get_user_model().objects.create_superuser("synthetic-admin"))
            pages = {
                "questionnaire list": reverse("admin:assessments_questionnaire_changelist"),
                "version in use (74 read-only)": reverse("admin:assessments_questionnaire_change", args=[published.pk]),
                "draft (74 editable rows)": reverse("admin:assessments_questionnaire_change", args=[draft.pk]),
                "item list (every version)": reverse("admin:assessments_item_changelist"),
                "preview as respondent": reverse("admin:assessments_questionnaire_preview", args=[published.pk]),
            }
            self.stdout.write(f"Database: {connection.vendor}; {per_alliance} submitted assessments per alliance.")
            for size in sizes:
                portfolio.grow_to(size, lambda done: self.stderr.write(f"  built {done} alliances", ending="\r"))
                self.stderr.write(f"  built {size} alliances")
                connection.cursor().execute("ANALYZE")
                # Building takes minutes: a first request reopens the database connection before anything is counted.
                client.get(pages["questionnaire list"])
                self.stdout.write(LINE.format("alliances", "what", "runs", "median ms", "p95 ms", "queries"))
                for what, url in pages.items():
                    line = measure_page(client, url, runs)
                    self.stdout.write(
                        LINE.format(size, what, runs, f"{line['median']:.0f}", f"{line['p95']:.0f}", line["queries"])
                    )
                line, impact = _measure_impact(runs)
                self.stdout.write(
                    LINE.format(
                        size, "threshold impact", runs, f"{line['median']:.0f}", f"{line['p95']:.0f}", line["queries"]
                    )
                )
                self.stdout.write(f"{'':>11}{impact.describe()}")


def _measure_impact(runs):
    with CaptureQueriesContext(connection) as queries:
        impact = threshold_impact(NEW_THRESHOLDS)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        threshold_impact(NEW_THRESHOLDS)
        timings.append((time.perf_counter() - started) * 1000)
    median, p95 = median_and_p95(timings)
    return {"median": median, "p95": p95, "queries": len(queries.captured_queries)}, impact
