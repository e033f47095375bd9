"""Refresh the Lithuanian catalogue: makemessages, fill new strings from locale/lt/pending/*.json, compile, report.

Run through `make messages`. `locale/lt/LC_MESSAGES/django.po` is the one source of truth: a translation written
there (by a translator, or filled earlier) is never changed by this script. The pending JSON files
({"English msgid": "Lithuanian text"}, or for plurals {"msgid": ["vienas", "keli", "daug"]}) let several people add
strings at once without editing django.po together: they only fill msgids that django.po has no translation for yet
(new, or fuzzy after makemessages). A JSON entry that disagrees with django.po is reported, not applied — correct the
translation in django.po. Exits 1 if anything is left untranslated or fuzzy.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "lt" / "LC_MESSAGES" / "django.po"
PENDING = ROOT / "locale" / "lt" / "pending"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ENV = {**os.environ, "DEBUG": "1"}
IGNORE = ["--ignore=.venv", "--ignore=tests/browser/vendor", "--ignore=static/vendor", "--ignore=var"]


def load_pending(directory):
    """All pending translations, {msgid: str or [one, few, many]}; a later file wins (files are read by name)."""
    pending = {}
    for path in sorted(Path(directory).glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    return pending


def _forms(value):
    forms = value if isinstance(value, list) else [value] * 3
    return {i: forms[min(i, len(forms) - 1)] for i in range(3)}


def _has_translation(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def fill(po, pending):
    """Fill po's untranslated and fuzzy entries from pending; never touch an entry already translated.

    Returns the disagreements, [(msgid, in django.po, in pending)], for entries whose translation in po differs
    from the pending one (the po's stays). Fuzzy entries with nothing pending become untranslated: makemessages'
    fuzzy guess is never trusted.
    """
    disagreements = []
    for entry in po:
        value = pending.get(entry.msgid)
        if _has_translation(entry):
            if value is None:
                continue
            if entry.msgid_plural:
                current = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                wanted = [_forms(value)[i] for i in range(len(current))]
            else:
                current, wanted = entry.msgstr, value if isinstance(value, str) else value[0]
            if current != wanted:
                disagreements.append((entry.msgid, current, wanted))
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None  # msgfmt rejects a stale plural on a singular entry
        if value is None:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        elif entry.msgid_plural:
            entry.msgstr_plural = _forms(value)
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
    return disagreements


def main():
    with open("/tmp/kokybe-po.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [*MANAGE, "makemessages", "-l", "lt", "--no-obsolete", "--no-location", *IGNORE],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        po = polib.pofile(str(PO), wrapwidth=120)
        po.metadata["Language"] = "lt"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata["Plural-Forms"] = (
            "nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : "
            "n % 10 >= 2 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2);"
        )
        disagreements = fill(po, load_pending(PENDING))
        po.save()
        subprocess.run(
            [*MANAGE, "compilemessages", "-l", "lt", *IGNORE], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL
        )
        missing = [e.msgid for e in po.untranslated_entries()]
        print(f"locale/lt: {len(po.translated_entries())} translated, {len(missing)} untranslated")
        for msgid in missing:
            print(f"  untranslated: {msgid!r}")
        if disagreements:
            print(
                f"{len(disagreements)} pending JSON entries differ from django.po and were NOT applied "
                "(django.po is the source of truth; to change a translation, edit django.po):"
            )
            for msgid, current, wanted in disagreements:
                print(f"  {msgid!r}\n    django.po: {current!r}\n    pending:   {wanted!r}")
        return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
