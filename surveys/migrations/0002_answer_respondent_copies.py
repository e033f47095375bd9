# Answers copy their response's service, unit, respondent group and channel (as they already copy its campaign), so a
# breakdown is one GROUP BY over one index without a join to the responses; the index gains those columns.

import django.db.models.deletion
from django.db import migrations, models

COPIED = ("service_id", "unit_id", "group", "channel")


def copy_from_responses(apps, schema_editor):
    """Existing answers get their response's values: one UPDATE (a row-value subquery, on SQLite and PostgreSQL)."""
    quote = schema_editor.quote_name
    answer = quote(apps.get_model("surveys", "Answer")._meta.db_table)
    response = quote(apps.get_model("surveys", "Response")._meta.db_table)
    targets = ", ".join(quote(name) for name in COPIED)
    sources = ", ".join(f"r.{quote(name)}" for name in COPIED)
    schema_editor.execute(
        f"UPDATE {answer} SET ({targets}) = (SELECT {sources} FROM {response} r WHERE r.id = {answer}.response_id)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_activity_field_labels_unit_names'),
        ('surveys', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='answer',
            name='answer_campaign_counts',
        ),
        migrations.AddField(
            model_name='answer',
            name='service',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.service'),
        ),
        migrations.AddField(
            model_name='answer',
            name='unit',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.unit'),
        ),
        migrations.AddField(
            model_name='answer',
            name='group',
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name='answer',
            name='channel',
            field=models.CharField(choices=[('web', 'Online form'), ('easy_read', 'Easy-read form'), ('paper', 'Paper questionnaire')], default='web', max_length=16),
        ),
        migrations.RunPython(copy_from_responses, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(fields=['campaign', 'question', 'value', 'choice', 'service', 'unit', 'group', 'channel'], name='answer_counts'),
        ),
    ]
