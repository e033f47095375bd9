"""The keyed hash that lets a programme count a person helped by two partners once, without anyone sharing who.

A provider's upload carries each person's personal code (asmens kodas). At upload the code is turned into
HMAC-SHA256(programme key, normalised code) and only that hash is kept, with the key's version. The code is never
stored, never put in an error message and never logged: a row error names the row, not its code.

Why a keyed hash and not a plain one: Lithuanian personal codes have 11 digits with a fixed structure (sex and
century, birth date, a serial and a check digit), so a plain SHA-256 of all ~10⁹ plausible codes is computed in
minutes and would give every name back. Without the key the hashes are useless; the key never leaves the database.

Rotation: `rotate_key()` gives the programme a new key and version. Hashes made with different keys cannot be matched,
so a person reported under both the old and the new key counts twice; the programme rotates at a reporting boundary and
asks partners to upload the period again with the new key if the count across the boundary matters.
"""

import hashlib
import hmac
import re

from django.db import transaction
from django.db.models import F

from .models import Programme, new_person_key

# 11 digits; spaces and dashes people type are dropped first.
CODE = re.compile(r"^[1-6]\d{10}$")


def normalise(code):
    return re.sub(r"[\s-]", "", str(code or ""))


def is_personal_code(code):
    """Eleven digits with a valid first digit and check digit (the Lithuanian personal code's own checksum)."""
    code = normalise(code)
    if not CODE.match(code):
        return False
    digits = [int(c) for c in code]
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        check = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
        if check != 10:
            return check == digits[10]
    return digits[10] == 0


def person_hash(key, code):
    return hmac.new(bytes.fromhex(key), normalise(code).encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def rotate_key(programme):
    """A new key and version for the programme; hashes already stored keep the version they were made with."""
    Programme.objects.filter(pk=programme.pk).update(
        person_key=new_person_key(), person_key_version=F("person_key_version") + 1
    )
    programme.refresh_from_db(fields=["person_key", "person_key_version"])
    return programme.person_key_version
