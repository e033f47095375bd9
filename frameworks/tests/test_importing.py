import copy
import time

import pytest
import yaml
from django.utils import translation

from frameworks.importing import FrameworkImportError, import_framework, parse_yaml
from frameworks.models import Framework, FrameworkVersion
from frameworks.tests.factories import make_data
from frameworks.tests.helpers import table_counts
from orgs.models import ActivityEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems_of(source, **kwargs):
    """Import that must fail: returns the problems as text, and checks nothing was written."""
    before = table_counts()
    with pytest.raises(FrameworkImportError) as exc:
        import_framework(source, **kwargs)
    assert table_counts() == before
    return [str(p) for p in exc.value.problems]


def test_import_creates_the_whole_tree():
    result = import_framework(make_data(principles=3, criteria=2, indicators=3))
    version = result.version
    assert result.created
    assert (version.principles.count(), version.criteria.count(), version.indicators.count()) == (3, 6, 18)
    assert version.org is None and version.framework.org is None
    assert version.scoring["pass_threshold"] == 0.8
    assert [p.code for p in version.principles.order_by("order")] == ["1", "2", "3"]
    indicator = version.indicators.get(code="1.1.1")
    assert indicator.mandatory and indicator.evidence_types == ["procedure"]
    assert indicator.criterion.code == "1.1" and indicator.criterion.principle.code == "1"
    assert len(version.checksum) == 64
    assert "principles: 3, criteria: 6, indicators: 18" in result.message


def test_identical_reimport_is_a_no_op():
    first = import_framework(make_data())
    before = table_counts()
    again = import_framework(make_data())
    assert not again.created and again.version == first.version
    assert "identical content: nothing changed" in again.message
    assert table_counts() == before


def test_changed_content_with_the_same_label_is_refused():
    import_framework(make_data())
    changed = make_data()
    changed["principles"][0]["criteria"][0]["indicators"][0]["title_en"] = "Something else"
    assert problems_of(changed) == [
        "version.label: version “v1” of “test-fw” is already in the library with different content; "
        "give the changed version a new label"
    ]


def test_a_new_label_is_added_beside_the_old_version():
    old = import_framework(make_data(label="v1")).version
    changed = make_data(label="v2", principles=1)
    changed["framework"]["name_en"] = "Test framework, corrected"
    new = import_framework(changed).version
    assert new.pk != old.pk and new.framework == old.framework
    assert FrameworkVersion.objects.filter(framework=old.framework).count() == 2
    assert old.principles.count() == 2 and new.principles.count() == 1
    assert Framework.objects.get(pk=old.framework.pk).name_en == "Test framework, corrected"


def test_yaml_syntax_error_reports_line_and_column():
    text = "framework:\n  code: test\n  name_lt: [unclosed\nversion: {}\n"
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml(text, "broken.yaml")
    (problem,) = exc.value.problems
    assert problem.source == "broken.yaml"
    assert problem.where == "line 4, column 8"
    assert problem.message.startswith("YAML syntax error:")


def test_duplicate_yaml_key_is_an_error_not_silently_the_last_one():
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml("framework:\n  code: a\n  code: b\n", "dup.yaml")
    assert [str(p) for p in exc.value.problems] == ["dup.yaml: line 3, column 3: the key “code” appears twice"]


def test_non_utf8_file_is_refused():
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml("framework: Lyderystė".encode("cp1257"), "old.yaml")
    assert "not UTF-8" in str(exc.value)


def test_numeric_looking_codes_keep_their_text():
    from frameworks.exporting import dump_yaml

    text = dump_yaml(make_data()).replace("code: 1.1.1", "code: 1.10").replace("code: '1.2'", "code: 1.20")
    version = import_framework(parse_yaml(text, "codes.yaml")).version
    assert set(version.indicators.values_list("code", flat=True)) >= {"1.10"}
    assert version.criteria.filter(code="1.20").exists()


def test_schema_errors_give_the_json_path_and_the_yaml_line():
    data = make_data()
    del data["principles"][1]["criteria"][0]["indicators"][1]["title_en"]
    data["principles"][0]["criteria"][1]["indicators"][0]["colour"] = "red"
    data["principles"][0]["criteria"][0]["indicators"][0]["evidence_types"] = ["photo"]
    data["version"]["scoring"]["ratings"] = data["version"]["scoring"]["ratings"][:1]
    from frameworks.exporting import dump_yaml

    text = dump_yaml(data)
    problems = problems_of(parse_yaml(text, "f.yaml"))
    lines = text.splitlines()

    def line_of(fragment, start=0):
        return next(i for i, line in enumerate(lines) if i >= start and fragment in line) + 1

    assert problems == [
        f"f.yaml: principles[0].criteria[0].indicators[0].evidence_types[0] (line {line_of('- photo')}): "
        "must be one of: policy, procedure, record, result",
        f"f.yaml: principles[0].criteria[1].indicators[0].colour (line {line_of('colour: red')}): unknown field",
        f"f.yaml: principles[1].criteria[0].indicators[1].title_en (line {line_of('- code: 2.1.2')}): required",
        f"f.yaml: version.scoring.ratings (line {line_of('- code: met')}): needs at least 2 items",
    ]


def test_schema_errors_in_data_name_the_path():
    data = make_data()
    data["principles"][2 - 1]["criteria"][0]["code"] = 2.1
    data["framework"]["code"] = "Not A Slug"
    assert problems_of(data) == [
        "framework.code: only lower-case letters, digits and hyphens, starting with a letter or digit",
        'principles[1].criteria[0].code: must be text: put the code in quotes, e.g. "1.10"',
    ]


def test_duplicate_codes_within_the_version_are_refused():
    data = make_data()
    data["principles"][1]["code"] = "1"
    data["principles"][0]["criteria"][1]["code"] = "1.1"
    data["principles"][1]["criteria"][1]["indicators"][0]["code"] = "1.1.2"
    problems = problems_of(data)
    assert problems == [
        "principles[0].criteria[1].code: duplicate code “1.1” (already used at principles[0].criteria[0])",
        "principles[1].code: duplicate code “1” (already used at principles[0])",
        "principles[1].criteria[1].indicators[0].code: duplicate code “1.1.2” "
        "(already used at principles[0].criteria[0].indicators[1])",
    ]


def test_missing_translations_are_refused():
    data = make_data()
    data["principles"][0]["name_en"] = "   "
    data["principles"][0]["criteria"][0]["indicators"][0]["title_lt"] = ""
    data["principles"][1]["criteria"][0]["text_lt"] = "Tik lietuviškai"
    data["version"]["notice_en"] = "Only in English"
    assert problems_of(data) == [
        "principles[0].criteria[0].indicators[0].title_lt: missing translation: the text is empty",
        "principles[0].name_en: missing translation: the text is empty",
        "version.notice_lt: missing translation: only the English text is given",
        "principles[1].criteria[0].text_en: missing translation: only the Lithuanian text is given",
    ]


def test_scoring_rules_must_fit_the_content():
    data = make_data()
    data["version"]["scoring"]["pass_threshold"] = 80
    data["version"]["scoring"]["weights"] = {"1": 2, "9": 1}
    data["version"]["scoring"]["ratings"].append(copy.deepcopy(data["version"]["scoring"]["ratings"][0]))
    assert problems_of(data) == [
        "version.scoring.ratings[3].code: duplicate rating “met”",
        "version.scoring.pass_threshold: with the method “share” the threshold is a share from 0 to 1",
        "version.scoring.weights.9: no principle has this code",
    ]


def test_every_problem_is_reported_at_once():
    data = make_data()
    del data["framework"]["name_lt"]
    data["principles"][1]["code"] = "1"
    assert len(problems_of(data)) == 2


def test_an_organisations_import_is_its_own_and_logged(cast):
    shipped = import_framework(make_data(code="shared")).version
    mine = make_data(code="shared")
    mine["framework"]["name_lt"] = "Oficialus tekstas"
    result = import_framework(mine, org=cast.alfa, by=cast.jonas)
    version = result.version
    assert version.org == cast.alfa and version.framework.org == cast.alfa
    assert version.framework != shipped.framework
    assert Framework.objects.get(pk=shipped.framework.pk).name_lt == "Bandomoji sistema"
    assert version.imported_by == cast.jonas
    entry = ActivityEntry.objects.for_org(cast.alfa).get()
    assert (entry.verb, entry.actor, entry.target) == (ActivityEntry.Verb.IMPORTED, cast.jonas, version)
    # The same label in two organisations is two private versions.
    other = import_framework(mine, org=cast.beta).version
    assert other.pk != version.pk and other.org == cast.beta


def test_shipped_import_writes_no_activity_entry():
    import_framework(make_data())
    assert not ActivityEntry.objects.exists()


def test_a_file_that_is_not_a_mapping_is_refused():
    assert problems_of(parse_yaml("- just\n- a list\n", "list.yaml")) == [
        "list.yaml: line 1: must be a mapping (key: value)"
    ]


def alias_bomb():
    """Under 300 bytes that PyYAML expands into 9**8 (43 million) nodes."""
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once():
    bomb = alias_bomb()
    assert len(bomb) < 320
    start = time.monotonic()
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml(bomb, "bomb.yaml")
    assert time.monotonic() - start < 1
    assert [str(p) for p in exc.value.problems] == [
        "bomb.yaml: line 2, column 8: aliases (*name) are not allowed: write the content out in full"
    ]


def test_an_oversized_or_too_deeply_nested_yaml_is_refused():
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml(b"framework: " + b"x" * (3 * 1024 * 1024), "big.yaml")
    assert str(exc.value) == "big.yaml: the file is larger than 2 MB"
    with pytest.raises(FrameworkImportError) as exc:
        parse_yaml("a: " + "[" * 5000 + "]" * 5000, "deep.yaml")
    assert "nested deeper than 40 levels" in str(exc.value)


def test_the_alias_refusal_reads_in_lithuanian():
    with translation.override("lt"), pytest.raises(FrameworkImportError) as exc:
        parse_yaml(alias_bomb(), "bomb.yaml")
    assert "nuorodos (*vardas) neleidžiamos" in str(exc.value)


def test_a_comma_in_an_unquoted_flow_mapping_is_refused_as_an_unknown_field():
    text = yaml.safe_dump(make_data(), allow_unicode=True, sort_keys=False, default_flow_style=None)
    assert "label_lt: Atitinka," in text
    text = text.replace("label_lt: Atitinka,", "label_lt: Atitinka, iš dalies,")
    problems = problems_of(parse_yaml(text, "comma.yaml"))
    assert len(problems) == 1
    assert problems[0].startswith("comma.yaml: version.scoring.ratings[0].iš dalies (line ")
    assert problems[0].endswith("): unknown field")
