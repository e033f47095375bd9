"""The shipped rating scales' middle point lost its second half to an unquoted comma in YAML ("Nei sutinku" for
"Nei sutinku, nei nesutinku"). The files are fixed; this puts the full label on every question already imported from
them, used or not, and on organisations' copies of them. Answers are stored by position, so no answer changes meaning.
With the stored content equal to the corrected file, re-importing the library adopts the new checksum as no change."""

from django.db import migrations

FIXES = {
    ("Nei sutinku", "Neither agree nor disagree"): "Nei sutinku, nei nesutinku",
    ("Nei patenkintas (-a)", "Neither satisfied nor dissatisfied"): "Nei patenkintas (-a), nei nepatenkintas (-a)",
}


def restore_labels(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for question in Question.objects.filter(type="likert").only("options").iterator():
        changed = False
        for point in question.options:
            if not isinstance(point, dict):
                continue
            full = FIXES.get((point.get("label_lt"), point.get("label_en")))
            if full:
                point["label_lt"] = full
                changed = True
        if changed:
            question.save(update_fields=["options"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_easy_read_polite")]

    operations = [migrations.RunPython(restore_labels, migrations.RunPython.noop)]
