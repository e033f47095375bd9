from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frameworks.exporting import export_yaml, with_tree
from frameworks.models import FrameworkVersion
from frameworks.xlsx import export_xlsx


class Command(BaseCommand):
    help = "Export a framework version as YAML (or XLSX when PATH ends in .xlsx); it re-imports as a no-op."

    def add_arguments(self, parser):
        parser.add_argument("code", metavar="CODE", help="framework code, e.g. equass-assurance-ws")
        parser.add_argument("label", metavar="VERSION", help="version label, e.g. 2018-ws1")
        parser.add_argument("-o", "--output", metavar="PATH", help="file to write (default: standard output)")
        parser.add_argument("--org", metavar="SLUG", help="an organisation's own version instead of a shipped one")

    def handle(self, *args, code, label, output, org, **options):
        versions = with_tree(FrameworkVersion.objects.filter(framework__code=code, label=label))
        versions = versions.filter(org__slug=org) if org else versions.filter(org__isnull=True)
        version = versions.first()
        if version is None:
            raise CommandError(f"No {'version of ' + org if org else 'shipped version'} {code} {label}.")
        if output and output.lower().endswith(".xlsx"):
            Path(output).write_bytes(export_xlsx(version))
        elif output:
            Path(output).write_text(export_yaml(version), encoding="utf-8")
        else:
            self.stdout.write(export_yaml(version), ending="")
            return
        self.stdout.write(f"Wrote {output}")
