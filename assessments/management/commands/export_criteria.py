from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments import criteria_io
from assessments.models import Questionnaire


class Command(BaseCommand):
    help = "Print the criteria with a questionnaire version (default: the published one) in the criteria file format."

    def add_arguments(self, parser):
        parser.add_argument("questionnaire_version", nargs="?", type=int, help="the version to export")

    def handle(self, *args, questionnaire_version=None, **options):
        versions = Questionnaire.objects.all()
        try:
            if questionnaire_version is None:
                questionnaire = versions.get(status=Questionnaire.Status.PUBLISHED)
            else:
                questionnaire = versions.get(version=questionnaire_version)
        except Questionnaire.DoesNotExist:
            if questionnaire_version is None:
                raise CommandError(_("There is no published questionnaire version.")) from None
            message = _("There is no questionnaire version %(version)s.") % {"version": questionnaire_version}
            raise CommandError(message) from None
        self.stdout.write(criteria_io.dump(questionnaire), ending="")
