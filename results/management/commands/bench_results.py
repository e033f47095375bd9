"""`manage.py bench_results [--repeat 5]`: the results benchmark (results/bench.py). Everything it creates is rolled
back at the end, so it can run against any database (`make bench` gives it its own)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from results import bench


class Command(BaseCommand):
    help = "Time recomputing every computed indicator of one organisation with three years of records."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        with transaction.atomic():
            bench.run(repeat, out=self.stdout)
            transaction.set_rollback(True)
