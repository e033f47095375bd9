"""Rewrite every encrypted field and every encrypted file with the first key of FIELD_ENCRYPTION_KEYS (the last step
of a key rotation). Files stored in clear before their model encrypted them (safeguarding attachments uploaded
before files were encrypted) are encrypted on the way."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kokybe.lib import crypto


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key in FIELD_ENCRYPTION_KEYS (key rotation)."

    def handle(self, *args, **options):
        total = 0
        for model, names in crypto.encrypted_fields():
            # Read through the fields (every key decrypts), write back through update() (the first key encrypts);
            # the rows' other fields are not touched.
            rows = model._base_manager.values_list("pk", *names)
            with transaction.atomic():
                for pk, *values in rows.iterator(chunk_size=500):
                    model._base_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                    total += 1
            self.stdout.write(f"{model._meta.label}: {', '.join(names)}")
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-encrypted with the first key."))
        files = crypto.encrypt_files()
        self.stdout.write(self.style.SUCCESS(f"{files} files re-encrypted with the first key."))
