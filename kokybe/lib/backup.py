"""Backups that restore: the database (PostgreSQL with pg_dump, SQLite with its online backup API), the uploaded
files (through the storage API) and a manifest with the row count of every table and the SHA-256 of every file.

`manage.py backup` writes one folder; `manage.py restore FOLDER` checks every checksum first, then loads it into an
empty database and an empty media folder (the configured ones, or others given, to test a restore on the side) and
compares the restored row counts with the manifest. README, "Backups", has the procedure and the schedule.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import dj_database_url
from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FORMAT = 1


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed})


def _storage_files(storage: Storage, folder: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" if folder else name for name in files]
    for sub in dirs:
        found += _storage_files(storage, f"{folder}/{sub}" if folder else sub)
    return found


def _pg_env(url: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(url.get("HOST") or "localhost"),
            "PGPORT": str(url.get("PORT") or 5432),
            "PGUSER": str(url.get("USER") or ""),
            "PGPASSWORD": str(url.get("PASSWORD") or ""),
            "PGDATABASE": str(url["NAME"]),
        }
    )
    return env


def backup(target: Path) -> dict:
    """Write a backup of the configured database and media into the new folder `target`; returns the manifest."""
    target.mkdir(parents=True)
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — names from the models, not input
            counts[table] = cursor.fetchone()[0]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        out = sqlite3.connect(target / SQLITE_FILE)
        with out:
            connection.connection.backup(out)  # consistent even while the app writes
        out.close()
        dump = SQLITE_FILE
    elif connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target / PG_FILE)],
            env=_pg_env(settings_dict),
            check=True,
        )
        dump = PG_FILE
    else:
        raise BackupError(f"No backup method for {connection.vendor}")
    files = {}
    media = target / "media"
    for name in _storage_files(default_storage):
        dest = media / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, open(dest, "wb") as out_file:
            shutil.copyfileobj(src, out_file)
        files[f"media/{name}"] = sha256(dest)
    files[dump] = sha256(target / dump)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "database": dump,
        "rows": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def verify(source: Path) -> dict:
    """The manifest of the backup in `source`, once every file's checksum matches; raises BackupError otherwise."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"No readable {MANIFEST} in {source}: {exc}") from exc
    bad = [
        name
        for name, digest in manifest["files"].items()
        if not (source / name).is_file() or sha256(source / name) != digest
    ]
    if bad:
        raise BackupError(f"Files missing or changed since the backup: {', '.join(sorted(bad)[:10])}")
    return manifest


def restore(source: Path, database_url: str | None = None, media_root: Path | None = None) -> dict:
    """Load the backup in `source` into an empty database and an empty media folder; returns the restored row counts.

    Without `database_url`/`media_root` the configured ones are used. Raises BackupError when a checksum does not
    match, the target is not empty, or the restored counts differ from the manifest."""
    manifest = verify(source)
    target: dict[str, Any] = dict(dj_database_url.parse(database_url) if database_url else connection.settings_dict)
    vendor = "sqlite" if "sqlite" in target["ENGINE"] else "postgresql" if "postgresql" in target["ENGINE"] else ""
    if vendor != manifest["vendor"]:
        raise BackupError(f"The backup is of a {manifest['vendor']} database; the target is {vendor or 'unknown'}.")
    storage = FileSystemStorage(location=media_root) if media_root else default_storage
    if _storage_files(storage):
        raise BackupError("The media folder is not empty: restore into an empty one.")
    if vendor == "sqlite":
        counts = _restore_sqlite(source / manifest["database"], target["NAME"], manifest)
    else:
        counts = _restore_pg(source / manifest["database"], target, manifest)
    for name in manifest["files"]:
        if name.startswith("media/"):
            with open(source / name, "rb") as handle:
                storage.save(name.removeprefix("media/"), handle)
    differ = {t: (n, counts.get(t)) for t, n in manifest["rows"].items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"Restored row counts differ from the backup's: {differ}")
    return counts


def _count_all(execute: Callable[[str], int], tables: Iterable[str]) -> dict[str, int]:
    return {table: execute(f'SELECT COUNT(*) FROM "{table}"') for table in tables}  # noqa: S608


def _restore_sqlite(dump: Path, name: str, manifest: dict) -> dict:
    if name == connection.settings_dict["NAME"]:
        connection.ensure_connection()
        target = connection.connection
    else:
        target = sqlite3.connect(name)
    if target.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
        raise BackupError("The database is not empty: restore into an empty one.")
    source = sqlite3.connect(dump)
    source.backup(target)
    source.close()
    counts = _count_all(lambda sql: target.execute(sql).fetchone()[0], manifest["rows"])
    if target is not connection.connection:
        target.close()
    return counts


def _restore_pg(dump: Path, target: dict, manifest: dict) -> dict:
    import psycopg

    env = _pg_env(target)
    dsn = f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} dbname={env['PGDATABASE']}"
    with psycopg.connect(dsn, password=env["PGPASSWORD"]) as conn:
        row = conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        tables = row[0] if row else 0
        if tables:
            raise BackupError("The database is not empty: restore into an empty one.")
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", env["PGDATABASE"], str(dump)],
        env=env,
        check=True,
    )
    with psycopg.connect(dsn, password=env["PGPASSWORD"]) as conn:
        return _count_all(lambda sql: (conn.execute(sql).fetchone() or (0,))[0], manifest["rows"])
