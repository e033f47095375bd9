"""The shipped frameworks: valid files, the official principle names, our own wording in both languages."""

import json

import jsonschema
import pytest
import yaml

from frameworks.importing import LIBRARY_DIR, SCHEMA_PATH, import_framework, import_library, parse_yaml, validate

FILES = sorted(LIBRARY_DIR.glob("*.yaml"))
WORKING_SET = LIBRARY_DIR / "equass-assurance-2018-ws.yaml"
REVISED = LIBRARY_DIR / "equass-revised-sections-ws.yaml"

OFFICIAL_PRINCIPLES = [
    ("1", "Lyderystė", "Leadership"),
    ("2", "Personalas", "Staff"),
    ("3", "Teisės", "Rights"),
    ("4", "Etika", "Ethics"),
    ("5", "Partnerystė", "Partnership"),
    ("6", "Dalyvavimas", "Participation"),
    ("7", "Orientacija į asmenį", "Person-centred approach"),
    ("8", "Kompleksiškumas", "Comprehensiveness"),
    ("9", "Orientacija į rezultatus", "Result orientation"),
    ("10", "Nuolatinis gerinimas", "Continuous improvement"),
]


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_two_shipped_files():
    assert FILES == [WORKING_SET, REVISED]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_file_validates_against_the_published_schema(path):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(load(path)))
    assert errors == []
    assert validate(parse_yaml(path.read_bytes(), path.name)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_file_imports_cleanly_and_reimports_as_a_no_op(path):
    assert import_framework(path).created
    assert not import_framework(path).created


def test_working_set_has_the_ten_principles_with_their_official_names():
    data = load(WORKING_SET)
    assert [(p["code"], p["name_lt"], p["name_en"]) for p in data["principles"]] == OFFICIAL_PRINCIPLES


def test_working_set_shape_and_scoring():
    data = load(WORKING_SET)
    assert data["framework"]["code"] == "equass-assurance-ws" and data["version"]["label"] == "2018-ws1"
    assert data["version"]["validity_years"] == 3
    scoring = data["version"]["scoring"]
    assert [r["code"] for r in scoring["ratings"]] == ["met", "partly", "not_met", "na"]
    assert [r["code"] for r in scoring["ratings"] if r["needs_reason"]] == ["na"]
    assert scoring["mandatory_must_be_met"] is True and scoring["pass_threshold"] is not None
    for principle in data["principles"]:
        assert 4 <= len(principle["criteria"]) <= 6, principle["code"]
        for criterion in principle["criteria"]:
            assert criterion["code"].startswith(principle["code"] + ".")
            assert 1 <= len(criterion["indicators"]) <= 3, criterion["code"]
            for indicator in criterion["indicators"]:
                assert indicator["code"].startswith(criterion["code"] + ".")
                assert indicator["evidence_types"], indicator["code"]
    indicators = [i for p in data["principles"] for c in p["criteria"] for i in c["indicators"]]
    assert any(i.get("mandatory") for i in indicators) and not all(i.get("mandatory") for i in indicators)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_text_is_in_both_languages(path):
    data = load(path)

    def walk(obj, where):
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key.endswith("_lt"):
                    other = obj.get(key[:-3] + "_en")
                    assert bool(str(value).strip()) == bool(str(other or "").strip()), f"{where}.{key}"
                    if value:
                        assert value != other, f"{where}.{key} is not translated"
                walk(value, f"{where}.{key}")
        elif isinstance(obj, list):
            for i, item in enumerate(obj):
                walk(item, f"{where}[{i}]")

    walk(data, path.name)


def test_working_set_carries_the_copyright_notice_in_both_languages():
    version = load(WORKING_SET)["version"]
    assert "© EQUASS / European Platform for Rehabilitation" in version["notice_en"]
    assert "are not reproduced here" in version["notice_en"]
    assert "© EQUASS / European Platform for Rehabilitation" in version["notice_lt"]
    assert "importuokite" in version["notice_lt"]


def test_second_framework_has_a_different_shape():
    data = load(REVISED)
    assert [p["code"] for p in data["principles"]] == ["A", "B", "C", "D", "E"]
    assert [p["name_en"] for p in data["principles"]] == [
        "Rights and dignity",
        "Empowerment and person-centredness",
        "Quality management and improvement",
        "Leadership and governance",
        "Workforce management and development",
    ]
    scoring = data["version"]["scoring"]
    assert scoring["method"] == "points" and scoring["pass_threshold"] > 1
    assert [r["score"] for r in scoring["ratings"]] == [0, 1, 2, 3]
    indicators = [i for p in data["principles"] for c in p["criteria"] for i in c["indicators"]]
    assert 25 <= len(indicators) <= 35
    assert all(2 <= len(c["indicators"]) <= 4 for p in data["principles"] for c in p["criteria"])
    assert {i["level"] for i in indicators} == {"assurance", "excellence"}


@pytest.mark.django_db
def test_import_library_loads_both_and_counts():
    results = import_library()
    counts = {r.version.framework.code: (r.version.principles.count(), r.version.indicators.count()) for r in results}
    assert counts == {"equass-assurance-ws": (10, 73), "equass-revised-ws": (5, 32)}


@pytest.mark.django_db
def test_demo_hook_is_idempotent():
    from frameworks import demo
    from kokybe.lib.demo import DemoContext

    first, second = DemoContext(), DemoContext()
    demo.load(first)
    demo.load(second)
    assert first.created["frameworks.FrameworkVersion"] == 2
    assert second.created["frameworks.FrameworkVersion"] == 0
    assert second.extra["framework_version"].label == "2018-ws1"
