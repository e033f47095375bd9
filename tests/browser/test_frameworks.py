"""The framework library walked in a real browser on the demo data, with axe-core on every page visited.

The Klaipėda coordinator opens the library from the navigation, reads the working set with its © note, fails an
import with a broken file (every problem listed, nothing imported), imports the filled XLSX template, and reads the
note again in English.
"""

import pytest
from django.core.management import call_command

from frameworks.exporting import dump_yaml
from frameworks.models import FrameworkVersion
from frameworks.tests.factories import make_data
from frameworks.tests.test_xlsx import fill

from .helpers import path_of, switch_language

pytestmark = pytest.mark.browser

COORDINATOR = "koordinatorius@klaipeda.demo"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's table is not wanted here


def test_coordinator_reads_the_library_and_imports_a_framework(demo, page, login, assert_no_axe_violations, tmp_path):
    login(page, COORDINATOR, "demo")
    page.get_by_role("navigation", name="Moduliai").get_by_role("link", name="Kokybės sistemos").click()
    assert path_of(page) == "/o/klaipeda/frameworks/"
    assert page.get_by_role("heading", level=1).inner_text() == "Kokybės sistemų biblioteka"
    assert_no_axe_violations(page)

    page.get_by_role("link", name="2018-ws1").click()
    assert page.get_by_role("note").get_by_text("neatkartojami").is_visible()
    principle = page.locator("details.principle").nth(1)
    assert not principle.locator("ul.indicators").first.is_visible()
    principle.locator("summary").click()
    assert principle.get_by_text("Patvirtinta darbuotojų samdymo ir išsaugojimo tvarka").is_visible()
    assert_no_axe_violations(page)

    page.goto("/o/klaipeda/frameworks/upload/")
    broken = make_data(code="klaipeda-official")
    broken["principles"][1]["code"] = "1"
    del broken["principles"][0]["name_en"]
    (tmp_path / "broken.yaml").write_text(dump_yaml(broken), encoding="utf-8")
    page.get_by_label("Kokybės sistemos failas").set_input_files(str(tmp_path / "broken.yaml"))
    page.get_by_role("button", name="Importuoti").click()
    alert = page.get_by_role("alert")
    assert "Niekas neimportuota: rastos 2 problemos" in alert.inner_text()
    assert alert.get_by_role("listitem").count() == 2
    assert not FrameworkVersion.objects.filter(org__isnull=False).exists()
    assert_no_axe_violations(page)

    (tmp_path / "criteria.xlsx").write_bytes(fill().getvalue())
    page.get_by_label("Kokybės sistemos failas").set_input_files(str(tmp_path / "criteria.xlsx"))
    page.get_by_role("button", name="Importuoti").click()
    version = FrameworkVersion.objects.get(org__slug="klaipeda")
    assert path_of(page) == f"/o/klaipeda/frameworks/{version.pk}/"
    assert "Importuota: EQUASS Assurance (oficialus tekstas) 2018" in page.get_by_role("status").inner_text()
    assert_no_axe_violations(page)

    switch_language(page, "en")
    assert page.get_by_role("heading", level=1).inner_text().startswith("EQUASS Assurance (official text)")
    page.goto("/o/klaipeda/frameworks/")
    assert page.get_by_text("Your organisation's import").first.is_visible()
    assert_no_axe_violations(page)
