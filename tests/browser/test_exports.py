"""A long export in a real browser: the plan PDF asked for on the plan page, its progress followed (htmx polling),
made by the real worker, downloaded; axe-core on the progress page in each state."""

import pytest
from django.db.models import F

from actions.models import ImprovementAction
from exports.models import Export, Status
from kokybe.test import PASSWORD, make_cast

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    cast = make_cast()
    ImprovementAction.objects.bulk_create(
        ImprovementAction(org=cast.alfa, number=i, title=f"Veiksmas Nr. {i}", owner=cast.rasa) for i in range(1, 41)
    )
    return cast


def test_the_plan_pdf_is_made_in_the_background_with_progress_and_downloaded(
    world, task_worker, new_context, login, assert_no_axe_violations
):
    page = new_context(accept_downloads=True).new_page()
    login(page, world.jonas.email, PASSWORD)
    page.goto(f"/o/{world.alfa.slug}/actions/")
    with page.expect_navigation():
        page.get_by_role("button", name="Atsisiųsti PDF").click()
    export = Export.objects.get()
    assert page.url.endswith(export.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Diegimo planas (PDF)"
    assert page.get_by_role("heading", level=2).inner_text() == "Laukia savo eilės"
    assert page.get_by_role("link", name="Atnaujinti").is_visible()  # without JavaScript: reload by hand
    assert_no_axe_violations(page)

    # The worker has taken it and is on its second step: the page hears it without being reloaded.
    Export.objects.filter(pk=export.pk).update(status=Status.RUNNING, step=2, step_label="Laying out the pages")
    progress = page.get_by_label("2 žingsnis iš 3: Maketuojami puslapiai")
    progress.wait_for()
    assert progress.get_attribute("value") == "67"
    assert_no_axe_violations(page)

    Export.objects.filter(pk=export.pk).update(status=Status.QUEUED, step=F("step") - 2)
    task_worker.run()
    link = page.get_by_role("link", name="Atsisiųsti")
    link.wait_for()
    assert page.get_by_role("heading", level=2).inner_text() == "Paruoštas"
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
