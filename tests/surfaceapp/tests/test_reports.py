"""The test register appears in the yearly progress report and the management review through its surfaces.py."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.models import ManagementReview, ProgressReport
from tests.surfaceapp.models import Entry

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, cast, *args):
    return reverse(f"audits:{name}", args=[cast.alfa.slug, *args])


def test_progress_report_chapters_carry_the_registers_text_after_their_owners(cast, surfaceapp):
    Entry.objects.create(org=cast.alfa, title="A", received_on=date(2025, 2, 1), due_on=date(2026, 3, 1))
    Entry.objects.create(org=cast.alfa, title="B", received_on=date(2025, 5, 1))
    Entry.objects.create(org=cast.alfa, title="C", received_on=date(2024, 5, 1))
    client = client_for(cast.jonas)
    client.post(url("progress_create", cast), {"year": 2025})
    report = ProgressReport.objects.get()
    assert report.actions_text.startswith("2025 m. įvykdyti tobulinimo veiksmai: 0.")  # the chapter's owner first
    assert report.actions_text.endswith("\n\nRegister entries received in 2025: 2.")
    assert report.next_steps.endswith("\n\nRegister entries due in 2026: 1.")
    assert "Register entries received in 2025: 2." in client.get(report.get_absolute_url()).content.decode()


def test_management_review_keeps_the_registers_input_as_it_was_gathered(cast, surfaceapp):
    today = timezone.localdate()
    Entry.objects.create(org=cast.alfa, title="Skundas dėl maitinimo", received_on=today - timedelta(days=10))
    Entry.objects.create(org=cast.alfa, title="Senas skundas", received_on=today - timedelta(days=400))
    client = client_for(cast.ona)
    client.post(url("review_create", cast), {"title": "Vadovybės analizė", "held_on": today.isoformat()})
    review = ManagementReview.objects.get()
    line = f"{(today - timedelta(days=10)).isoformat()}: Skundas dėl maitinimo"
    # Other apps bring their own inputs (safeguarding's counts, even when 0): the register's is among them.
    register = [item for item in review.inputs["contributed"] if item["key"] == "register"]
    assert register == [{"key": "register", "title": "Test register", "lines": [line]}]
    html = client.get(review.get_absolute_url()).content.decode()
    assert "<h3>Test register</h3>" in html and line in html and "Senas skundas" not in html


def test_without_the_contribution_the_review_and_report_know_nothing_of_the_register(cast):
    Entry.objects.create(org=cast.alfa, title="Skundas", received_on=timezone.localdate())
    client = client_for(cast.ona)
    client.post(url("review_create", cast), {"title": "Vadovybės analizė", "held_on": timezone.localdate().isoformat()})
    client.post(url("progress_create", cast), {"year": timezone.localdate().year})
    assert [i for i in ManagementReview.objects.get().inputs["contributed"] if i["key"] == "register"] == []
    assert "Register" not in ProgressReport.objects.get().next_steps
