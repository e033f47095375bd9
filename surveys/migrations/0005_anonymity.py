"""Anonymity against whoever can read the database and the web server's log.

Responses and answers get random primary keys, and the ones already stored are renumbered: sequential ids put the
responses in the order they came, which the access log's times could then match to personal links. Drafts saved with
"finish later" on the invitations of anonymous surveys are deleted: they sat next to the e-mail address (drafts of
anonymous surveys are now kept only in the respondent's browser session, see surveys/views_public.py)."""

from django.db import migrations, models

import surveys.models

RANDOM_ID_SQL = {
    "sqlite": "UPDATE surveys_answer SET id = (abs(random()) % 4611686018427387903) + 1",
    "postgresql": "UPDATE surveys_answer SET id = floor(random() * 4611686018427387903)::bigint + 1",
}


def renumber(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    for old in list(Response.objects.values_list("pk", flat=True)):
        new = surveys.models.random_id()
        Response.objects.filter(pk=old).update(id=new)
        Answer.objects.filter(response_id=old).update(response_id=new)
    sql = RANDOM_ID_SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)
    else:
        for old in list(Answer.objects.values_list("pk", flat=True)):
            Answer.objects.filter(pk=old).update(id=surveys.models.random_id())


def forget_anonymous_drafts(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Invitation.objects.filter(campaign__anonymous=True).update(draft={})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_full_neutral_labels")]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="id",
            field=models.BigIntegerField(
                default=surveys.models.random_id, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="id",
            field=models.BigIntegerField(
                default=surveys.models.random_id, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.RunPython(forget_anonymous_drafts, migrations.RunPython.noop),
    ]
