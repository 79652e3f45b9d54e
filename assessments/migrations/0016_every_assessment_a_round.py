"""Every stored assessment becomes a self-assessment round, so history and drafts go on unbroken.

- A submitted assessment gets a round opened when the assessment was made and closed at its submission.
- A draft in progress becomes an open self-assessment (no deadline), when it is the alliance owner's.
  An alliance holds one open round, and before rounds it could hold several drafts: one per person
  who owned the alliance while they started one. Only the owner's draft can still be answered
  (`access.assessments_answerable_by`), so that one stays open; any other (a former owner's) is kept
  with its answers in a self-assessment round closed at the draft's last save, left out as a draft
  not submitted at closing is.

Backwards, the self-assessment rounds go and the assessments lose their round.
"""

from django.db import migrations

BATCH = 500


def make_rounds(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Round = apps.get_model("assessments", "Round")
    without = Assessment.objects.filter(round__isnull=True).order_by("pk")
    fields = ("pk", "alliance_id", "alliance__owner_id", "questionnaire_id", "respondent_id", "status")
    rows = list(without.values_list(*fields, "created_at", "updated_at", "submitted_at"))
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        rounds = Round.objects.bulk_create([_round(Round, row) for row in batch])
        Assessment.objects.bulk_update(
            [Assessment(pk=row[0], round_id=made.pk) for row, made in zip(batch, rounds, strict=True)],
            ["round"],
        )


def _round(Round, row):
    _, alliance, owner, questionnaire, respondent, status, created_at, updated_at, submitted_at = row
    if status == "submitted":
        closed_at = submitted_at
    else:
        closed_at = None if respondent == owner else updated_at
    return Round(
        alliance_id=alliance,
        questionnaire_id=questionnaire,
        kind="self",
        opened_by_id=respondent,
        opened_at=created_at,
        closed_at=closed_at,
    )


def remove_rounds(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Round = apps.get_model("assessments", "Round")
    self_rounds = Round.objects.filter(kind="self")
    Assessment.objects.filter(round__in=self_rounds).update(round=None)
    self_rounds.delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_rounds")]

    operations = [migrations.RunPython(make_rounds, remove_rounds)]
