"""Store every submitted result in schema 2: its reasons as codes with their figures, not sentences.

`results.upgrade` derives the codes from each result's stored figures. A result whose derived
reasons would not read word for word as its stored sentences (edited by hand, say) keeps those
sentences as they are, so no page changes. Backwards, the sentences are written out again.
"""

from django.db import migrations
from django.utils import translation

from assessments import reasons, results

BATCH = 500


def upgrade(stored: dict) -> dict:
    """Schema 2, its reasons as codes when they compose the stored sentences, else those sentences as they are."""
    upgraded = results.upgrade(stored)
    if reasons.sentences(results.read(upgraded)) != stored["reasons"]:
        upgraded["reasons"] = results.as_stored(stored["reasons"])
    return upgraded


def downgrade(stored: dict) -> dict:
    """Schema 1: the reasons as their English sentences."""
    legacy = {key: value for key, value in stored.items() if key != "schema"}
    return legacy | {"reasons": reasons.sentences(results.read(stored))}


def rewrite(convert, *, from_schema_2: bool):
    def run(apps, schema_editor):
        Assessment = apps.get_model("assessments", "Assessment")
        # A batch at a time, each read in full before it is written: SQLite cannot write the table it iterates.
        pks = list(Assessment.objects.exclude(result=None).order_by("pk").values_list("pk", flat=True))
        # The stored sentences are English: compare and write them untranslated.
        with translation.override(None):
            for start in range(0, len(pks), BATCH):
                batch = list(Assessment.objects.filter(pk__in=pks[start : start + BATCH]).only("result"))
                changed = [a for a in batch if (a.result.get("schema") == 2) == from_schema_2]
                for assessment in changed:
                    assessment.result = convert(assessment.result)
                Assessment.objects.bulk_update(changed, ["result"])

    return run


class Migration(migrations.Migration):
    dependencies = [("assessments", "0010_assessment_latest_tie_break")]

    operations = [migrations.RunPython(rewrite(upgrade, from_schema_2=False), rewrite(downgrade, from_schema_2=True))]
