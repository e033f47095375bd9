from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from competence import services
from competence.models import Course, Record, RecordStatus, TrainingEvent, sync_starter, valid_until
from kokybe.test import assert_constant_queries, client_for, pdf_text, urls_for
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

from .factories import course, world

url = urls_for("competence")
pytestmark = pytest.mark.django_db


def test_staff_member_sees_own_trainings_and_not_the_matrix(cast):
    world(cast)
    client = client_for(cast.rasa)
    page = client.get(url("mine", cast))
    assert page.status_code == 200
    assert "Pirmosios pagalbos mokymai" in page.content.decode()
    assert client.get(url("matrix", cast)).status_code == 403
    other = cast.memberships[Role.COORDINATOR]
    assert client.get(url("person", cast, other.pk)).status_code == 403


def test_unit_head_matrix_shows_only_their_units_people(cast):
    world(cast)
    page = client_for(cast.users[Role.UNIT_HEAD]).get(url("matrix", cast)).content.decode()
    assert "Rasa Rasaitė" in page
    assert "Jonas Jonaitis" not in page
    coordinator_page = client_for(cast.jonas).get(url("matrix", cast)).content.decode()
    assert "Jonas Jonaitis" in coordinator_page and "Rasa Rasaitė" in coordinator_page


def test_own_record_waits_then_the_unit_head_approves_it_and_the_log_says_so(cast):
    w = world(cast)
    waiting = w["waiting"]
    assert waiting.status == RecordStatus.PENDING
    head = cast.users[Role.UNIT_HEAD]
    response = client_for(head).post(url("record_decide", cast, waiting.uuid), {"decision": "approve"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RecordStatus.APPROVED and waiting.decided_by == head
    entry = ActivityEntry.objects.filter(org=cast.alfa, verb=ActivityEntry.Verb.STATUS).first()
    assert entry.actor == head and entry.changes["status"] == ["Laukia patvirtinimo", "Patvirtintas"]


def test_staff_member_cannot_approve_or_record_for_a_colleague(cast):
    w = world(cast)
    viewer_record = services.record_add(
        org=cast.alfa,
        person=cast.jonas,
        course=course(cast.alfa, "hygiene"),
        completed_on=timezone.localdate(),
        hours=4,
        by=cast.jonas,
    )
    client = client_for(cast.rasa)
    assert client.post(url("record_decide", cast, w["waiting"].uuid), {"decision": "approve"}).status_code == 403
    assert client.get(url("record", cast, viewer_record.uuid)).status_code == 403


def test_a_future_date_is_refused_and_nothing_is_written(cast):
    world(cast)
    before = Record.objects.count()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(cast.rasa).post(
        url("record_create", cast), {"course": course(cast.alfa, "hygiene").pk, "completed_on": tomorrow, "hours": "2"}
    )
    assert response.status_code == 200
    assert "Mokymai registruojami, kai jau įvyko." in response.content.decode()
    assert Record.objects.count() == before


def test_bulk_entry_records_one_training_for_every_attendee(cast):
    world(cast)
    head = cast.users[Role.UNIT_HEAD]
    people = []
    for i in range(8):
        user = User.objects.create_user(f"d{i}@alfa.test", "x", full_name=f"Darbuotoja {i}")
        Membership.objects.create(org=cast.alfa, user=user, role=Role.STAFF, unit=cast.alfa_unit)
        people.append(user)
    first_aid = course(cast.alfa, "first-aid")
    day = timezone.localdate() - timedelta(days=2)
    response = client_for(head).post(
        url("event_create", cast),
        {"course": first_aid.pk, "completed_on": day.isoformat(), "hours": "", "people": [u.pk for u in people]},
    )
    assert response.status_code == 302, response.content.decode()
    event = TrainingEvent.objects.get()
    records = Record.objects.filter(event=event)
    assert records.count() == 8
    assert {r.status for r in records} == {RecordStatus.APPROVED}
    assert {r.valid_until for r in records} == {valid_until(day, 36)}
    assert {r.hours for r in records} == {Decimal("8")}
    assert ActivityEntry.objects.filter(org=cast.alfa, target_type__model="trainingevent").count() == 1


def test_unit_head_cannot_bulk_record_someone_outside_the_unit(cast):
    world(cast)
    response = client_for(cast.users[Role.UNIT_HEAD]).post(
        url("event_create", cast),
        {
            "course": course(cast.alfa, "first-aid").pk,
            "completed_on": timezone.localdate().isoformat(),
            "people": [cast.jonas.pk],
        },
    )
    assert response.status_code == 200  # Jonas is not offered: the form refuses the choice
    assert not TrainingEvent.objects.exists()


def test_changing_a_courses_validity_moves_its_records_expiry(cast):
    w = world(cast)
    first_aid = course(cast.alfa, "first-aid")
    first_aid.validity_months = 12
    services.course_save(org=cast.alfa, course=first_aid, by=cast.jonas)
    record = Record.objects.get(pk=w["approved"].pk)
    assert record.valid_until == valid_until(record.completed_on, 12)


def test_matrix_downloads_carry_the_people_and_standings(cast):
    world(cast)
    client = client_for(cast.jonas)
    workbook = load_workbook(BytesIO(client.get(url("matrix_download", cast, "xlsx")).content))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Asmuo"
    names = [r[0] for r in rows[1:]]
    assert "Rasa Rasaitė" in names
    text = pdf_text(client.get(url("matrix_download", cast, "pdf")).content)
    assert "Kompetencijų matrica" in text and "Rasaitė" in text  # a narrow column may wrap the name


def test_matrix_makes_the_same_queries_for_ten_and_three_hundred_people(cast):
    world(cast)
    org = cast.alfa
    sync_starter(org)
    extra = 30 - Course.objects.for_org(org).count()
    Course.objects.bulk_create(
        Course(org=org, name_lt=f"Kursas {i}", validity_months=12, mandatory_all=True) for i in range(extra)
    )
    courses = list(Course.objects.for_org(org))
    assert len(courses) == 30
    client = client_for(cast.jonas)
    made = []
    today = timezone.localdate()

    def grow(n):
        users = User.objects.bulk_create(
            User(email=f"p{i}@alfa.test", full_name=f"Asmuo {i:03}") for i in range(len(made), n)
        )
        Membership.objects.bulk_create(Membership(org=org, user=u, role=Role.STAFF, unit=cast.alfa_unit) for u in users)
        Record.objects.bulk_create(
            Record(
                org=org,
                person=u,
                course=c,
                completed_on=today - timedelta(days=30 * (i % 14)),
                valid_until=valid_until(today - timedelta(days=30 * (i % 14)), c.validity_months),
                hours=2,
                status=RecordStatus.APPROVED,
            )
            for u in users
            for i, c in enumerate(courses)
            if i % 3
        )
        made.extend(users)

    def render():
        response = client.get(url("matrix", cast))
        assert response.status_code == 200

    small, large = assert_constant_queries(render, grow, small=10, large=300)
    print(f"matrix queries: {small} with 10 people, {large} with 300 people × 30 courses")


def test_a_unit_head_plans_the_units_year_and_sees_who_was_trained(cast):
    from competence.models import TrainingPlan

    world(cast)
    head = cast.users[Role.UNIT_HEAD]
    year = timezone.localdate().year
    data = {
        "unit": cast.alfa_unit.pk,
        "year": year,
        "budget": "1500",
        "note": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
        "items-0-course": course(cast.alfa, "first-aid").pk,
        "items-0-month": "4",
        "items-0-people": "6",
        "items-0-cost": "480",
    }
    response = client_for(head).post(url("plan_create", cast), data)
    assert response.status_code == 302, response.content.decode()
    plan = TrainingPlan.objects.get(org=cast.alfa)
    assert plan.items.get().people == 6
    assert ActivityEntry.objects.filter(org=cast.alfa, target_type__model="trainingplan").count() == 1
    page = client_for(head).get(url("plans", cast)).content.decode()
    assert "Pirmosios pagalbos mokymai" in page
    # Rasa (in the sub-unit) did first aid this year only if the world's record falls in it.
    trained = 1 if w_first_aid_this_year(cast) else 0
    assert f"<td>6</td><td>{trained}</td>" in page


def w_first_aid_this_year(cast):
    return world(cast)["approved"].completed_on.year == timezone.localdate().year


def test_a_unit_head_cannot_plan_for_the_whole_organisation(cast):
    world(cast)
    data = {
        "unit": "",
        "year": timezone.localdate().year,
        "budget": "10",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
    }
    response = client_for(cast.users[Role.UNIT_HEAD]).post(url("plan_create", cast), data)
    assert response.status_code == 200
    from competence.models import TrainingPlan

    assert not TrainingPlan.objects.exists()
