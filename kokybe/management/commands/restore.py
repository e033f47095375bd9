"""`manage.py restore DIR [--database-url URL] [--media-root DIR]`: load a backup into an empty database and media
folder, after checking every checksum; compares the restored row counts with the manifest (kokybe/lib/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kokybe.lib import backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--database-url", help="Restore into this (empty) database instead of the configured one.")
        parser.add_argument("--media-root", type=Path, help="Restore the files here instead of MEDIA_ROOT.")
        parser.add_argument("--check", action="store_true", help="Only check the backup's checksums.")

    def handle(self, *args, source, database_url=None, media_root=None, check=False, **options):
        try:
            if check:
                manifest = backup.verify(source)
                self.stdout.write(f"Backup {source} is whole: {len(manifest['files'])} files match their checksums.")
                return
            counts = backup.restore(source, database_url=database_url, media_root=media_root)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {source}: {sum(counts.values())} rows in {len(counts)} tables, as in the backup's manifest."
        )
