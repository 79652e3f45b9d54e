from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments import criteria_io, untrusted_files


class Command(BaseCommand):
    help = "Load a criteria file (YAML or JSON) into a new draft questionnaire version. A bad file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        # A refused file exits with status 2 (bad input), as `score` does.
        try:
            untrusted_files.check_size(file.stat().st_size)
            questionnaire = criteria_io.load(criteria_io.parse(file.read_text(encoding="utf-8")))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.", returncode=2) from None
        except untrusted_files.UnreadableFile as refusal:
            raise CommandError(f"{file} was not imported: {refusal.message}", returncode=2) from None
        except criteria_io.CriteriaFileRefused as error:
            if isinstance(error.__cause__, untrusted_files.UnreadableFile):  # one sentence about the whole file
                raise CommandError(f"{file} was not imported: {error.errors[0]}", returncode=2) from None
            # The admin's words: the count, then each problem on a line of its own.
            listed = "\n".join(f"- {problem}" for problem in error.errors)
            raise CommandError(f"{file}: {criteria_io.refused(len(error.errors))}\n{listed}", returncode=2) from None
        self.stdout.write(
            f"Imported {file} as draft questionnaire v{questionnaire.version} with {questionnaire.items.count()} items."
        )
