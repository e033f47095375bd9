"""`manage.py export_questionnaire CODE [--label LABEL] [--org SLUG]`: print a questionnaire version as YAML."""

from django.core.management.base import BaseCommand, CommandError

from surveys import library
from surveys.models import InstrumentVersion


class Command(BaseCommand):
    help = "Print a questionnaire version in the YAML import format."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--label", default="", help="Version label (default: the newest).")
        parser.add_argument("--org", default="", help="Slug of the owning organisation (default: shipped).")

    def handle(self, *args, code, label, org, **options):
        versions = InstrumentVersion.objects.filter(instrument__code=code).select_related("instrument")
        versions = versions.filter(instrument__org__slug=org) if org else versions.filter(instrument__org__isnull=True)
        if label:
            versions = versions.filter(label=label)
        version = versions.order_by("-created_at").first()
        if version is None:
            raise CommandError(f"No questionnaire {code!r}" + (f" version {label!r}" if label else "") + ".")
        self.stdout.write(library.export_yaml(version), ending="")
