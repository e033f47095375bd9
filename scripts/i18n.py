"""Refresh the Lithuanian catalogue: makemessages, fill from locale/lt/pending/*.json, compile, report.

Run through `make messages`. The pending JSON files ({"English msgid": "Lithuanian text"}, or for plurals
{"msgid": ["vienas", "keli", "daug"]}) let several people add strings at once without editing django.po together;
they are folded into django.po and may then be emptied. Exits 1 if anything is left untranslated or fuzzy.
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
        pending = {}
        for path in sorted(PENDING.glob("*.json")):
            pending.update(json.loads(path.read_text(encoding="utf-8")))
        for entry in po:
            value = pending.get(entry.msgid)
            if value is None:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value] * 3
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(3)}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        for entry in po:
            # A fuzzy guess by makemessages is never trusted: it becomes untranslated until someone writes it.
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None  # msgfmt rejects a stale plural on a singular entry
        po.save()
        subprocess.run(
            [*MANAGE, "compilemessages", "-l", "lt", *IGNORE], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL
        )
        missing = [e.msgid for e in po.untranslated_entries()]
        print(f"locale/lt: {len(po.translated_entries())} translated, {len(missing)} untranslated")
        for msgid in missing:
            print(f"  untranslated: {msgid!r}")
        return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
