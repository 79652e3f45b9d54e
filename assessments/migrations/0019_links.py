import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_rounds_required"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="mail_job",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="jobs.job",
                verbose_name="latest mail",
            ),
        ),
    ]
