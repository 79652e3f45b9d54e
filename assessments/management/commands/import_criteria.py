from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
            message = _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            raise CommandError(message, returncode=2) from None
        except untrusted_files.UnreadableFile as refusal:
            raise CommandError(not_imported(file, refusal.message), returncode=2) from None
        except criteria_io.CriteriaFileRefused as error:
            if isinstance(error.__cause__, untrusted_files.UnreadableFile):  # one sentence about the whole file
                raise CommandError(not_imported(file, error.errors[0]), returncode=2) from None
            # The admin's words: the count, then each problem on a line of its own.
            listed = "\n".join(f"- {problem}" for problem in error.errors)
            raise CommandError(f"{file}: {criteria_io.refused(len(error.errors))}\n{listed}", returncode=2) from None
        count = questionnaire.items.count()
        imported = ngettext(
            "Imported %(file)s as draft questionnaire v%(version)s with %(count)d item.",
            "Imported %(file)s as draft questionnaire v%(version)s with %(count)d items.",
            count,
        )
        self.stdout.write(imported % {"file": file, "version": questionnaire.version, "count": count})


def not_imported(file: Path, problem) -> str:
    return _("%(file)s was not imported: %(problem)s") % {"file": file, "problem": problem}
