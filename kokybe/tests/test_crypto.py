"""Encryption at rest: what the database holds is a token, never the text; keys rotate without losing a row."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from kokybe.lib import crypto
from safeguarding.models import ChronologyEntry, Event

SECRET = "Vaikas pasakojo, kad patėvis jį mušė diržu"


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _event(cast, **fields):
    now = timezone.now()
    defaults = {"number": 1, "type": "physical", "happened_at": now, "aware_at": now, "age_group": "child"}
    return Event.objects.create(org=cast.alfa, **{**defaults, "facts": SECRET, **fields})


@pytest.mark.django_db
def test_the_raw_database_row_holds_no_clear_text(cast):
    event = _event(cast, place="Vaikų kambarys Nr. 3", opinions="Manau, kad tai kartojasi")
    for column, clear in (("facts", SECRET), ("place", "Vaikų kambarys"), ("opinions", "kartojasi")):
        raw = _raw("safeguarding_event", column, event.pk)
        assert clear not in raw
        assert raw.startswith(crypto.TOKEN_PREFIX)
    assert Event.objects.get(pk=event.pk).facts == SECRET


@pytest.mark.django_db
def test_two_rows_with_one_text_store_different_tokens(cast):
    first = _event(cast)
    second = _event(cast, number=2)
    assert _raw("safeguarding_event", "facts", first.pk) != _raw("safeguarding_event", "facts", second.pk)


@pytest.mark.django_db
def test_a_changed_token_does_not_decrypt(cast):
    event = _event(cast)
    raw = _raw("safeguarding_event", "facts", event.pk)
    tampered = raw[:-6] + ("A" if raw[-6] != "A" else "B") + raw[-5:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE safeguarding_event SET facts = %s WHERE id = %s", [tampered, event.pk])
    with pytest.raises(ImproperlyConfigured):
        Event.objects.get(pk=event.pk)


def test_an_empty_text_stays_empty_and_keys_are_required():
    assert crypto.encrypt("") == ""
    with override_settings(FIELD_ENCRYPTION_KEYS=[]):
        with pytest.raises(ImproperlyConfigured):
            crypto.encrypt("x")
        with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS must be set"):
            crypto.require_keys()


def test_lookups_other_than_isnull_are_refused():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(Event.objects.filter(facts__icontains="x"))


@pytest.mark.django_db
def test_rotation_rewrites_every_value_with_the_new_key(cast):
    from django.conf import settings

    old = settings.FIELD_ENCRYPTION_KEYS
    event = _event(cast)
    ChronologyEntry.objects.create(event=event, text="Pirmas įrašas")
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *old]):
        call_command("reencrypt_fields", stdout=io.StringIO())
    raw = _raw("safeguarding_event", "facts", event.pk)
    assert Fernet(new_key.encode()).decrypt(raw.encode()).decode() == SECRET
    entry_raw = _raw("safeguarding_chronologyentry", "text", event.chronology.values_list("pk", flat=True).get())
    assert Fernet(new_key.encode()).decrypt(entry_raw.encode()).decode() == "Pirmas įrašas"
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):  # the old key can go now
        assert Event.objects.get(pk=event.pk).facts == SECRET
