from datetime import date, timedelta

import pytest
from django.utils import timezone

from competence import surfaces as contributions
from competence.models import Record, RecordStatus, valid_until
from kokybe import surfaces
from kokybe.test import count_queries
from orgs.models import Membership
from orgs.roles import Role

from .factories import course, world

pytestmark = pytest.mark.django_db


def _memberships(user):
    return {m.org_id: m for m in Membership.objects.active().filter(user=user).select_related("org")}


def _lapse(cast, key, person, until):
    """An approved record of `person` for course `key` that holds through `until`."""
    c = course(cast.alfa, key)
    done = until - timedelta(days=30 * c.validity_months)
    while valid_until(done, c.validity_months) != until:
        done += timedelta(days=1 if valid_until(done, c.validity_months) < until else -1)
    return Record.objects.create(
        org=cast.alfa, person=person, course=c, completed_on=done, hours=1, status=RecordStatus.APPROVED
    )


def test_own_expiring_and_missing_trainings_are_on_my_work(cast):
    world(cast)
    today = timezone.localdate()
    _lapse(cast, "hygiene", cast.rasa, today + timedelta(days=20))
    items = contributions.trainings_to_renew(cast.rasa, today, _memberships(cast.rasa))
    by_title = {i.title: i for i in items}
    hygiene = by_title["Higienos įgūdžių mokymai"]
    assert hygiene.due_date == today + timedelta(days=20) and not hygiene.overdue
    assert by_title["Darbuotojų saugos ir sveikatos instruktažas"].due_date is None  # missing
    assert "Pirmosios pagalbos mokymai" not in by_title  # done 100 days ago, valid three years


def test_an_expired_training_is_overdue_work(cast):
    world(cast)
    today = timezone.localdate()
    _lapse(cast, "fire-safety", cast.rasa, today - timedelta(days=1))
    item = next(
        i
        for i in contributions.trainings_to_renew(cast.rasa, today, _memberships(cast.rasa))
        if i.title == "Priešgaisrinės saugos instruktažas"
    )
    assert item.overdue


def test_the_unit_head_sees_one_line_per_person_of_the_unit_and_the_record_to_approve(cast):
    w = world(cast)
    head = cast.users[Role.UNIT_HEAD]
    today = timezone.localdate()
    items = contributions.trainings_to_renew(head, today, _memberships(head))
    team = [i for i in items if i.key.startswith("competence.team:")]
    assert [i.title.split(":")[0] for i in team] == ["Rasa Rasaitė"]
    approvals = contributions.records_to_approve(head, today, _memberships(head))
    assert [i.key for i in approvals] == [f"competence.approve:{w['waiting'].uuid}"]
    assert approvals[0].asks
    assert contributions.records_to_approve(cast.rasa, today, _memberships(cast.rasa)) == []


def test_work_items_make_the_same_queries_for_one_or_many_people(cast):
    world(cast)
    head = cast.users[Role.UNIT_HEAD]
    today = timezone.localdate()
    memberships = _memberships(head)
    few = count_queries(lambda: contributions.trainings_to_renew(head, today, memberships))
    from accounts.models import User

    for i in range(15):
        user = User.objects.create_user(f"t{i}@alfa.test", "x")
        Membership.objects.create(org=cast.alfa, user=user, role=Role.STAFF, unit=cast.alfa_subunit)
    assert count_queries(lambda: contributions.trainings_to_renew(head, today, memberships)) == few


def test_the_digest_carries_renewals_on_mondays_only(cast):
    world(cast)
    monday = date(2026, 12, 7)
    section = contributions.weekly_renewals(cast.rasa, monday, _memberships(cast.rasa))
    assert section.heading == "Atnaujintini mokymai" and section.items
    assert all(":week:2026-50" in i.key for i in section.items)
    assert contributions.weekly_renewals(cast.rasa, monday + timedelta(days=1), _memberships(cast.rasa)) is None


def test_expiry_dates_are_on_the_calendar_of_those_who_may_read_them(cast):
    world(cast)
    today = timezone.localdate()
    until = today + timedelta(days=10)
    _lapse(cast, "hygiene", cast.rasa, until)
    first, last = today, today + timedelta(days=30)
    coordinator = contributions.expiry_dates(_memberships(cast.jonas), first, last, None)
    assert [(e.start, e.title) for e in coordinator] == [(until, "Higienos įgūdžių mokymai: Rasa Rasaitė")]
    viewer = cast.users[Role.VIEWER]
    assert contributions.expiry_dates(_memberships(viewer), first, last, None) == []
    own_feed = contributions.expiry_dates(_memberships(cast.rasa), first, last, cast.rasa)
    assert len(own_feed) == 1
    assert contributions.expiry_dates(_memberships(cast.jonas), first, last, cast.jonas) == []


def test_results_are_computed_from_the_records(cast):
    world(cast)
    sources = surfaces.result_sources_all()
    year = timezone.localdate().year
    first, last = date(year, 1, 1), timezone.localdate()
    hours = sources["competence.hours_per_person"].compute(cast.alfa, first, last)
    people = len(
        [
            r
            for r in cast.memberships.values()
            if r.role in {"director", "coordinator", "unit_head", "staff", "internal_auditor"}
        ]
    )
    approved = float(
        sum(r.hours for r in Record.objects.filter(org=cast.alfa, status="approved", completed_on__gte=first))
    )
    assert hours.value == round(approved / people, 1) and hours.denominator == people
    share = sources["competence.violence_prevention"].compute(cast.alfa, first, last)
    assert share.numerator == 0  # Rasa's record still waits for approval
    assert sources["competence.mandatory_current"].compute(cast.alfa, first, last).numerator >= 1


def test_staff_principle_indicators_are_offered_the_matrix_as_evidence(cast):
    world(cast)

    class Indicator:
        code = "2.3.1"

    class Answer:
        indicator = Indicator()

    offers = contributions._staff_offers(cast.alfa, Answer(), [])
    assert offers and offers[0].fields["kind"] == "record"
    Indicator.code = "3.1.1"
    assert contributions._staff_offers(cast.alfa, Answer(), []) == []
