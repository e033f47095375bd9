from django.core.management.base import BaseCommand

from assessments.bench import run


class Command(BaseCommand):
    help = (
        "Benchmark the self-assessment on a synthetic 120-indicator cycle: page query count and p50/p95, readiness, "
        "DOCX and PDF generation. Leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="page and readiness requests to time (default 30)")
        parser.add_argument("--report-runs", type=int, default=3, help="DOCX and PDF builds to time (default 3)")
        parser.add_argument("--check", action="store_true", help="exit with an error when a target is missed")

    def handle(self, *args, runs, report_runs, check, **options):
        result = run(runs=runs, report_runs=report_runs)
        for line in result.lines():
            self.stdout.write(line)
        if check and not result.ok():
            self.stderr.write("A target was missed.")
            raise SystemExit(1)
