from django.db import migrations


def create(apps, schema_editor):
    from programmes.chain import ensure_equass_template

    ensure_equass_template(apps.get_model("programmes", "MilestoneTemplate"), apps.get_model("programmes", "MilestoneStep"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_programme_console")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
