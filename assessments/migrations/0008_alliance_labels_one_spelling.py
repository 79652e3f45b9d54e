"""Give each business unit and region one spelling, and find alliances typed twice in other capitals.

The next migration makes name and partner unique whatever the case; it cannot be added while two
alliances differ only in case, and which of them to rename is a person's call, so this stops and says.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

from assessments import spellings

TYPED_TWICE = (
    "These alliances have the same name and partner apart from capitals: {pairs}. "
    "Rename one of each pair in the admin, then migrate again."
)


def use_one_spelling(apps, schema_editor):
    Alliance = apps.get_model("assessments", "Alliance")
    for field in ("business_unit", "region"):
        counts = dict(Alliance.objects.order_by().values_list(field).annotate(n=Count("pk")))
        keep = spellings.preferred(counts)
        for value in counts:
            if keep[spellings.key(value)] != value:
                Alliance.objects.filter(**{field: value}).update(**{field: keep[spellings.key(value)]})


def refuse_alliances_typed_twice(apps, schema_editor):
    Alliance = apps.get_model("assessments", "Alliance")
    twice = (
        Alliance.objects.order_by()
        .values(lower_name=Lower("name"), lower_partner=Lower("partner"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if twice:
        pairs = "; ".join(f"{row['lower_name']} / {row['lower_partner']}" for row in twice)
        raise RuntimeError(TYPED_TWICE.format(pairs=pairs))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0007_assessment_last_section")]

    operations = [
        migrations.RunPython(use_one_spelling, migrations.RunPython.noop),
        migrations.RunPython(refuse_alliances_typed_twice, migrations.RunPython.noop),
    ]
