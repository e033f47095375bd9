"""The fill step of `make messages` (scripts/i18n.py): django.po is the source of truth, pending JSON only fills gaps."""

import importlib.util
import json
from pathlib import Path

import polib

_spec = importlib.util.spec_from_file_location("i18n", Path(__file__).resolve().parents[2] / "scripts" / "i18n.py")
i18n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n)

PO_TEXT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Plan"
msgstr "Planas (pataisyta)"

msgid "New string"
msgstr ""

#, fuzzy
#| msgid "Old guess"
msgid "Guessed"
msgstr "Spėjimas"

#, fuzzy
msgid "Guessed, nothing pending"
msgstr "Spėjimas"

msgid "%(n)s day"
msgid_plural "%(n)s days"
msgstr[0] "%(n)s diena"
msgstr[1] "%(n)s dienos"
msgstr[2] "%(n)s dienų"

msgid "%(n)s file"
msgid_plural "%(n)s files"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
"""


def _fill(tmp_path, pending):
    po_path = tmp_path / "django.po"
    po_path.write_text(PO_TEXT, encoding="utf-8")
    (tmp_path / "pending").mkdir()
    (tmp_path / "pending" / "area.json").write_text(json.dumps(pending, ensure_ascii=False), encoding="utf-8")
    po = polib.pofile(str(po_path))
    disagreements = i18n.fill(po, i18n.load_pending(tmp_path / "pending"))
    po.save()
    return polib.pofile(str(po_path)), disagreements


def test_correction_in_django_po_survives_the_fill_step(tmp_path):
    po, disagreements = _fill(tmp_path, {"Plan": "Planas", "%(n)s day": ["d", "dd", "ddd"]})
    assert po.find("Plan").msgstr == "Planas (pataisyta)"
    assert po.find("%(n)s day").msgstr_plural == {0: "%(n)s diena", 1: "%(n)s dienos", 2: "%(n)s dienų"}
    assert disagreements == [
        ("Plan", "Planas (pataisyta)", "Planas"),
        ("%(n)s day", ["%(n)s diena", "%(n)s dienos", "%(n)s dienų"], ["d", "dd", "ddd"]),
    ]


def test_pending_json_fills_untranslated_and_fuzzy_entries(tmp_path):
    po, disagreements = _fill(
        tmp_path,
        {
            "New string": "Nauja eilutė",
            "Guessed": "Atspėta",
            "%(n)s file": ["%(n)s failas", "%(n)s failai", "%(n)s failų"],
        },
    )
    assert po.find("New string").msgstr == "Nauja eilutė"
    guessed = po.find("Guessed")
    assert (guessed.msgstr, guessed.flags, guessed.previous_msgid) == ("Atspėta", [], None)
    assert po.find("%(n)s file").msgstr_plural == {0: "%(n)s failas", 1: "%(n)s failai", 2: "%(n)s failų"}
    assert disagreements == []


def test_fuzzy_guess_with_nothing_pending_becomes_untranslated(tmp_path):
    po, _ = _fill(tmp_path, {})
    entry = po.find("Guessed, nothing pending")
    assert (entry.msgstr, entry.flags) == ("", [])
    assert {e.msgid for e in po.untranslated_entries()} == {
        "New string",
        "Guessed",
        "Guessed, nothing pending",
        "%(n)s file",
    }


def test_agreeing_pending_entry_is_not_reported(tmp_path):
    _, disagreements = _fill(
        tmp_path, {"Plan": "Planas (pataisyta)", "%(n)s day": ["%(n)s diena", "%(n)s dienos", "%(n)s dienų"]}
    )
    assert disagreements == []
