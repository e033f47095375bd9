"""Attachments are encrypted at rest: the file on disk is a Fernet token, decrypted only by the download view, which
logs the read; a key rotation rewrites the files; files stored in clear before are encrypted by the same command."""

import hashlib
import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from kokybe.lib import crypto
from kokybe.test import client_for
from orgs.roles import Role
from safeguarding.models import Attachment, CaseRead

BODY = "Pažyma: vaikui mėlynė ant peties, pastebėta 2026-12-07 08:15".encode()

pytestmark = pytest.mark.django_db


def _upload(cast, event, lead):
    url = reverse("safeguarding:attachment_upload", args=[cast.alfa.slug, event.uuid])
    response = client_for(lead).post(url, {"file": SimpleUploadedFile("pazyma.txt", BODY)})
    assert response.status_code == 302
    return event.attachments.get()


def _on_disk(attachment):
    with attachment.file.storage.open(attachment.file.name, "rb") as handle:
        return handle.read()


def _download(cast, user, attachment):
    url = reverse("safeguarding:attachment_download", args=[cast.alfa.slug, attachment.event.uuid, attachment.pk])
    return client_for(user).get(url)


def test_the_file_on_disk_holds_no_clear_content(cast, event, lead):
    attachment = _upload(cast, event, lead)
    raw = _on_disk(attachment)
    assert BODY not in raw and "mėlynė".encode() not in raw and raw.startswith(crypto.TOKEN_PREFIX.encode())
    assert attachment.file_encrypted and attachment.file.name.endswith(".bin")  # not even the type shows
    assert attachment.sha256 == hashlib.sha256(BODY).hexdigest() and attachment.is_intact()


def test_an_allowed_person_downloads_the_clear_file_and_the_read_is_logged(cast, event, lead):
    attachment = _upload(cast, event, lead)
    response = _download(cast, lead, attachment)
    assert response.status_code == 200 and b"".join(response.streaming_content) == BODY
    assert "pazyma.txt" in response["Content-Disposition"]
    assert CaseRead.objects.filter(event=event, user=lead, how=CaseRead.How.DOWNLOAD).count() == 1


def test_others_get_nothing_and_leave_no_read(cast, event, lead):
    attachment = _upload(cast, event, lead)
    for role in (Role.DIRECTOR, Role.COORDINATOR, Role.CONSULTANT, Role.VIEWER):  # not named to the case
        response = _download(cast, cast.users[role], attachment)
        assert response.status_code == 403 and BODY not in response.content
    outsider = client_for(cast.petras).get(
        reverse("safeguarding:attachment_download", args=[cast.alfa.slug, event.uuid, attachment.pk])
    )
    assert outsider.status_code == 404
    assert not CaseRead.objects.filter(how=CaseRead.How.DOWNLOAD).exists()


def test_a_key_rotation_rewrites_the_files(cast, event, lead):
    attachment = _upload(cast, event, lead)
    old_name, old_token = attachment.file.name, _on_disk(attachment)
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *crypto.configured_keys()]):
        call_command("reencrypt_fields", stdout=io.StringIO())
        attachment.refresh_from_db()
    assert attachment.file.name != old_name and not attachment.file.storage.exists(old_name)
    assert Fernet(new_key.encode()).decrypt(_on_disk(attachment)) == BODY  # the new key alone reads it
    assert _on_disk(attachment) != old_token
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):  # the old key dropped: everything still reads
        assert b"".join(_download(cast, lead, attachment).streaming_content) == BODY


def test_a_file_stored_in_clear_before_is_served_then_encrypted_by_the_command(cast, event, lead):
    legacy = Attachment(
        org=cast.alfa, event=event, original_name="senas.txt", content_type="text/plain", size=len(BODY),
        sha256=hashlib.sha256(BODY).hexdigest(),
    )  # fmt: skip
    legacy.file.save("upload.txt", ContentFile(BODY), save=True)
    assert not legacy.file_encrypted and _on_disk(legacy) == BODY
    assert b"".join(_download(cast, lead, legacy).streaming_content) == BODY
    call_command("reencrypt_fields", stdout=io.StringIO())
    legacy.refresh_from_db()
    assert legacy.file_encrypted and BODY not in _on_disk(legacy) and legacy.is_intact()
    assert b"".join(_download(cast, lead, legacy).streaming_content) == BODY


def test_the_migration_step_encrypts_clear_files_and_skips_missing_ones(cast, event):
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("safeguarding.migrations.0002_attachment_file_encrypted")
    kept = Attachment(org=cast.alfa, event=event, original_name="a.txt", content_type="text/plain", size=1, sha256="")
    kept.file.save("upload.txt", ContentFile(BODY), save=True)
    lost = Attachment(org=cast.alfa, event=event, original_name="b.txt", content_type="text/plain", size=1, sha256="")
    lost.file.save("upload.txt", ContentFile(b"x"), save=True)
    lost.file.storage.delete(lost.file.name)
    migration.encrypt_existing(global_apps, None)
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.file_encrypted and kept.content() == BODY and not lost.file_encrypted
