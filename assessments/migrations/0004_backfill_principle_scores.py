"""Copy each submitted assessment's principle scores out of its stored result."""

from django.db import migrations

from assessments.results import principle_standings, read

BATCH = 500


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentPrincipleScore = apps.get_model("assessments", "AssessmentPrincipleScore")
    submitted = Assessment.objects.filter(status="submitted").values_list("pk", "result")
    rows = []
    for pk, result in submitted.iterator(chunk_size=BATCH):
        rows.extend(
            AssessmentPrincipleScore(assessment_id=pk, principle=s.principle, score=s.score, holds_back=s.holds_back)
            for s in principle_standings(read(result))
        )
        if len(rows) >= BATCH * 10:
            AssessmentPrincipleScore.objects.bulk_create(rows)
            rows = []
    AssessmentPrincipleScore.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_assessment_principle_scores")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
