from django.core.management.base import BaseCommand

from api.bench import run


class Command(BaseCommand):
    help = "Benchmark the REST API over HTTP: 100 actions listed, a 120-answer cycle read; against bare SQL."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50, help="requests to time for each (default 50)")

    def handle(self, *args, runs, **options):
        run(runs=runs, out=self.stdout.write)
