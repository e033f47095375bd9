"""`manage.py bench_survey_analysis`: see surveys/bench.py. Runs it in a fresh process, because the benchmark uses a
throw-away database of its own and a process's database settings are fixed once Django has started."""

import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Time a survey's results page with 100,000 responses × 20 questions against the bare SQL aggregate."

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--database-url", default="", help="PostgreSQL URL; the database name must contain 'bench'")

    def handle(self, *args, responses, repeat, database_url, **options):
        command = [sys.executable, "-m", "surveys.bench", f"--responses={responses}", f"--repeat={repeat}"]
        if database_url:
            command.append(f"--database-url={database_url}")
        result = subprocess.run(command, cwd=settings.BASE_DIR, check=False)
        if result.returncode:
            raise SystemExit(result.returncode)
