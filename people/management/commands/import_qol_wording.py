"""`manage.py import_qol_wording <organisation slug> <instrument code> <file.yaml>`: a licence holder's item wording
for an instrument whose structure and scoring Kokybė ships without its text (WHOQOL-BREF).

The file maps every item id to its wording: `q1: {text_lt: "…", text_en: "…"}`. The organisation's instrument then
shows the wording and scores exactly as the shipped structure does."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kokybe.lib import safe_yaml
from orgs.models import Organisation

from ... import instruments


class Command(BaseCommand):
    help = "Import a licensed quality-of-life instrument's item wording for one organisation."

    def add_arguments(self, parser):
        parser.add_argument("org")
        parser.add_argument("code")
        parser.add_argument("path")

    def handle(self, *args, org, code, path, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation {org!r}.")
        wording = safe_yaml.load(Path(path).read_bytes())
        if not isinstance(wording, dict):
            raise CommandError("The file must map item ids to their wording.")
        try:
            instruments.import_wording(org=organisation, code=code, wording=wording, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{code}: wording of {len(wording)} items imported for {organisation.slug}.")
