from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments import demo


class Command(BaseCommand):
    help = "Create demo users and a portfolio of alliances with two years of quarterly assessments (local use)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo users have known passwords; use --force."
            )
        created = demo.seed(today=timezone.localdate())
        self.stdout.write(
            f"Demo data ready: {created['alliances']} alliances and {created['assessments']} assessments added. "
            f"Sign in as {', '.join(u.username for u in demo.USERS)} with the password in the README."
        )
