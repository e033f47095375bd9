"""`manage.py bench_plan [--actions 2000] [--repeat 20]`: the implementation-plan benchmark (actions/bench.py).

Everything it creates is rolled back at the end, so it can run against any database (`make bench` gives it its own).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from actions import bench


class Command(BaseCommand):
    help = "Time the implementation plan, timeline and exports with 2,000 actions; report p50/p95 and query counts."

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, default=2000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, actions, repeat, **options):
        with transaction.atomic():
            bench.run(actions, repeat, out=self.stdout)
            transaction.set_rollback(True)
