"""`manage.py sync_document_types`: bring the shipped document types up to date with documents/library/types.yaml.

Idempotent; migration 0002 runs the same on a fresh install. Types added by hand (other codes) are left alone.
"""

from django.core.management.base import BaseCommand

from documents.library import sync_types
from documents.models import DocumentType


class Command(BaseCommand):
    help = "Create or update the shipped document types from documents/library/types.yaml."

    def handle(self, *args, **options):
        created, updated = sync_types(DocumentType)
        self.stdout.write(f"Document types: {created} created, {updated} updated.")
