"""Questionnaire files are checked strictly: no alias bombs, no oversized files, no key the format does not know."""

import importlib
import time

import pytest
from django.apps import apps
from django.utils import translation

from surveys import library
from surveys.models import Instrument, Question
from surveys.tests.factories import TEST_YAML, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(content):
    """Import that must fail: the problems as text, and nothing written."""
    before = (Instrument.objects.count(), Question.objects.count())
    with pytest.raises(library.InstrumentImportError) as exc:
        library.import_instrument(content)
    assert (Instrument.objects.count(), Question.objects.count()) == before
    return [str(p) for p in exc.value.problems]


def test_an_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    start = time.monotonic()
    assert refused(bomb) == ["line 2: aliases (*name) are not allowed: write the content out in full"]
    assert time.monotonic() - start < 1


def test_a_file_over_1_mb_is_refused_even_as_text():
    assert refused("instrument: " + "x" * (1024 * 1024)) == ["the file is larger than 1 MB"]


def test_duplicate_keys_are_refused():
    assert refused("format: 1\nformat: 2\n") == ["line 2: the key “format” appears twice"]


def test_a_comma_in_an_unquoted_label_is_named_not_silently_cut():
    broken = TEST_YAML.replace('{label_lt: "Nei sutinku, nei nesutinku"', "{label_lt: Nei sutinku, nei nesutinku")
    assert refused(broken) == [
        "scale agree5, point 3: Unknown key “nei nesutinku”: a text with a comma must be in quotes, "
        'e.g. label_lt: "a, b".'
    ]


def test_unknown_keys_anywhere_are_named_with_their_place():
    broken = TEST_YAML.replace("  audience: service_users", "  audience: service_users\n  colour: blue").replace(
        "{code: rate, type: likert,", "{code: rate, kind: x, type: likert,"
    )
    assert refused(broken) == [
        "instrument: Unknown key “colour”.",
        "section 1, question rate: Unknown key “kind”.",
    ]


def test_every_shipped_scale_keeps_its_full_neutral_label():
    library.import_library()
    labels = {p["label_lt"] for q in Question.objects.filter(type="likert") for p in q.options}
    assert "Nei sutinku, nei nesutinku" in labels
    assert "Nei patenkintas (-a), nei nepatenkintas (-a)" in labels
    assert not {"Nei sutinku", "Nei patenkintas (-a)"} & labels


def test_the_migration_restores_labels_already_imported_and_the_library_then_reimports_as_no_change(cast):
    from surveys.tests.factories import make_campaign

    results = library.import_library()
    version = results[0].version
    make_campaign(cast.alfa, version)  # used: the file can no longer change it
    for question in Question.objects.filter(type="likert"):
        for point in question.options:
            point["label_lt"] = point["label_lt"].split(",")[0]
        question.save(update_fields=["options"])
    migration = importlib.import_module("surveys.migrations.0004_full_neutral_labels")
    migration.restore_labels(apps, None)
    again = library.import_library()
    assert not any(result.created for result in again)
    question = version.questions.filter(type="likert").first()
    assert "Nei sutinku, nei nesutinku" in [
        p["label_lt"] for p in question.options
    ] or "Nei patenkintas (-a), nei nepatenkintas (-a)" in [p["label_lt"] for p in question.options]


def test_the_builders_questionnaire_still_imports(cast):
    assert make_version().questions.count() == 8
