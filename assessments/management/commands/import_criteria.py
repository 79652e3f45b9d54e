from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments import criteria_io


class Command(BaseCommand):
    help = "Load a criteria file (YAML or JSON) into a new draft questionnaire version. A bad file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            questionnaire = criteria_io.load(criteria_io.parse(file.read_text(encoding="utf-8")))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except criteria_io.CriteriaFileRefused as error:
            raise CommandError(f"{file} was not imported:\n" + "\n".join(f"- {e}" for e in error.errors)) from None
        self.stdout.write(
            f"Imported {file} as draft questionnaire v{questionnaire.version} with {questionnaire.items.count()} items."
        )
