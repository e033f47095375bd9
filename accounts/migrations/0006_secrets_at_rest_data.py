"""Move authenticator apps and recovery codes out of django-otp's plugin tables into Kokybė's own device models:
the TOTP key encrypted (FIELD_ENCRYPTION_KEYS), each recovery code kept only as a keyed, salted hash.

The plugins (otp_totp, otp_static) are no longer installed, so their tables are read with plain SQL when they exist
(an installation that had them); the rows are deleted once copied, so no readable secret stays behind. The empty
tables may be dropped afterwards (README, "Second factor")."""

from django.db import migrations


def _rows(cursor, sql):
    cursor.execute(sql)
    names = [col[0] for col in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def forwards(apps, schema_editor):
    from accounts.models import recovery_code_stored

    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    AuthenticatorApp = apps.get_model("accounts", "AuthenticatorApp")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    Code = apps.get_model("accounts", "RecoveryCode")
    with connection.cursor() as cursor:
        if "otp_totp_totpdevice" in tables:
            for row in _rows(cursor, "SELECT * FROM otp_totp_totpdevice"):
                AuthenticatorApp.objects.create(
                    user_id=row["user_id"],
                    name=row["name"],
                    confirmed=bool(row["confirmed"]),
                    key=row["key"],  # encrypted by the field on the way in
                    step=row["step"],
                    t0=row["t0"],
                    digits=row["digits"],
                    tolerance=row["tolerance"],
                    drift=row["drift"],
                    last_t=row["last_t"],
                    throttling_failure_timestamp=row.get("throttling_failure_timestamp"),
                    throttling_failure_count=row.get("throttling_failure_count") or 0,
                    created_at=row.get("created_at"),
                    last_used_at=row.get("last_used_at"),
                )
            cursor.execute("DELETE FROM otp_totp_totpdevice")
        if "otp_static_staticdevice" in tables and "otp_static_statictoken" in tables:
            tokens = {}
            for token in _rows(cursor, "SELECT device_id, token FROM otp_static_statictoken"):
                tokens.setdefault(token["device_id"], []).append(token["token"])
            for row in _rows(cursor, "SELECT * FROM otp_static_staticdevice"):
                device = RecoveryCodes.objects.create(
                    user_id=row["user_id"],
                    name=row["name"],
                    confirmed=bool(row["confirmed"]),
                    throttling_failure_timestamp=row.get("throttling_failure_timestamp"),
                    throttling_failure_count=row.get("throttling_failure_count") or 0,
                    created_at=row.get("created_at"),
                    last_used_at=row.get("last_used_at"),
                )
                Code.objects.bulk_create(
                    Code(device_id=device.pk, digest=recovery_code_stored(token))
                    for token in tokens.get(row["id"], [])
                )
            cursor.execute("DELETE FROM otp_static_statictoken")
            cursor.execute("DELETE FROM otp_static_staticdevice")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_secrets_at_rest")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
