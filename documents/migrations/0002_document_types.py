"""The shipped document types (documents/library/types.yaml): they must exist on a fresh install."""

from django.db import migrations

# The fields this migration's model has; later field additions sync through their own migration.
FIELDS = (
    "order",
    "name_lt",
    "name_en",
    "description_lt",
    "description_en",
    "review_months",
    "public_by_default",
    "required",
    "indicator_codes",
)


def load_types(apps, schema_editor):
    from documents.library import sync_types

    sync_types(apps.get_model("documents", "DocumentType"), fields=FIELDS, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load_types, migrations.RunPython.noop)]
