"""The test register appears as a kind of self-assessment evidence through its surfaces.py alone."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import EvidenceItem
from assessments.tests.factories import answer_for, make_assessment, make_version
from tests.surfaceapp.models import Entry

pytestmark = pytest.mark.django_db


def answer_url(name, cycle, answer):
    return reverse(f"assessments:{name}", args=["alfa", cycle.pk, answer.pk])


@pytest.fixture
def cycle(cast):
    return make_assessment(cast, make_version(principles=6, criteria=3, indicators=1))


def test_register_entries_are_offered_as_evidence_and_attached_as_records(cast, cycle, surfaceapp):
    answer = answer_for(cycle, "6.3.1")
    entry = Entry.objects.create(
        org=cast.alfa, title="Skundas dėl maitinimo", received_on=timezone.localdate(), indicator_code="6.3.1"
    )
    Entry.objects.create(org=cast.alfa, title="Kitas įrašas", received_on=timezone.localdate(), indicator_code="1.1.1")
    client = Client()
    client.force_login(cast.jonas)
    html = client.get(answer_url("answer", cycle, answer)).content.decode()
    offered = html.split("Siūlomi įrodymai")[1].split("</ul>")[0]
    assert "Register entry" in offered and "Skundas dėl maitinimo" in offered and "Kitas įrašas" not in offered

    reference = f"Test register, entry {entry.pk} ({entry.received_on.isoformat()})"
    response = client.post(
        answer_url("evidence_add", cycle, answer),
        {"kind": "record", "title": entry.title, "reference": reference},
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.kind, item.reference, list(item.answers.all())) == ("record", reference, [answer])
    assert "Siūlomi įrodymai" not in client.get(answer_url("answer", cycle, answer)).content.decode()


def test_without_the_contribution_the_answer_page_offers_nothing_from_the_register(cast, cycle):
    answer = answer_for(cycle, "6.3.1")
    Entry.objects.create(org=cast.alfa, title="Skundas", received_on=timezone.localdate(), indicator_code="6.3.1")
    client = Client()
    client.force_login(cast.jonas)
    assert "Siūlomi įrodymai" not in client.get(answer_url("answer", cycle, answer)).content.decode()
