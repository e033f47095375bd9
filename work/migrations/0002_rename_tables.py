"""The moved models' tables take the work app's names, and their content types follow them.

Moving the content type rows (rather than letting Django create new ones) keeps every generic link to a milestone —
notifications, activity entries — and the models' permissions pointing at the same things.
"""

from django.db import migrations

MODELS = ["milestone", "notification", "reminderlog", "calendarfeed"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label="actions", model=model).first()
        if old is None:
            continue
        if ContentType.objects.using(db).filter(app_label="work", model=model).exists():
            continue  # both exist (a database migrated in pieces): leave them; nothing points at the new one yet
        old.app_label = "work"
        old.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="work", model__in=MODELS).update(app_label="actions")


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0001_initial"),
        ("actions", "0006_calendar_notifications_moved_to_work"),
    ]

    operations = [
        migrations.AlterModelTable(name="milestone", table=None),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AlterModelTable(name="reminderlog", table=None),
        migrations.AlterModelTable(name="calendarfeed", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
