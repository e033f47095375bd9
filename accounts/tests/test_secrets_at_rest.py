"""The second factor's secrets at rest: an authenticator app's key is encrypted, recovery codes are only hashed."""

import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_otp.oath import TOTP

from accounts import mfa
from accounts.models import AuthenticatorApp, RecoveryCode, RecoveryCodes
from kokybe.lib import crypto


def _stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (fixed names)
        return cursor.fetchone()[0]


def _code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_an_apps_key_is_encrypted_in_the_database_and_its_codes_still_work(cast):
    device = AuthenticatorApp.objects.create(user=cast.rasa, name="Telefonas", confirmed=True)
    raw = _stored("accounts_authenticatorapp", "key", device.pk)
    assert raw.startswith(crypto.TOKEN_PREFIX) and device.key not in raw and len(device.key) == 40
    fresh = AuthenticatorApp.objects.get(pk=device.pk)
    assert fresh.key == device.key
    assert fresh.verify_token(_code(fresh))
    assert not fresh.verify_token(_code(fresh)), "a code is accepted once"
    assert "secret=" in fresh.config_url and fresh.config_url.startswith("otpauth://totp/")


def test_a_key_rotation_rewrites_the_apps_key(cast):
    device = AuthenticatorApp.objects.create(user=cast.rasa, name="Telefonas", confirmed=True)
    assert (AuthenticatorApp, ["key"]) in crypto.encrypted_fields()
    old = _stored("accounts_authenticatorapp", "key", device.pk)
    new_key = crypto.new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *crypto.configured_keys()]):
        call_command("reencrypt_fields", stdout=StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        assert _stored("accounts_authenticatorapp", "key", device.pk) != old
        assert AuthenticatorApp.objects.get(pk=device.pk).key == device.key


def test_recovery_codes_are_stored_only_as_salted_hashes_and_each_works_once(cast):
    codes = mfa.recovery_codes_renew(cast.rasa)
    stored = list(RecoveryCode.objects.filter(device__user=cast.rasa).values_list("digest", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert not any(code in digest or code.replace("-", "") in digest for digest in stored)
    # Two equal codes would still be stored differently: every code has its own salt.
    assert len({digest.split("$")[0] for digest in stored}) == 10
    device = RecoveryCodes.objects.get(user=cast.rasa)
    assert device.verify_token(codes[0])
    assert not device.verify_token(codes[0])
    device.throttle_reset()
    # Typed in capitals, without the hyphen, with spaces: the same code.
    assert device.verify_token(" " + codes[1].replace("-", " ").upper())
    assert device.codes.count() == 8


def test_recovery_codes_keep_working_while_the_old_secret_key_is_a_fallback(cast, settings):
    codes = mfa.recovery_codes_renew(cast.rasa)
    device = RecoveryCodes.objects.get(user=cast.rasa)
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [old]
    assert device.verify_token(codes[0])
    settings.SECRET_KEY_FALLBACKS = []
    device.throttle_reset()
    assert not device.verify_token(codes[1])


def test_the_data_migration_moves_django_otps_devices_encrypting_keys_and_hashing_codes(cast):
    hex_key = "3132333435363738393031323334353637383930"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer, name varchar(64), "
            "confirmed boolean, key varchar(80), step integer, t0 bigint, digits integer, tolerance integer, "
            "drift integer, last_t bigint, throttling_failure_timestamp timestamp NULL, "
            "throttling_failure_count integer, created_at timestamp NULL, last_used_at timestamp NULL)"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES (7, %s, 'Telefonas', %s, %s, 30, 0, 6, 1, 0, -1, NULL, 0, "
            "NULL, NULL)",
            [cast.rasa.pk, True, hex_key],
        )
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id integer, name varchar(64), "
            "confirmed boolean, throttling_failure_timestamp timestamp NULL, throttling_failure_count integer, "
            "created_at timestamp NULL, last_used_at timestamp NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, device_id integer, token varchar(16))"
        )
        cursor.execute(
            "INSERT INTO otp_static_staticdevice VALUES (3, %s, 'recovery', %s, NULL, 0, NULL, NULL)",
            [cast.rasa.pk, True],
        )
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 3, 'abcde-fghjk'), (2, 3, 'mnpqr-stuvw')")
    migration = importlib.import_module("accounts.migrations.0006_secrets_at_rest_data")
    migration.forwards(apps, SimpleNamespace(connection=connection))

    app = AuthenticatorApp.objects.get(user=cast.rasa)
    assert app.key == hex_key and app.confirmed and app.name == "Telefonas"
    assert _stored("accounts_authenticatorapp", "key", app.pk).startswith(crypto.TOKEN_PREFIX)
    codes = RecoveryCodes.objects.get(user=cast.rasa, name=mfa.RECOVERY_NAME)
    assert codes.codes.count() == 2 and codes.verify_token("ABCDE-FGHJK")
    with connection.cursor() as cursor:
        for table in ("otp_totp_totpdevice", "otp_static_staticdevice", "otp_static_statictoken"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed names)
            assert cursor.fetchone()[0] == 0, f"{table} keeps a readable secret"


@pytest.mark.parametrize("model", [AuthenticatorApp, RecoveryCodes])
def test_django_otp_finds_the_new_device_models(model):
    from django_otp import device_classes

    assert model in list(device_classes())
