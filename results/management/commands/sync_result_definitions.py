"""`manage.py sync_result_definitions`: add the shipped result definitions (results/library/definitions.yaml) that
are missing; `migrate` does the same. A shipped definition already there is never changed."""

from django.core.management.base import BaseCommand

from results.library import sync_shipped
from results.models import Definition


class Command(BaseCommand):
    help = "Add the shipped result definitions that are missing."

    def handle(self, *args, **options):
        self.stdout.write(f"{sync_shipped(Definition)} result definitions added.")
