import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "National-scale benchmark over HTTP (gunicorn) with bare-SQL floors; see kokybe/bench.py."

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=int(os.environ.get("BENCH_PROVIDERS", 1000)))
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, providers, repeat, **options):
        from kokybe import bench

        bench.run(providers, repeat=repeat, out=self.stdout)
