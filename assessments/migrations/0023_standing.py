"""Each alliance's standing as periods (models/standings.py), written for every result stored so far."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from assessments.periods import LATEST_FIRST, cut, score_fields

ALLIANCES_AT_ONCE = 1000


def backfill(apps, schema_editor):
    """Cut each alliance's submitted results into periods, with their principle scores, as the app writes them."""
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentPrincipleScore = apps.get_model("assessments", "AssessmentPrincipleScore")
    StandingPeriod = apps.get_model("assessments", "StandingPeriod")
    submitted = Assessment.objects.filter(status="submitted")
    assessed = sorted(set(submitted.values_list("alliance_id", flat=True)))
    for start in range(0, len(assessed), ALLIANCES_AT_ONCE):
        alliances = assessed[start : start + ALLIANCES_AT_ONCE]
        results = (
            submitted.filter(alliance_id__in=alliances)
            .order_by(*LATEST_FIRST)
            .values_list("pk", "alliance_id", "stage", "submitted_at")
        )
        scores = defaultdict(list)
        for assessment_id, *score in AssessmentPrincipleScore.objects.filter(
            assessment__alliance_id__in=alliances, assessment__status="submitted"
        ).values_list("assessment_id", "principle", "score", "holds_back"):
            scores[assessment_id].append(score)
        StandingPeriod.objects.bulk_create(
            StandingPeriod(**vars(period), **columns(scores[period.assessment_id])) for period in cut(results)
        )


def columns(scores) -> dict:
    """The score columns the periods had here: their mean came later, with the migration that writes it
    (standing_period_mean_score)."""
    fields = score_fields(scores)
    del fields["mean_score"]
    return fields


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0022_respondent_person_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandingPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stage", models.PositiveSmallIntegerField(verbose_name="stage")),
                ("stage_before", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="stage before")),
                ("valid_from", models.DateTimeField(verbose_name="valid from")),
                ("valid_to", models.DateTimeField(blank=True, null=True, verbose_name="valid to")),
                ("score_1", models.FloatField(blank=True, null=True, verbose_name="principle 1 score")),
                ("score_2", models.FloatField(blank=True, null=True, verbose_name="principle 2 score")),
                ("score_3", models.FloatField(blank=True, null=True, verbose_name="principle 3 score")),
                ("score_4", models.FloatField(blank=True, null=True, verbose_name="principle 4 score")),
                ("score_5", models.FloatField(blank=True, null=True, verbose_name="principle 5 score")),
                ("score_6", models.FloatField(blank=True, null=True, verbose_name="principle 6 score")),
                ("score_7", models.FloatField(blank=True, null=True, verbose_name="principle 7 score")),
                ("score_8", models.FloatField(blank=True, null=True, verbose_name="principle 8 score")),
                ("score_9", models.FloatField(blank=True, null=True, verbose_name="principle 9 score")),
                ("score_10", models.FloatField(blank=True, null=True, verbose_name="principle 10 score")),
                ("holding_back", models.PositiveSmallIntegerField(default=0, verbose_name="principles holding back")),
                (
                    "alliance",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standing_periods",
                        to="assessments.alliance",
                        verbose_name="alliance",
                    ),
                ),
                (
                    "assessment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standing_period",
                        to="assessments.assessment",
                        verbose_name="assessment",
                    ),
                ),
            ],
            options={
                "verbose_name": "standing period",
                "verbose_name_plural": "standing periods",
                "ordering": ["alliance_id", "valid_from", "assessment_id"],
                "indexes": [models.Index(fields=["alliance", "valid_from", "valid_to"], name="standing_period_as_of")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("valid_to__isnull", True)),
                        fields=("alliance",),
                        name="one_current_standing_per_alliance",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_to__isnull", True), ("valid_to__gte", models.F("valid_from")), _connector="OR"
                        ),
                        name="standing_period_ends_after_it_starts",
                    ),
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
