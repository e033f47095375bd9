"""Long exports: asked for on the plan page, made by the worker with progress, downloaded by the one who asked."""

import pytest
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from actions import pdf
from actions.models import ImprovementAction
from exports.models import Export, Status
from orgs.models import Membership


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _actions(cast, n=3):
    ImprovementAction.objects.bulk_create(
        ImprovementAction(org=cast.alfa, number=i, title=f"Veiksmas Nr. {i}", owner=cast.rasa) for i in range(1, n + 1)
    )


def _start(client, cast, query=""):
    url = reverse("exports:start", args=[cast.alfa.slug, "actions.plan_pdf"])
    return client.post(f"{url}?{query}" if query else url)


def test_the_plan_offers_its_pdf_as_a_background_export(cast):
    page = _client(cast.rasa).get(reverse("actions:plan", args=[cast.alfa.slug]) + "?status=planned")
    start = reverse("exports:start", args=[cast.alfa.slug, "actions.plan_pdf"])
    assert f'action="{start}?status=planned"' in page.content.decode()


def test_the_worker_makes_the_pdf_and_only_the_person_who_asked_downloads_it(cast, task_worker):
    _actions(cast)
    jonas = _client(cast.jonas)
    response = _start(jonas, cast, "status=planned")
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    assert export.params == "status=planned" and export.requested_by == cast.jonas
    waiting = jonas.get(export.get_absolute_url()).content.decode()
    # Progress polled by htmx every 2 s, and a plain link for a browser without JavaScript.
    assert "Laukia savo eilės" in waiting and 'hx-trigger="every 2s"' in waiting
    assert f'href="{export.get_absolute_url()}"' in waiting and "Atnaujinti" in waiting
    fragment = jonas.get(export.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="export-progress"' in fragment

    task_worker.run()
    export.refresh_from_db()
    assert export.status == Status.READY and export.step == export.steps == 3
    assert export.file.name.startswith("exports/") and default_storage.exists(export.file.name)
    ready = jonas.get(export.get_absolute_url()).content.decode()
    assert "hx-trigger" not in ready and reverse("exports:download", args=[cast.alfa.slug, export.pk]) in ready
    download = jonas.get(reverse("exports:download", args=[cast.alfa.slug, export.pk]))
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and body.startswith(b"%PDF") and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert _client(cast.ona).get(reverse("exports:download", args=[cast.alfa.slug, export.pk])).status_code == 403
    assert _client(cast.petras).get(export.get_absolute_url()).status_code == 404


def test_the_pdf_reports_its_three_steps(cast):
    _actions(cast)
    heard = []
    count, content = pdf.plan_pdf_for(cast.alfa, QueryDict(), lambda step, label: heard.append((step, str(label))))
    assert count == 3 and content.startswith(b"%PDF")
    assert [step for step, _label in heard] == [1, 2, 3]


def test_too_many_actions_fail_with_a_message_for_the_person(cast, monkeypatch, django_capture_on_commit_callbacks):
    _actions(cast)
    monkeypatch.setattr(pdf, "MAX_ACTIONS", 2)
    jonas = _client(cast.jonas)
    with django_capture_on_commit_callbacks(execute=True):
        _start(jonas, cast)
    export = Export.objects.get()
    assert export.status == Status.FAILED and not export.file
    assert "ne daugiau kaip 2" in jonas.get(export.get_absolute_url()).content.decode()


def test_a_person_who_lost_the_role_before_it_ran_gets_no_file(cast, task_worker):
    _start(_client(cast.jonas), cast)
    Membership.objects.filter(org=cast.alfa, user=cast.jonas).delete()
    task_worker.run()
    export = Export.objects.get()
    assert export.status == Status.FAILED and not export.file


def test_a_person_may_have_three_exports_waiting_not_more(cast):
    jonas = _client(cast.jonas)
    for _ in range(3):
        _start(jonas, cast)
    response = _start(jonas, cast, "status=planned")
    assert Export.objects.count() == 3
    assert response.status_code == 302 and response["Location"].endswith("?status=planned")


@pytest.mark.parametrize("code", ["actions.nope", "surveys.everything"])
def test_an_unknown_export_is_404(cast, code):
    assert _client(cast.jonas).post(reverse("exports:start", args=[cast.alfa.slug, code])).status_code == 404


def test_the_external_auditor_may_not_export_the_plan(cast):
    from orgs.roles import Role

    assert _start(_client(cast.users[Role.EXTERNAL_AUDITOR]), cast).status_code == 403
    assert not Export.objects.exists()
