import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from frameworks.exporting import dump_yaml
from frameworks.importing import LIBRARY_DIR, import_framework, import_library
from frameworks.models import FrameworkVersion
from frameworks.tests.factories import make_data, make_version
from frameworks.tests.helpers import table_counts
from frameworks.xlsx import template_xlsx
from kokybe.test import assert_constant_queries, client_for, urls_for
from orgs.roles import Role

url = urls_for("frameworks")

pytestmark = pytest.mark.django_db

NOTICE_EN = (
    "This is Kokybė's own EQUASS-aligned working set. The official EQUASS criteria are © EQUASS / European Platform "
    "for Rehabilitation and are not reproduced here; if your organisation holds the official text, import it (XLSX "
    "or YAML)."
)


def yaml_upload(data, name="framework.yaml"):
    return SimpleUploadedFile(name, dump_yaml(data).encode(), content_type="application/yaml")


def test_library_lists_shipped_and_own_versions_but_not_another_organisations(cast):
    import_library()
    make_version(org=cast.alfa, code="alfa-own", label="alfa-v1")
    make_version(org=cast.beta, code="beta-secret", label="beta-v1")
    response = client_for(cast.rasa, "lt").get(url("list", cast))
    html = response.content.decode()
    assert response.status_code == 200
    assert "EQUASS Assurance (2018) – darbinis rinkinys" in html
    assert "EQUASS peržiūrėta struktūra (projektas)" in html
    assert "alfa-v1" in html
    assert "beta-v1" not in html and "beta-secret" not in html


def test_library_in_lithuanian_and_english(cast):
    import_library()
    lt = client_for(cast.jonas, "lt").get(url("list", cast)).content.decode()
    assert "Kokybės sistemų biblioteka" in lt and "Importuoti kokybės sistemą" in lt
    en = client_for(cast.jonas, "en").get(url("list", cast)).content.decode()
    assert "Framework library" in en and "EQUASS Assurance (2018) – working set" in en


def test_staff_sees_no_upload_button(cast):
    html = client_for(cast.rasa, "en").get(url("list", cast)).content.decode()
    assert "Import a framework" not in html


def test_version_detail_shows_the_tree_in_the_users_language(cast):
    version = import_framework(LIBRARY_DIR / "equass-assurance-2018-ws.yaml").version
    lt = client_for(cast.rasa, "lt").get(url("version", cast, pk=version.pk)).content.decode()
    assert "Orientacija į asmenį" in lt
    assert "Įstaiga turi patvirtintą kokybės politiką, kuri skelbiama interneto svetainėje" in lt
    assert lt.count('<details class="card principle"') == 10
    assert "Privalomas" in lt
    en = client_for(cast.rasa, "en").get(url("version", cast, pk=version.pk)).content.decode()
    assert "Person-centred approach" in en
    assert "The organisation has an approved quality policy, published on its website" in en
    assert "Orientacija į asmenį" not in en


def test_working_set_shows_the_copyright_note_in_both_languages(cast):
    version = import_framework(LIBRARY_DIR / "equass-assurance-2018-ws.yaml").version
    en = client_for(cast.vida, "en").get(url("version", cast, pk=version.pk)).content.decode()
    assert NOTICE_EN.replace("'", "&#x27;") in en
    lt = client_for(cast.vida, "lt").get(url("version", cast, pk=version.pk)).content.decode()
    assert "Oficialūs EQUASS kriterijai yra saugomi autorių teisių" in lt


def test_another_organisations_version_is_404(cast):
    secret = make_version(org=cast.beta)
    client = client_for(cast.ona, "lt")
    for name in ("version", "export_yaml", "export_xlsx"):
        assert client.get(url(name, cast, pk=secret.pk)).status_code == 404


def test_version_detail_query_count_does_not_grow_with_indicators(cast):
    client = client_for(cast.jonas, "lt")
    state = {}

    def grow(n):
        FrameworkVersion.objects.all().delete()
        state["version"] = make_version(org=cast.alfa, total=n)

    def render():
        response = client.get(url("version", cast, pk=state["version"].pk))
        assert response.status_code == 200

    assert_constant_queries(render, grow, small=10, large=120)


def test_library_query_count_does_not_grow_with_versions(cast):
    client = client_for(cast.jonas, "lt")

    def grow(n):
        for i in range(FrameworkVersion.objects.count(), n):
            make_version(org=cast.alfa, code=f"fw-{i % 3}", label=f"v{i}", principles=1, criteria=1, indicators=1)

    def render():
        assert client.get(url("list", cast)).status_code == 200

    assert_constant_queries(render, grow, small=3, large=12)


def test_upload_page_for_a_coordinator(cast):
    response = client_for(cast.jonas, "lt").get(url("upload", cast))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html and "Kokybės sistemos failas" in html


def test_staff_may_not_upload(cast):
    assert client_for(cast.rasa, "lt").get(url("upload", cast)).status_code == 403


def test_upload_yaml_imports_a_private_version(cast):
    client = client_for(cast.jonas, "en")
    response = client.post(url("upload", cast), {"file": yaml_upload(make_data())})
    version = FrameworkVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == url("version", cast, pk=version.pk)
    assert version.org == cast.alfa and version.imported_by == cast.jonas and version.source == "framework.yaml"
    page = client.get(response["Location"]).content.decode()
    assert "Imported Test framework v1" in page
    assert "Your organisation's import" in page


def test_upload_shows_every_problem_and_writes_nothing(cast):
    data = make_data()
    data["principles"][1]["code"] = "1"
    del data["principles"][0]["criteria"][0]["indicators"][0]["title_en"]
    before = table_counts()
    response = client_for(cast.jonas, "en").post(url("upload", cast), {"file": yaml_upload(data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 2 problems found" in html
    assert "principles[0].criteria[0].indicators[0].title_en (line" in html and "required" in html
    assert "duplicate code “1”" in html
    assert table_counts() == before


def test_upload_problems_in_lithuanian(cast):
    data = make_data()
    data["principles"][0]["name_en"] = "  "
    html = client_for(cast.jonas, "lt").post(url("upload", cast), {"file": yaml_upload(data)}).content.decode()
    assert "Niekas neimportuota" in html and "trūksta vertimo" in html


def test_upload_filled_xlsx_template(cast):
    from frameworks.tests.test_xlsx import fill

    upload = SimpleUploadedFile("criteria.xlsx", fill().getvalue())
    response = client_for(cast.ona, "lt").post(url("upload", cast), {"file": upload})
    assert response.status_code == 302
    assert FrameworkVersion.objects.get().framework.code == "equass-official"


def _zip(files):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("criteria.xlsx", b"not a zip at all", "This is not an XLSX workbook."),
        ("criteria.xlsx", b"PK\x03\x04garbage", "This is not an XLSX workbook."),
        ("framework.yaml", b"\x00\x01binary", "This is not a text file."),
        ("framework.docx", b"whatever", "Upload a .yaml, .yml or .xlsx file."),
        (
            "criteria.xlsx",
            _zip({"[Content_Types].xml": "x", "word/document.xml": "x"}),
            "This is not an XLSX workbook.",
        ),
        (
            "criteria.xlsx",
            _zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x", "xl/vbaProject.bin": "x"}),
            "This is not an XLSX workbook.",
        ),
        ("framework.yaml", b"a" * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB."),
    ],
)
def test_upload_checks_type_and_size(cast, name, content, message):
    response = client_for(cast.jonas, "en").post(url("upload", cast), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FrameworkVersion.objects.exists()


def test_downloads(cast):
    version = import_framework(LIBRARY_DIR / "equass-assurance-2018-ws.yaml").version
    client = client_for(cast.rasa, "lt")
    response = client.get(url("export_yaml", cast, pk=version.pk))
    assert response["Content-Type"].startswith("application/yaml")
    assert response["Content-Disposition"].startswith('attachment; filename="equass-assurance-ws-2018-ws1.yaml"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not import_framework(_doc(response.content)).created  # the download re-imports as a no-op
    response = client.get(url("export_xlsx", cast, pk=version.pk))
    assert response["Content-Disposition"].startswith('attachment; filename="equass-assurance-ws-2018-ws1.xlsx"')
    assert load_workbook(io.BytesIO(response.content))["Indicators"].max_row == 1 + 73
    response = client.get(url("template", cast))
    assert response.content[:2] == b"PK" and len(response.content) == len(template_xlsx())


def _doc(content):
    from frameworks.importing import parse_yaml

    return parse_yaml(content, "download.yaml")


def test_nav_has_the_frameworks_entry_for_insiders_only(cast):
    html = client_for(cast.rasa, "en").get(reverse("orgs:dashboard", args=[cast.alfa.slug])).content.decode()
    assert url("list", cast) in html
    auditor = client_for(cast.users[Role.EXTERNAL_AUDITOR], "en")
    html = auditor.get(reverse("orgs:dashboard", args=[cast.alfa.slug])).content.decode()
    assert url("list", cast) not in html
