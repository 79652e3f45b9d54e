from django.core.management.base import BaseCommand, CommandError

from assessments.management import loadtest


class Command(BaseCommand):
    help = (
        "Respondents autosaving with submits mixed in, against a real gunicorn on 127.0.0.1, on the configured "
        "database; then every acknowledged answer is checked against what is stored. Stops by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--respondents", type=int, default=50, choices=range(1, 201), metavar="1-200")
        parser.add_argument("--seconds", type=float, default=60, help="how long, at most 600")
        parser.add_argument("--max-requests", type=int, default=100_000, help="a budget that stops it sooner")
        parser.add_argument("--port", type=int, default=8103)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn's sync workers")

    def handle(self, *args, respondents, seconds, max_requests, port, workers, **options):
        if not 0 < seconds <= 600:
            raise CommandError("--seconds must be more than 0 and at most 600.", returncode=2)
        self.stdout.write(
            f"{respondents} respondents for {seconds:g} s against gunicorn ({workers} sync workers) "
            f"on 127.0.0.1:{port}, database {loadtest.describe_database()}"
        )
        figures = loadtest.run(
            respondents=respondents, seconds=seconds, max_requests=max_requests, port=port, workers=workers
        )
        loadtest.report(figures, self.stdout.write)
        if figures["lost"] or figures["tally"].errors:
            raise CommandError("Answers were lost or requests failed (see above).", returncode=1)
