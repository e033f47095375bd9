"""A self-assessment cycle's due date on the quality calendar (assessments/surfaces.py)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Status
from assessments.tests.factories import make_assessment

pytestmark = pytest.mark.django_db


def month(user, org, day):
    client = Client()
    client.force_login(user)
    return client.get(reverse("work:calendar_month", args=[org.slug, day.year, day.month])).content.decode()


def test_a_cycles_due_date_is_on_the_calendar(cast):
    cycle = make_assessment(cast, title="Įsivertinimas 2031", due_date=date(2031, 3, 20))
    html = month(cast.rasa, cast.alfa, date(2031, 3, 1))
    assert "Įsivertinimas 2031" in html and cycle.get_absolute_url() in html
    assert "kind-self-assessment" in html


def test_an_overdue_cycle_says_so_and_an_archived_one_is_gone(cast):
    past = timezone.localdate() - timedelta(days=2)
    make_assessment(cast, title="Vėluojantis įsivertinimas", due_date=past)
    old = make_assessment(cast, title="Senas įsivertinimas", due_date=past)
    Assessment.objects.filter(pk=old.pk).update(status=Status.ARCHIVED)
    html = month(cast.jonas, cast.alfa, past)
    assert "Vėluojantis įsivertinimas" in html and "Vėluoja" in html
    assert "Senas įsivertinimas" not in html


def test_another_organisations_cycle_is_not_shown(cast):
    make_assessment(cast, org=cast.beta, title="Betos įsivertinimas", due_date=date(2031, 3, 20))
    assert "Betos įsivertinimas" not in month(cast.jonas, cast.alfa, date(2031, 3, 1))
