"""Each standing period's mean principle score (models/standings.py), written for the periods stored so far, and the
indexes the dashboard's weakest alliances and first submission are found by."""

from django.db import migrations, models

from assessments.periods import PRINCIPLES, mean_score

SCORES = tuple(f"score_{n}" for n in PRINCIPLES)
PERIODS_AT_ONCE = 1000


def backfill(apps, schema_editor):
    """The mean of each period's known scores, as the app writes it since."""
    StandingPeriod = apps.get_model("assessments", "StandingPeriod")
    scored = StandingPeriod.objects.exclude(**{f"{score}__isnull": True for score in SCORES}).order_by("pk")
    batch = []
    for pk, *scores in scored.values_list("pk", *SCORES).iterator(chunk_size=PERIODS_AT_ONCE):
        batch.append(StandingPeriod(pk=pk, mean_score=mean_score(scores)))
        if len(batch) == PERIODS_AT_ONCE:
            StandingPeriod.objects.bulk_update(batch, ["mean_score"])
            batch = []
    StandingPeriod.objects.bulk_update(batch, ["mean_score"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0023_standing"),
    ]

    operations = [
        migrations.AddField(
            model_name="standingperiod",
            name="mean_score",
            field=models.FloatField(blank=True, null=True, verbose_name="mean principle score"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="standingperiod",
            index=models.Index(fields=["valid_from"], name="standing_period_first"),
        ),
        migrations.AddIndex(
            model_name="standingperiod",
            index=models.Index(
                condition=models.Q(("mean_score__isnull", False), ("valid_to__isnull", True)),
                fields=["mean_score", "assessment"],
                name="standing_period_weakest",
            ),
        ),
    ]
