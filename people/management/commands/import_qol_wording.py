"""`manage.py import_qol_wording <organisation slug> <instrument code> <file.yaml>`: a licence holder's item wording
for an instrument whose structure and scoring Kokybė ships without its text (WHOQOL-BREF).

The file maps every item id to its wording: `q1: {text_lt: "…", text_en: "…"}`. The organisation's instrument then
shows the wording and scores exactly as the shipped structure does. The managers do the same on the page
/o/<org>/people/instruments/ (people.views_instruments); both call people.instruments.import_file."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

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
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            # The same function as the instruments page (people:instruments): one reading, one check, one log entry.
            instrument = instruments.import_file(org=organisation, code=code, content=content, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        items = len(instrument.definition["items"])
        self.stdout.write(f"{code}: wording of {items} items imported for {organisation.slug}.")
