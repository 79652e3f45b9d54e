"""Questionnaire version 2, from assessments/criteria/version2.yaml, published in place of the default version 1.

Only on a database whose published version is the default version 1, as loaded from default.yaml (same
codes and statements): an admin's own criteria are left alone. A fresh database has no criteria yet
when migrations run; the default-criteria loader then creates version 1 and version 2 (criteria_io).

A data migration writes no history by itself, so it writes the history rows django-simple-history
would: the new version and its items created, version 1 retired, the patterns given their topics.
The stages' and principles' texts are the same in both files and are not touched.
"""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import migrations
from django.utils import timezone

from assessments.criteria_generation import bump_generation

CRITERIA = Path(__file__).resolve().parents[1] / "criteria"
DEFAULT_FILE, VERSION_TWO_FILE = CRITERIA / "default.yaml", CRITERIA / "version2.yaml"

REASON = "Loaded from a criteria file"
RETIRED = "Retired by publishing v{version}"
THRESHOLDS = {
    "stage_two": "stage_two_threshold",
    "stage_three": "stage_three_threshold",
    "symptom_ceiling": "symptom_ceiling",
    "min_coverage": "min_coverage",
}


def record(apps, instance, kind, reason, when):
    """The history row django-simple-history writes for a save: every field as it now stands."""
    historical = apps.get_model("assessments", f"Historical{instance._meta.object_name}")
    fields = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    return historical(
        **fields, history_date=when, history_type=kind, history_change_reason=reason, history_user_id=None
    )


def is_default_version_one(published, default) -> bool:
    stored = set(published.items.values_list("code", "statement"))
    return published.version == 1 and stored == {(i["code"], i["statement"]) for i in default["questionnaire"]["items"]}


def publish_version_two(apps, schema_editor):
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Item = apps.get_model("assessments", "Item")
    Pattern = apps.get_model("assessments", "Pattern")
    Principle = apps.get_model("assessments", "Principle")
    Commitment = apps.get_model("assessments", "Commitment")
    published = Questionnaire.objects.filter(status="published").first()
    if published is None or not is_default_version_one(published, yaml.safe_load(DEFAULT_FILE.read_text())):
        return
    data = yaml.safe_load(VERSION_TWO_FILE.read_text())
    now = timezone.now()
    history = []

    patterns = {}
    for stage in data["stages"]:
        for p in stage["patterns"]:
            pattern = Pattern.objects.get(stage__number=stage["number"], number=p["number"])
            patterns[f"S{stage['number']}-P{p['number']}"] = pattern
            if pattern.topic != p.get("topic", pattern.topic):
                pattern.topic = p["topic"]
                pattern.save(update_fields=["topic"])
                history.append(record(apps, pattern, "~", REASON, now))
    principles = {p.number: p for p in Principle.objects.all()}
    commitments = {(c.principle.number, c.number): c for c in Commitment.objects.select_related("principle")}

    published.status = "retired"
    published.save(update_fields=["status"])
    history.append(record(apps, published, "~", RETIRED.format(version=published.version + 1), now))
    q = data["questionnaire"]
    latest = Questionnaire.objects.order_by("-version").values_list("version", flat=True).first()
    second = Questionnaire.objects.create(
        version=latest + 1,
        title=q["title"],
        status="published",
        published_at=now,
        rules=q["rules"],
        **{THRESHOLDS[key]: Decimal(str(value)) for key, value in q["thresholds"].items()},
    )
    history.append(record(apps, second, "+", REASON, now))
    items = Item.objects.bulk_create(
        Item(
            questionnaire=second,
            code=item["code"],
            statement=item["statement"],
            help_text=item.get("help", ""),
            weight=Decimal(str(item.get("weight", 1))),
            order=(position + 1) * 10,
            pattern=patterns.get(item.get("pattern")),
            principle=principles.get(item.get("principle")),
            commitment=commitments.get((item.get("principle"), item.get("commitment"))),
            audience=item.get("audience", "both"),
            section=item["section"],
            contradicts=item.get("contradicts", []),
        )
        for position, item in enumerate(q["items"])
    )
    history += [record(apps, item, "+", REASON, now) for item in items]
    for row in history:
        row.save()
    # The patterns' topics title version 1's pages now: sections cached before are stale.
    bump_generation()


def withdraw_version_two(apps, schema_editor):
    """Back to version 1 published, when no assessment uses version 2 yet (its history rows stay, as history)."""
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Assessment = apps.get_model("assessments", "Assessment")
    second = Questionnaire.objects.filter(status="published", rules=2).first()
    if second is None or Assessment.objects.filter(questionnaire=second).exists():
        return
    first = Questionnaire.objects.filter(version=second.version - 1).first()
    second.items.all().delete()
    second.delete()
    if first is not None:
        first.status = "published"
        first.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0020_questionnaire_rules_item_contradicts"),
    ]

    operations = [migrations.RunPython(publish_version_two, withdraw_version_two)]
