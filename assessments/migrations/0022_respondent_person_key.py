"""Respondents get a person key, an address key and a mark of whose answers counted; a survey's combined answers their sides' values.

Filled for what is stored already: each respondent's keys, from their account or their address as
`models.rounds.person_key` and `address_key` make them (copied here, so this migration keeps working if that code moves);
`answers_counted` for the respondents of closed surveys who handed in and were not revoked (someone erased
before this migration left no answers behind, so is not marked); and each closed survey's combined answers
get the values of the sides its stored result shows.
"""

from django.db import migrations, models
from django.db.models import Q
from django.utils.crypto import salted_hmac

PERSON_KEY_SALT = "assessments.respondent.person_key"


def _keyed(person):
    return salted_hmac(PERSON_KEY_SALT, person, algorithm="sha256").hexdigest()


def _address_key(email):
    return _keyed(f"email:{email.strip().casefold()}") if email.strip() else ""


def _person_key(user_id, email):
    return _address_key(email) if user_id is None else _keyed(f"user:{user_id}")


def fill(apps, schema_editor):
    Respondent = apps.get_model("assessments", "Respondent")
    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    Round = apps.get_model("assessments", "Round")
    respondents = list(Respondent.objects.all())
    for respondent in respondents:
        respondent.person_key = _person_key(respondent.user_id, respondent.email)
        respondent.address_key = _address_key(respondent.email)
    Respondent.objects.bulk_update(respondents, ["person_key", "address_key"], batch_size=1000)
    Respondent.objects.filter(
        round__closed_at__isnull=False,
        round__kind="survey",
        revoked_at__isnull=True,
        assessments__status="responded",
    ).update(answers_counted=True)
    for survey in Round.objects.filter(kind="survey", closed_at__isnull=False, result__isnull=False):
        shown = [s for s in survey.result["sides"] if s["qualifies"]]
        combined = Assessment.objects.filter(round=survey, status="submitted", invitee__isnull=True).first()
        if combined is None:
            continue
        answers = list(Answer.objects.filter(assessment=combined).select_related("item"))
        for answer in answers:
            code = answer.item.code
            answer.side_values = {s["side"]: s["combined"][code] for s in shown if code in s["combined"]}
        Answer.objects.bulk_update(answers, ["side_values"], batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":
        # The updates leave deferred foreign-key checks pending, and PostgreSQL alters no table that has some:
        # run them now, so that the constraint below can be added in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0021_questionnaire_version_2")]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="person_key",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="person key"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="respondent",
            name="address_key",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="address key"),
        ),
        migrations.AddField(
            model_name="respondent",
            name="answers_counted",
            field=models.BooleanField(default=False, editable=False, verbose_name="answers counted"),
        ),
        migrations.AddField(
            model_name="answer",
            name="side_values",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="values by side"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="respondent",
            constraint=models.CheckConstraint(
                condition=~Q(person_key=""),
                name="respondent_has_person_key",
                violation_error_message="Every respondent has a person key.",
            ),
        ),
    ]
