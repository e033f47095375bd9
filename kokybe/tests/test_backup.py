"""`manage.py backup` and `restore`: a round trip of real data and files, checked by row counts and checksums."""

import json
import sqlite3
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from actions.models import ActionAttachment, ImprovementAction
from kokybe.lib.backup import sha256
from kokybe.test import make_cast

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip")


@pytest.fixture
def data(transactional_db):
    cast = make_cast()
    action = ImprovementAction.objects.create(org=cast.alfa, number=1, title="Atnaujinti tvarką", owner=cast.rasa)
    attachment = ActionAttachment(
        org=cast.alfa, action=action, original_name="Įrodymas.txt", content_type="text/plain", size=5
    )
    attachment.file.save("irodymas.txt", ContentFile(b"labas"), save=True)
    return cast, attachment


@sqlite_only
def test_a_backup_restores_into_an_empty_database_and_media_folder_with_the_same_rows_and_files(data, tmp_path):
    _cast, attachment = data
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), stdout=out)
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["rows"]["accounts_user"] == 9 and manifest["rows"]["actions_improvementaction"] == 1
    assert f"media/{attachment.file.name}" in manifest["files"]

    target = tmp_path / "restored.sqlite3"
    call_command(
        "restore", str(tmp_path / "b"), "--database-url", f"sqlite:///{target}", "--media-root", str(tmp_path / "m"),
        stdout=out,
    )  # fmt: skip
    restored = sqlite3.connect(target)
    for table, count in manifest["rows"].items():
        assert restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
    title = restored.execute("SELECT title FROM actions_improvementaction").fetchone()[0]
    assert title == "Atnaujinti tvarką"
    assert sha256(tmp_path / "m" / attachment.file.name) == sha256(attachment.file.path)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "b"), "--database-url", f"sqlite:///{target}", "--media-root",
                     str(tmp_path / "m2"), stdout=out)  # fmt: skip


@sqlite_only
def test_a_changed_backup_is_refused_before_anything_is_restored(data, tmp_path):
    _cast, attachment = data
    call_command("backup", "--output", str(tmp_path / "b"), stdout=StringIO())
    (tmp_path / "b" / "media" / attachment.file.name).write_bytes(b"kitas")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(CommandError, match="changed since the backup"):
        call_command("restore", str(tmp_path / "b"), "--database-url", f"sqlite:///{target}",
                     "--media-root", str(tmp_path / "m"), stdout=StringIO())  # fmt: skip
    assert not target.exists() or target.stat().st_size == 0
    assert not (tmp_path / "m").exists()
    with pytest.raises(CommandError, match="changed since the backup"):
        call_command("restore", str(tmp_path / "b"), "--check", stdout=StringIO())


@postgresql_only
def test_a_postgresql_backup_restores_into_an_empty_database(data, tmp_path):
    import psycopg

    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_restore"
    admin = f"host={settings_dict['HOST']} port={settings_dict['PORT'] or 5432} user={settings_dict['USER']} dbname=postgres"
    with psycopg.connect(admin, password=settings_dict["PASSWORD"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        call_command("backup", "--output", str(tmp_path / "b"), stdout=StringIO())
        url = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT'] or 5432}/{scratch}"
        )
        out = StringIO()
        call_command(
            "restore", str(tmp_path / "b"), "--database-url", url, "--media-root", str(tmp_path / "m"), stdout=out
        )
        assert "as in the backup's manifest" in out.getvalue()
        _cast, attachment = data
        assert sha256(tmp_path / "m" / attachment.file.name) == sha256(attachment.file.path)
    finally:
        with psycopg.connect(admin, password=settings_dict["PASSWORD"], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
