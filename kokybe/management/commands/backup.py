"""`manage.py backup [--output DIR]`: the database, the uploaded files and a manifest with checksums, in one new
folder (kokybe/lib/backup.py). README, "Backups"."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from kokybe.lib import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files, with a manifest of row counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="The new folder to write (default: var/backups/<time>).")

    def handle(self, *args, output=None, **options):
        output = output or Path(settings.BASE_DIR) / "var" / "backups" / timezone.now().strftime("%Y%m%dT%H%M%SZ")
        manifest = backup.backup(output)
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backup written to {output}: {manifest['vendor']} database, {rows} rows, {files} files.")
