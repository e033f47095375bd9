"""`manage.py bench_programme [--providers 1000] [--repeat 20]`: the programme console benchmark (programmes/bench.py).

Everything it creates is rolled back at the end, so it can run against any database (`make bench` gives it its own).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from programmes import bench


class Command(BaseCommand):
    help = "Time the programme board, indicators, benchmarks and a round's progress with 1,000 providers."

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, providers, repeat, **options):
        with transaction.atomic():
            bench.run(providers, repeat, out=self.stdout)
            transaction.set_rollback(True)
