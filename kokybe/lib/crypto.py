"""Authenticated encryption of text fields at rest, with keys from the environment.

A field declared `EncryptedTextField` is written to the database as a Fernet token (AES-128-CBC with an HMAC-SHA256
over it, from the `cryptography` library): a database dump, a backup or a replica alone shows neither the text nor a
text changed by someone without the key (a tampered token does not decrypt; reading it raises). The keys come from
`FIELD_ENCRYPTION_KEYS` (settings, read from the environment variable of that name): a comma-separated list of
Fernet keys, the first one encrypts, every one decrypts (`MultiFernet`). Rotating a key is therefore: put a new key
first, keep the old ones after it, run `manage.py reencrypt_fields` (every encrypted value is rewritten with the
first key), then drop the old keys. See the README, "Encryption at rest".

Encrypted values cannot be searched or sorted by the database: a field that must be filtered on is not encrypted.
An empty text is stored empty (nothing to hide; a form's blank field stays blank).

Files: a model whose uploads must not lie in clear on disk declares `ENCRYPTED_FILE_FIELD = "<file field>"` and a
boolean `file_encrypted` field; it writes the upload with `encrypt_bytes` and reads it back with `decrypt_bytes`
(in the one view that serves it and logs the read). `encrypt_files()` — run by `reencrypt_fields` — rewrites
every such file under the first key, and encrypts the files stored before their model encrypted them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import models

# Every token Fernet writes starts with its version byte 0x80, which is "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"


def new_key() -> str:
    return Fernet.generate_key().decode()


def configured_keys() -> list[str]:
    return [key for key in getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) if key]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {exc}") from None


def fernet() -> MultiFernet:
    keys = tuple(configured_keys())
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set: encrypted fields can be neither written nor read (README, "
            "'Encryption at rest')."
        )
    return _fernet(keys)


def encrypt(text: str) -> str:
    if text == "":
        return ""
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never fall back to showing the stored value: it is either another key's token or a tampered one.
        raise ImproperlyConfigured(
            "An encrypted value does not decrypt with any key in FIELD_ENCRYPTION_KEYS (a key was dropped before "
            "`reencrypt_fields` ran, or the value was changed)."
        ) from None


def rotate(token: str) -> str:
    """The same text under the first key (MultiFernet.rotate); an empty value stays empty."""
    if token == "":
        return ""
    return fernet().rotate(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """A file's content as a Fernet token (the whole content at once: uploads are bounded by UPLOAD_MAX_BYTES)."""
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted file does not decrypt with any key in FIELD_ENCRYPTION_KEYS (a key was dropped before "
            "`reencrypt_fields` ran, or the file was changed)."
        ) from None


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; reads give the clear text back. Not for lookups, ordering or indexes."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Tokens are random: an equality or a "contains" on them is always false and would mislead; only "isnull".
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """[(model, [field names])] of every installed model that has encrypted fields."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def encrypted_file_models() -> list[type[models.Model]]:
    """Installed models whose uploads are stored encrypted (they declare ENCRYPTED_FILE_FIELD)."""
    return [model for model in apps.get_models() if getattr(model, "ENCRYPTED_FILE_FIELD", None)]


def encrypt_file(instance: models.Model, field_name: str) -> bool:
    """Rewrite one row's file under the first key (a clear file is encrypted, a token re-encrypted) and point the
    row at the new file; the old file is deleted once the row is saved. The new file gets a new random name from the
    field's upload_to, so a half-done run never leaves a row pointing at a file it cannot read. False (nothing done)
    when the file is missing from the storage."""
    stored = getattr(instance, field_name)
    old_name, storage = stored.name, stored.storage
    if not storage.exists(old_name):
        return False
    with storage.open(old_name, "rb") as handle:
        data = handle.read()
    token = fernet().rotate(data) if instance.file_encrypted else encrypt_bytes(data)  # type: ignore[attr-defined]
    stored.save("upload.bin", ContentFile(token), save=False)
    type(instance)._base_manager.filter(pk=instance.pk).update(**{field_name: stored.name, "file_encrypted": True})
    instance.file_encrypted = True  # type: ignore[attr-defined]
    storage.delete(old_name)
    return True


def encrypt_files() -> int:
    """encrypt_file() for every row of every model with encrypted files; the number of files rewritten."""
    total = 0
    for model in encrypted_file_models():
        field_name = model.ENCRYPTED_FILE_FIELD  # type: ignore[attr-defined]
        for instance in model._base_manager.exclude(**{field_name: ""}).iterator(chunk_size=200):
            total += encrypt_file(instance, field_name)
    return total


def require_keys() -> None:
    """Refuse to serve when an installed model stores encrypted text and no key is configured (called by wsgi.py
    at start: a server without the key would fail on the first restricted page rather than at once)."""
    if encrypted_fields() and not configured_keys():
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set: installed apps keep encrypted fields (README, 'Encryption at rest')."
        )
