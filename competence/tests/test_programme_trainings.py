"""The programme trainings a provider's staff attended become their training records (competence/attendance.py,
services.programme_training_record)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competence import attendance, services
from competence.models import Course, Record, RecordStatus, TrainingEvent
from kokybe.test import assert_constant_queries, client_for, make_user, urls_for
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role
from programmes.models import EventAttendance, ProgrammeEvent

from .factories import course, programme_training, world

url = urls_for("competence")
pytestmark = pytest.mark.django_db


def _training(cast, event=None):
    event = event or programme_training(cast)
    row = attendance.attendances(cast.alfa).get(event=event)
    return attendance.trainings(cast.alfa, [row])[0]


def _results(training):
    return [
        (line.text, line.how, line.membership and line.membership.user.email, line.repeat) for line in training.lines
    ]


def test_lines_match_by_email_ignoring_case_and_by_the_one_member_of_that_name(cast):
    training = _training(cast)
    assert _results(training) == [
        ("ONA@Alfa.test", "email", "ona@alfa.test", False),
        ("jonas jonaitis", "name", "jonas@alfa.test", False),
        ("3.  Rasa   Rasaitė", "name", "rasa@alfa.test", False),
        ("jonas@alfa.test", "email", "jonas@alfa.test", True),
        ("nieko@kitur.lt", "unmatched", None, False),
        # Beta's director is no member of Alfa; the viewer keeps no trainings.
        ("Petras Petraitis", "unmatched", None, False),
        ("Vida Vidaitė", "unmatched", None, False),
    ]
    assert [m.user.email for m in training.people] == ["ona@alfa.test", "jonas@alfa.test", "rasa@alfa.test"]


def test_an_address_no_member_has_is_not_tried_as_a_name():
    directory = attendance.Directory([])
    assert directory.match("Ona Onaitė <ona@kitur.lt>") == ("unmatched", None, 0)


def test_two_members_of_one_name_leave_the_line_ambiguous_and_unrecorded(cast):
    event = programme_training(cast)
    for email in ("aiste1@alfa.test", "aiste2@alfa.test"):
        Membership.objects.create(org=cast.alfa, user=make_user(email, "Aistė Aistytė"), role=Role.STAFF)
    row = EventAttendance.objects.get(event=event, participation__org=cast.alfa)
    row.attendees += "\naistė  AISTYTĖ\naiste2@alfa.test"
    row.save()
    training = _training(cast)
    ambiguous, by_email = training.lines[-2:]
    assert (ambiguous.how, ambiguous.membership, ambiguous.namesakes) == ("ambiguous", None, 2)
    assert by_email.membership.user.email == "aiste2@alfa.test"  # the address tells them apart
    services.programme_training_record(
        org=cast.alfa, training=training, course=course(cast.alfa, "equass-coordinator"), by=cast.jonas
    )
    people = set(Record.objects.filter(event__programme_event=event).values_list("person__email", flat=True))
    assert people == {"ona@alfa.test", "jonas@alfa.test", "rasa@alfa.test", "aiste2@alfa.test"}


def test_the_page_shows_every_line_with_what_became_of_it(cast):
    programme_training(cast)
    page = client_for(cast.jonas).get(url("programme_trainings", cast)).content.decode()
    for line in ("ONA@Alfa.test", "jonas jonaitis", "nieko@kitur.lt", "Petras Petraitis", "Vida Vidaitė"):
        assert line in page
    assert page.count("Neįrašyta: nė vienas narys neatitinka") == 3
    assert "Atitinka pagal el. paštą" in page and "Atitinka pagal vardą" in page


def test_record_as_training_gives_each_matched_member_one_approved_record_once(cast):
    event = programme_training(cast)
    client = client_for(cast.jonas)
    data = {"course": course(cast.alfa, "equass-coordinator").pk, "new_course_name": ""}
    response = client.post(url("programme_training", cast, event.pk), data)
    assert response.status_code == 302
    made = TrainingEvent.objects.get(org=cast.alfa, programme_event=event)
    assert (made.held_on, made.hours, made.provider) == (date(2019, 2, 19), 16, "VšĮ Valakupių reabilitacijos centras")
    records = Record.objects.filter(event=made)
    assert sorted(r.person.email for r in records) == ["jonas@alfa.test", "ona@alfa.test", "rasa@alfa.test"]
    assert {(r.status, r.decided_by, r.hours, r.completed_on) for r in records} == {
        (RecordStatus.APPROVED, cast.jonas, 16, date(2019, 2, 19))
    }
    entries = ActivityEntry.objects.filter(org=cast.alfa, target_type__model="trainingevent")
    assert entries.count() == 1
    assert entries.get().changes["attendees"] == ["", "Jonas Jonaitis, Ona Onaitė, Rasa Rasaitė"]
    # Again: nothing new, nothing written, and the page says so.
    again = client.post(url("programme_training", cast, event.pk), data, follow=True)
    assert "Nėra ką naujo įrašyti" in again.content.decode()
    assert Record.objects.filter(event__programme_event=event).count() == 3
    assert TrainingEvent.objects.filter(programme_event=event).count() == 1
    assert entries.count() == 1


def test_people_matched_later_are_added_and_the_first_course_is_kept(cast):
    event = programme_training(cast)
    services.programme_training_record(
        org=cast.alfa, training=_training(cast), course=course(cast.alfa, "equass-coordinator"), by=cast.jonas
    )
    row = EventAttendance.objects.get(event=event, participation__org=cast.alfa)
    row.attendees += "\nugne@alfa.test"
    row.save()
    training = _training(cast)
    assert [m.user.email for m in training.to_record] == ["ugne@alfa.test"]
    made, records = services.programme_training_record(
        org=cast.alfa, training=training, course=course(cast.alfa, "first-aid"), by=cast.ona
    )
    assert [r.person.email for r in records] == ["ugne@alfa.test"]
    assert records[0].course == made.course == course(cast.alfa, "equass-coordinator")
    assert Record.objects.filter(event=made).count() == 4
    entry = ActivityEntry.objects.filter(org=cast.alfa, target_type__model="trainingevent").first()
    assert entry.verb == ActivityEntry.Verb.UPDATED and entry.changes["attendees"] == ["", "Ugnė Ugnytė"]


def test_a_training_entered_by_hand_for_that_course_and_day_is_not_counted_twice(cast):
    event = programme_training(cast)
    coordinator_course = course(cast.alfa, "equass-coordinator")
    services.record_add(
        org=cast.alfa, person=cast.rasa, course=coordinator_course, completed_on=event.on, hours=16, by=cast.jonas
    )
    _made, records = services.programme_training_record(
        org=cast.alfa, training=_training(cast), course=coordinator_course, by=cast.jonas
    )
    assert sorted(r.person.email for r in records) == ["jonas@alfa.test", "ona@alfa.test"]
    assert Record.objects.filter(person=cast.rasa, course=coordinator_course).count() == 1
    assert _training(cast).to_record == []  # Rasa's own record counts: the page offers nothing more


def test_a_new_course_is_made_from_the_event_and_a_taken_name_is_refused(cast):
    event = programme_training(cast)
    client = client_for(cast.ona)
    taken = client.post(
        url("programme_training", cast, event.pk), {"course": "", "new_course_name": "pirmosios pagalbos mokymai"}
    )
    assert taken.status_code == 200
    assert "Kataloge jau yra tokio pavadinimo mokymai" in taken.content.decode()
    assert not TrainingEvent.objects.filter(programme_event=event).exists()
    empty = client.post(url("programme_training", cast, event.pk), {"course": "", "new_course_name": " "})
    assert empty.status_code == 200 and not Record.objects.filter(event__programme_event=event).exists()
    response = client.post(url("programme_training", cast, event.pk), {"course": "", "new_course_name": event.title})
    assert response.status_code == 302
    made = Course.objects.get(org=cast.alfa, name_lt="EQUASS koordinatorių mokymai")
    assert (made.hours, made.provider, made.validity_months) == (16, "VšĮ Valakupių reabilitacijos centras", None)
    assert Record.objects.filter(course=made).count() == 3


def test_a_course_of_another_organisation_is_refused_and_nothing_is_written(cast):
    event = programme_training(cast)
    records = Record.objects.count()
    response = client_for(cast.jonas).post(
        url("programme_training", cast, event.pk), {"course": course(cast.beta, "equass-coordinator").pk}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["course"]
    assert Record.objects.count() == records and not TrainingEvent.objects.filter(programme_event=event).exists()
    with pytest.raises(ValidationError):
        services.programme_training_record(
            org=cast.alfa, training=_training(cast), course=course(cast.beta, "equass-coordinator"), by=cast.jonas
        )
    assert Record.objects.count() == records


def test_another_providers_attendance_never_shows_and_its_event_is_not_found(cast):
    event = programme_training(cast)
    beta_only = cast.extra["event"]
    client = client_for(cast.jonas)
    page = client.get(url("programme_trainings", cast)).content.decode()
    assert "EQUASS koordinatorių mokymai" in page
    assert "Slaptas Betos Dalyvis" not in page and "petras@beta.test" not in page
    assert "Vadovų mokymai" not in page  # only Beta attended it
    assert [t.event for t in attendance.trainings(cast.alfa)] == [event]
    detail = client.get(url("programme_training", cast, event.pk)).content.decode()
    assert "Slaptas Betos Dalyvis" not in detail
    assert client.get(url("programme_training", cast, beta_only.pk)).status_code == 404
    assert client.post(url("programme_training", cast, beta_only.pk), {"new_course_name": "X"}).status_code == 404
    assert not TrainingEvent.objects.exists()
    # Beta's own page shows its own list, matched against Beta's members only.
    beta_page = client_for(cast.petras).get(url("programme_trainings", cast.beta)).content.decode()
    assert "Slaptas Betos Dalyvis" in beta_page and "ONA@Alfa.test" not in beta_page


def test_the_service_refuses_another_providers_attendance_and_lower_roles(cast):
    event = programme_training(cast)
    beta_row = EventAttendance.objects.get(event=event, participation__org=cast.beta)
    beta_training = attendance.trainings(cast.alfa, [beta_row])[0]
    with pytest.raises(PermissionDenied):
        services.programme_training_record(
            org=cast.alfa, training=beta_training, course=course(cast.alfa, "first-aid"), by=cast.jonas
        )
    with pytest.raises(PermissionDenied):
        services.programme_training_record(
            org=cast.alfa,
            training=_training(cast),
            course=course(cast.alfa, "first-aid"),
            by=cast.users[Role.UNIT_HEAD],
        )
    assert not Record.objects.filter(event__programme_event=event).exists()


def test_a_training_yet_to_come_is_not_recorded(cast):
    event = programme_training(cast)
    event.on = timezone.localdate() + timedelta(days=3)
    event.save()
    page = client_for(cast.jonas).get(url("programme_training", cast, event.pk)).content.decode()
    assert "Mokymai dar nevyko." in page
    with pytest.raises(ValidationError):
        services.programme_training_record(
            org=cast.alfa, training=_training(cast), course=course(cast.alfa, "first-aid"), by=cast.jonas
        )


def test_the_list_makes_the_same_queries_for_10_and_500_trainings(cast):
    event = programme_training(cast)
    programme, alfa = event.programme, event.programme.participations.get(org=cast.alfa)
    client = client_for(cast.jonas)
    made = []

    def grow(n):
        events = ProgrammeEvent.objects.bulk_create(
            ProgrammeEvent(programme=programme, kind="training", title=f"Mokymai {i}", on=date(2020, 1, 1), hours=4)
            for i in range(len(made), n)
        )
        EventAttendance.objects.bulk_create(
            EventAttendance(event=e, participation=alfa, attendees="ona@alfa.test\nRasa Rasaitė\nnieko", count=3)
            for e in events
        )
        made.extend(events)
        # Half recorded, so both the recorded and the waiting branches are drawn.
        first_aid = course(cast.alfa, "first-aid")
        done = TrainingEvent.objects.bulk_create(
            TrainingEvent(org=cast.alfa, course=first_aid, held_on=e.on, hours=4, programme_event=e)
            for e in events[::2]
        )
        Record.objects.bulk_create(
            Record(org=cast.alfa, person=cast.ona, course=first_aid, event=t, completed_on=t.held_on, hours=4)
            for t in done
        )

    def render():
        response = client.get(url("programme_trainings", cast))
        assert response.status_code == 200

    small, large = assert_constant_queries(render, grow, small=10, large=500)
    print(f"programme trainings queries: {small} with 10 trainings, {large} with 500")


def test_staff_do_not_see_the_programme_trainings(cast):
    world(cast)
    programme_training(cast)
    assert client_for(cast.rasa).get(url("programme_trainings", cast)).status_code == 403
    catalogue = client_for(cast.jonas).get(url("catalogue", cast)).content.decode()
    assert url("programme_trainings", cast) in catalogue
    assert url("programme_trainings", cast) not in client_for(cast.rasa).get(url("catalogue", cast)).content.decode()
