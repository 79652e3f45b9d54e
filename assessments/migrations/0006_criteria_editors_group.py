"""The "Criteria editors" group: may add, change, delete and view the criteria, and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRITERIA_EDITORS = "Criteria editors"
CRITERIA_MODELS = ("stage", "pattern", "principle", "commitment", "questionnaire", "item")


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CRITERIA_EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="assessments", content_type__model__in=CRITERIA_MODELS)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CRITERIA_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
