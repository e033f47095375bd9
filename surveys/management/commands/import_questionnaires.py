"""`manage.py import_questionnaires [FILE…] [--org SLUG]`: load questionnaires from YAML (docs/surveys.md).

Without files, the shipped library (surveys/library/*.yaml); safe to run on every deploy: unchanged files change
nothing. With --org, the files become that organisation's own questionnaires."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organisation
from surveys import library


class Command(BaseCommand):
    help = "Import questionnaires from YAML files (default: the shipped library)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*")
        parser.add_argument("--org", default="", help="Slug of the organisation that owns the imported files.")

    def handle(self, *args, files, org, **options):
        owner = None
        if org:
            owner = Organisation.objects.filter(slug=org).first()
            if owner is None:
                raise CommandError(f"No organisation {org!r}.")
        paths = [Path(f) for f in files] or sorted(library.LIBRARY_DIR.glob("*.yaml"))
        for path in paths:
            try:
                result = library.import_instrument(path.read_bytes(), org=owner)
            except library.InstrumentImportError as exc:
                raise CommandError(f"{path}: " + "; ".join(str(p) for p in exc.problems)) from None
            state = "imported" if result.created else "unchanged"
            self.stdout.write(f"{path.name}: {result.version} — {state} ({result.questions} questions)")
