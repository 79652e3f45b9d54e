"""Each standing period's mean principle score (models/standings.py), written for the periods stored so far, and the
indexes the dashboard's weakest alliances and first submission are found by."""

import functools
import operator

from django.db import migrations, models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, NullIf

SCORES = tuple(f"score_{n}" for n in range(1, 11))

# periods.mean_score in SQL, to the same float: the known scores added up principle 1 first (an unknown one adds
# 0.0, which changes no sum), divided by how many are known; none when none is.
MEAN_SCORE = functools.reduce(operator.add, (Coalesce(F(score), Value(0.0)) for score in SCORES)) / NullIf(
    functools.reduce(operator.add, (Case(When(**{f"{score}__isnull": False}, then=1), default=0) for score in SCORES)),
    0,
)


def backfill(apps, schema_editor):
    """The mean of each period's known scores, as the app writes it since, in one statement."""
    StandingPeriod = apps.get_model("assessments", "StandingPeriod")
    StandingPeriod.objects.update(mean_score=models.ExpressionWrapper(MEAN_SCORE, output_field=models.FloatField()))


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
