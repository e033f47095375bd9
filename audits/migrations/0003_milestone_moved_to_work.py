"""The calendar's Milestone moved from actions to work (same table): only Django's state changes here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_finding_documents"),
        ("work", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="audit",
                    name="milestone",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit",
                        to="work.milestone",
                    ),
                ),
                migrations.AlterField(
                    model_name="certificate",
                    name="expiry_milestone",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="work.milestone",
                    ),
                ),
                migrations.AlterField(
                    model_name="managementreview",
                    name="milestone",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="work.milestone",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
