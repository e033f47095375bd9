from django.db import migrations, models

from kokybe.lib import crypto


def encrypt_existing(apps, schema_editor):
    """Attachments uploaded before files were encrypted: encrypted now when the keys are configured (otherwise
    `manage.py reencrypt_fields` does it once they are; the download view serves them meanwhile)."""
    if not crypto.configured_keys():
        return
    Attachment = apps.get_model("safeguarding", "Attachment")
    for attachment in Attachment.objects.filter(file_encrypted=False).exclude(file="").iterator(chunk_size=200):
        crypto.encrypt_file(attachment, "file")


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="attachment", name="file_encrypted", field=models.BooleanField(default=False, editable=False)
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
