"""Time the action plan: the alliance page with 1 and 100 actions; the daily reminders for 5,000 actions.

Uses the dashboard benchmark's throw-away database and synthetic portfolio; the real database is never touched.
"""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from actions import planning
from actions.models import Action, ActionReminder
from actions.reminders import send_reminders
from assessments.management.benchmarks import ThrowawayDatabase, measure_page, median_and_p95
from assessments.management.synthetic import Portfolio
from assessments.models import Alliance

LINE = "{:<44} {:>4} {:>10} {:>8} {:>8}"


class Rollback(Exception):
    """Raised to undo one timed run of the daily reminders."""


class Command(BaseCommand):
    help = "Print the alliance page's timings with 1 and 100 actions, and the daily reminders' for 5,000 actions."

    def add_arguments(self, parser):
        parser.add_argument("--alliances", type=int, default=1000)
        parser.add_argument("--actions", type=int, default=5000)
        parser.add_argument("--runs", type=int, default=5, help="timed runs of each")

    def handle(self, *args, alliances, actions, runs, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        with ThrowawayDatabase(), override_settings(ALLOWED_HOSTS=["testserver"]):
            portfolio = Portfolio(today=today, per_alliance=2)
            portfolio.grow_to(alliances)
            get_user_model().objects.filter(username__startswith="synthetic-").update(email="manager@example.com")
            self.stdout.write(f"Database: {connection.vendor}; {alliances:,} alliances, {actions:,} actions.")
            self.stdout.write(LINE.format("what", "runs", "median ms", "p95 ms", "queries"))
            client = Client()
            few, many = Alliance.objects.order_by("pk")[:2]
            for alliance, count in ((few, 1), (many, 100)):
                client.force_login(alliance.owner)
                for n in range(count):  # through the service, so that each has its history
                    action = planning.create_action(
                        alliance=alliance,
                        by=alliance.owner,
                        now=now,
                        title=f"Action {n}",
                        owner_user=alliance.owner,
                        due_date=today + dt.timedelta(days=n % 20 - 5),
                    )
                    planning.change_action(
                        action=action, by=alliance.owner, now=now, owner_user=alliance.owner, status="in_progress"
                    )
                line = measure_page(client, alliance.get_absolute_url(), runs)
                self.stdout.write(
                    LINE.format(
                        f"alliance page with {count} action(s)",
                        runs,
                        f"{line['median']:.0f}",
                        f"{line['p95']:.0f}",
                        line["queries"],
                    )
                )
            self._add_actions(actions - 101, today, now)
            self._measure_reminders(now, runs)

    def _add_actions(self, count, today, now):
        """Actions spread over the alliances: due from 30 days ago to 60 days ahead, one in five owned outside."""
        alliances = list(Alliance.objects.order_by("pk").values_list("pk", "owner_id"))
        Action.objects.bulk_create(
            [
                Action(
                    alliance_id=alliances[n % len(alliances)][0],
                    title=f"Synthetic action {n}",
                    owner_user_id=None if n % 5 == 0 else alliances[n % len(alliances)][1],
                    owner_name=f"Partner person {n}" if n % 5 == 0 else "",
                    owner_email=f"partner{n % 400}@example.com" if n % 5 == 0 else "",
                    due_date=today + dt.timedelta(days=n % 90 - 30),
                    status=Action.Status.OPEN if n % 4 else Action.Status.IN_PROGRESS,
                    created_by_id=alliances[n % len(alliances)][1],
                    created_at=now,
                    updated_at=now,
                )
                for n in range(count)
            ],
            batch_size=500,
        )

    def _measure_reminders(self, now, runs):
        """The first run of a day (every reminder new), undone after each timing; then a second day with nothing new."""
        timings, queued, queries = [], 0, 0
        for _ in range(runs):
            try:
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    queued = send_reminders(now=now)
                    timings.append((time.perf_counter() - started) * 1000)
                    reminded = ActionReminder.objects.count()
                    queries = len(captured.captured_queries)
                    raise Rollback
            except Rollback:
                pass
        median, p95 = median_and_p95(timings)
        self.stdout.write(
            LINE.format("daily reminders, first run", runs, f"{median:.0f}", f"{p95:.0f}", queries)
            + f"  ({queued:,} digests queued, {reminded:,} action reminders)"
        )
        send_reminders(now=now)
        started = time.perf_counter()
        send_reminders(now=now + dt.timedelta(hours=1))
        self.stdout.write(
            LINE.format("daily reminders, nothing new", 1, f"{(time.perf_counter() - started) * 1000:.0f}", "", "")
        )
