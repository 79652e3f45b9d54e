from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.daily import run_daily


class Command(BaseCommand):
    help = "Do the daily jobs (purging old job records …) once for today; later runs the same day do nothing."

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        daily_run = run_daily(today=today, now=now)
        if daily_run is None:
            self.stdout.write(f"Daily jobs already done for {today.isoformat()}; nothing to do.")
            return
        done = ", ".join(f"{name} {count}" for name, count in daily_run.results.items())
        self.stdout.write(f"Daily jobs done for {today.isoformat()}: {done}.")
