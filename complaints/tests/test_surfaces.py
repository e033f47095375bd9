from datetime import date, datetime

import pytest

from complaints import trends
from complaints.models import Complaint, ComplaintRules
from complaints.tests.factories import make_complaint
from kokybe import surfaces
from kokybe.lib.workdays import VILNIUS
from kokybe.test import client_for
from people.models import ServiceUser

pytestmark = pytest.mark.django_db


def _items(user, today, cast):
    memberships = {cast.alfa.pk: cast.memberships[user]}
    return [i for f in surfaces.work_items.contributions() for i in f(cast.users[user], today, memberships)]


def test_owner_sees_the_running_term_on_my_work_and_it_turns_overdue(cast):
    complaint = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa)
    items = [i for i in _items("staff", date(2027, 1, 20), cast) if i.key.startswith("complaints.")]
    assert [(i.due_date, i.overdue) for i in items] == [(date(2027, 1, 20), False)]
    items = [i for i in _items("staff", date(2027, 1, 21), cast) if i.key.startswith("complaints.")]
    assert items[0].overdue and complaint.number in items[0].title
    assert not [i for i in _items("coordinator", date(2027, 1, 21), cast) if i.key.startswith("complaints.")]


def test_restricted_entries_stay_off_the_calendar_of_readers_but_not_of_the_director(cast):
    make_complaint(cast.alfa, cast.jonas, owner=cast.rasa, possible_abuse=True)

    def entries(role):
        memberships = {cast.alfa.pk: cast.memberships[role]}
        found = []
        for f in surfaces.calendar_entries.contributions():
            found += [
                e for e in f(memberships, date(2027, 1, 1), date(2027, 1, 31), None) if e.key.startswith("complaints.")
            ]
        return found

    assert len(entries("director")) == 1
    assert entries("unit_head") == []


def test_result_sources_compute_the_kpis_per_period(cast):
    on_time = make_complaint(cast.alfa, cast.jonas)
    late = make_complaint(cast.alfa, cast.jonas)
    Complaint.objects.filter(pk=on_time.pk).update(decided_on=date(2027, 1, 8), conclusion="upheld")
    Complaint.objects.filter(pk=late.pk).update(decided_on=date(2027, 1, 22), conclusion="not_upheld")
    for _ in range(4):
        ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 1), age_group="adult")
    sources = surfaces.result_sources_all()
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    assert sources["complaints.decided_on_time"].compute(cast.alfa, first, last).value == 50.0
    assert sources["complaints.upheld_share"].compute(cast.alfa, first, last).value == 50.0
    per_100 = sources["complaints.per_100_users"].compute(cast.alfa, first, last)
    assert (per_100.value, per_100.numerator, per_100.denominator) == (50.0, 2, 4)
    # 2026-12-18 → 2027-01-08 is 12 working days, → 2027-01-22 is 22: the median is 17.
    assert sources["complaints.median_days_to_decision"].compute(cast.alfa, first, last).value == 17.0
    assert sources["complaints.decided_on_time"].compute(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)) is None


def test_a_record_counts_on_its_vilnius_date(cast):
    # 23:30 UTC on 31 December is already 1 January in Vilnius.
    make_complaint(cast.alfa, cast.jonas, received=datetime(2027, 1, 1, 1, 30, tzinfo=VILNIUS))
    assert trends.figures(trends.entries(cast.alfa, date(2026, 12, 1), date(2026, 12, 31)))["total"] == 0
    assert trends.figures(trends.entries(cast.alfa, date(2027, 1, 1), date(2027, 1, 31)))["total"] == 1


def test_public_statistics_are_opt_in_and_suppressed_below_five(cast):
    ComplaintRules.objects.create(org=cast.alfa, public_intake=True, publish_statistics=True)
    year = date.today().year - 1
    for _ in range(5):
        make_complaint(cast.alfa, cast.jonas, received=datetime(year, 3, 2, 9, tzinfo=VILNIUS))
    make_complaint(cast.alfa, cast.jonas, kind="request", received=datetime(year, 3, 2, 9, tzinfo=VILNIUS))
    page = client_for(cast.vida).get(f"/p/{cast.alfa.slug}/").content.decode()
    assert "mažiau nei 5" in page and ">5<" in page.replace(" ", "")


def test_unacknowledged_and_misdirected_entries_show_their_earlier_terms(cast):
    complaint = make_complaint(cast.alfa, cast.jonas, owner=cast.rasa, acknowledged_on=None)
    # Received Friday 2026-12-18: the two working days are 12-21 and 12-22.
    assert complaint.next_deadline()[1] == date(2026, 12, 22)
    complaint.acknowledged_on, complaint.misdirected = date(2026, 12, 18), True
    complaint.save()
    assert complaint.next_deadline()[1] == date(2026, 12, 29)  # 5 working days: 21, 22, 23, 28, 29


def test_figures_are_offered_as_evidence_for_the_principles_the_categories_map_to(cast):
    from types import SimpleNamespace

    from complaints.models import Category

    Category.objects.ensure_starter(cast.alfa)
    (kind,) = [k for k in surfaces.evidence_kinds_all() if k.key == "complaints_register"]
    rights = SimpleNamespace(indicator=SimpleNamespace(code="3.1.1"))
    assert [o.url for o in kind.offers(cast.alfa, rights, [])] == [f"/o/{cast.alfa.slug}/complaints/trends/"]
    offer = kind.offers(cast.alfa, rights, [])[0]
    attached = [SimpleNamespace(reference=offer.fields["reference"])]
    assert kind.offers(cast.alfa, rights, attached) == []
    assert kind.offers(cast.beta, rights, []) == []  # Beta has no categories yet


def test_progress_report_and_management_review_get_the_years_figures(cast):
    make_complaint(cast.alfa, cast.jonas, received=datetime(2026, 3, 2, 9, tzinfo=VILNIUS))
    texts = surfaces.progress_texts(cast.alfa, 2026)
    assert "2026" in texts["actions_text"] and "1" in texts["actions_text"]
    inputs = surfaces.review_inputs_for(cast.alfa, date(2026, 12, 7))
    assert [i for i in inputs if i["key"] == "complaints"]
    assert surfaces.progress_texts(cast.beta, 2026).get("actions_text", "") == ""


def test_an_entry_nobody_owns_yet_reaches_the_managers_my_work(cast):
    complaint = make_complaint(cast.alfa, cast.jonas)
    Complaint.objects.filter(pk=complaint.pk).update(owner=None)
    assert [i for i in _items("coordinator", date(2027, 1, 4), cast) if i.key.startswith("complaints.")]
    assert not [i for i in _items("staff", date(2027, 1, 4), cast) if i.key.startswith("complaints.")]
