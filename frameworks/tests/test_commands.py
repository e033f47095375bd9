import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from frameworks.exporting import dump_yaml
from frameworks.importing import LIBRARY_DIR, import_framework
from frameworks.models import FrameworkVersion
from frameworks.tests.factories import make_data
from frameworks.tests.helpers import table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_command_imports_a_file_and_then_does_nothing(tmp_path):
    path = tmp_path / "fw.yaml"
    path.write_text(dump_yaml(make_data()), encoding="utf-8")
    out, _err = run("import_framework", str(path))
    assert "Imported Test framework v1 (principles: 2, criteria: 4, indicators: 8)." in out
    out, _err = run("import_framework", str(path))
    assert "nothing changed" in out
    assert FrameworkVersion.objects.shipped().count() == 1


def test_import_command_for_an_organisation(cast, tmp_path):
    path = tmp_path / "fw.yaml"
    path.write_text(dump_yaml(make_data()), encoding="utf-8")
    run("import_framework", str(path), "--org", "alfa")
    assert FrameworkVersion.objects.get().org == cast.alfa
    with pytest.raises(CommandError, match="No organisation"):
        run("import_framework", str(path), "--org", "nobody")


def test_import_command_reports_every_problem_and_writes_nothing(tmp_path):
    data = make_data()
    data["principles"][1]["code"] = "1"
    del data["framework"]["name_en"]
    path = tmp_path / "bad.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    before = table_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 2 problem"):
        call_command("import_framework", str(path), stdout=io.StringIO(), stderr=err)
    assert "bad.yaml: framework.name_en (line 3): required" in err.getvalue()
    assert "bad.yaml: principles[1].code (line" in err.getvalue()
    assert table_counts() == before


def test_import_command_loads_the_shipped_library():
    out, _err = run("import_framework", "--shipped")
    assert out.count("Imported") == 2
    out, _err = run("import_framework", "--shipped")
    assert out.count("nothing changed") == 2


def test_export_then_import_is_a_no_op(tmp_path):
    original = import_framework(LIBRARY_DIR / "equass-assurance-2018-ws.yaml").version
    path = tmp_path / "out.yaml"
    out, _err = run("export_framework", "equass-assurance-ws", "2018-ws1", "-o", str(path))
    assert "Wrote" in out
    text = path.read_text(encoding="utf-8")
    assert "Lyderystė" in text and "code: '1.1'" in text
    before = table_counts()
    out, _err = run("import_framework", str(path))
    assert "nothing changed" in out and table_counts() == before
    assert FrameworkVersion.objects.get().pk == original.pk


def test_export_is_the_same_content_in_a_fresh_library(tmp_path):
    """The exported file carries everything: imported anew it gets the very same checksum."""
    original = import_framework(LIBRARY_DIR / "equass-revised-sections-ws.yaml").version
    path = tmp_path / "out.yaml"
    run("export_framework", "equass-revised-ws", "draft-ws1", "-o", str(path))
    FrameworkVersion.objects.all().delete()
    again = import_framework(path).version
    assert again.checksum == original.checksum
    assert again.scoring == original.scoring


def test_export_command_to_xlsx_and_to_stdout(tmp_path):
    import_framework(make_data())
    run("export_framework", "test-fw", "v1", "-o", str(tmp_path / "out.xlsx"))
    assert (tmp_path / "out.xlsx").read_bytes()[:2] == b"PK"
    out, _err = run("export_framework", "test-fw", "v1")
    assert out.startswith("format: 1\n")


def test_export_command_unknown_version():
    with pytest.raises(CommandError, match="No shipped version"):
        run("export_framework", "nothing", "v1")


def test_export_command_for_an_organisations_version(cast):
    import_framework(make_data(), org=cast.alfa)
    with pytest.raises(CommandError):
        run("export_framework", "test-fw", "v1")
    out, _err = run("export_framework", "test-fw", "v1", "--org", "alfa")
    assert "Bandomoji sistema" in out
