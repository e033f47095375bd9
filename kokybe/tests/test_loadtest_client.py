"""The load test's client (scripts/loadtest.py) does what a browser would: if it sent something the pages refuse,
`make loadtest` would measure error pages. Here its form reading and its three kinds of write run against the real
views: a stranger answers the public questionnaire, a coordinator edits an action through the page's guarded form,
and an autosave's reply carries the revision the next autosave must send."""

import importlib.util
import random
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from actions import services as action_services
from actions.models import ImprovementAction
from kokybe.test import client_for, url

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loadtest():
    path = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"
    spec = importlib.util.spec_from_file_location("loadtest_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_stranger_answers_the_questionnaire_as_the_load_test_sends_it(cast, loadtest):
    from surveys import bench, library
    from surveys.models import Campaign, CampaignStatus, Response

    version = library.import_instrument(bench._instrument_yaml()).version
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        org=cast.alfa,
        version=version,
        title="Apklausa",
        status=CampaignStatus.OPEN,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=9),
        served_count=50,
    )
    path = f"/s/{campaign.public_slug}/"
    stranger = Client()
    form = loadtest.read_form(stranger.get(path).content, path)
    assert len(form.radios) >= 17  # 14 ratings, 2 yes/no and the recommendation at least
    data = [(k, v) for k, v in form.fields if k != "website"]
    data += [(name, random.choice(values)) for name, values in form.radios.items()]
    response = stranger.post(path, _multi(data))
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_an_action_edit_as_the_load_test_sends_it_passes_the_guard(cast, loadtest):
    action = action_services.action_create(org=cast.alfa, title="Senas", source="other", by=cast.jonas)
    path = url("actions:edit", cast.alfa, action.number)
    client = client_for(cast.jonas)
    form = loadtest.read_form(client.get(path).content, path)
    names = {k for k, _v in form.fields}
    assert {"csrfmiddlewaretoken", "title"} <= names
    data = [(k, "Naujas" if k == "title" else v) for k, v in form.fields]
    response = client.post(path, _multi(data))
    assert response.status_code == 302
    assert ImprovementAction.objects.get(pk=action.pk).title == "Naujas"


def test_an_autosave_reply_carries_the_revision_the_load_test_reads(loadtest):
    from assessments import bench

    org, cycle, coordinator = bench.build("alfa-load", principles=2, criteria=2, indicators=3)
    cycle.status = "draft"
    cycle.save(update_fields=["status"])
    answer = cycle.answers.first()
    client = client_for(coordinator, HX_Request="true")
    path = f"/o/{org.slug}/assessments/{cycle.pk}/i/{answer.pk}/save/"
    response = client.post(path, {"rating": "met", "narrative": "Įgyvendinta", "revision": answer.revision})
    assert response.status_code == 200
    found = re.search(rb'name="revision" id="rev-%d" value="(\d+)"' % answer.pk, response.content)
    assert found and int(found.group(1)) == answer.revision + 1


def _multi(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data
