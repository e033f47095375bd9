"""Competence for tests: `world(cast)` puts unit head Ugnė over Alfa's unit and staff member Rasa in its sub-unit,
gives Alfa the starter catalogue, an approved first-aid record and a waiting violence-prevention record of Rasa's,
and Beta one record (cached on the cast)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competence import services
from competence.models import Course, sync_starter
from orgs.roles import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="pazymejimas.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def course(org, key):
    return Course.objects.for_org(org).get(key=key)


def world(cast):
    if "competence" not in cast.extra:
        today = timezone.localdate()
        head = cast.memberships[Role.UNIT_HEAD]
        head.unit = cast.alfa_unit
        head.save(update_fields=["unit"])
        staff = cast.memberships[Role.STAFF]
        staff.unit = cast.alfa_subunit
        staff.save(update_fields=["unit"])
        sync_starter(cast.alfa)
        sync_starter(cast.beta)
        approved = services.record_add(
            org=cast.alfa,
            person=cast.rasa,
            course=course(cast.alfa, "first-aid"),
            completed_on=today - timedelta(days=100),
            hours=8,
            upload=pdf_upload(),
            by=cast.jonas,
        )
        waiting = services.record_add(
            org=cast.alfa,
            person=cast.rasa,
            course=course(cast.alfa, "violence-prevention"),
            completed_on=today - timedelta(days=3),
            hours=2,
            by=cast.rasa,
        )
        beta = services.record_add(
            org=cast.beta,
            person=cast.petras,
            course=course(cast.beta, "first-aid"),
            completed_on=today - timedelta(days=10),
            hours=8,
            upload=pdf_upload(),
            by=cast.petras,
        )
        cast.extra["competence"] = {"approved": approved, "waiting": waiting, "beta": beta}
    return cast.extra["competence"]


def plan(cast, org, unit):
    """A yearly training plan of `unit` with one planned course (cached on the cast)."""
    from competence.models import PlannedCourse, TrainingPlan

    world(cast)
    key = f"competence.plan:{org.pk}"
    if key not in cast.extra:
        made = TrainingPlan.objects.create(org=org, unit=unit, year=timezone.localdate().year, budget=1200)
        PlannedCourse.objects.create(plan=made, course=course(org, "first-aid"), month=3, people=5, cost=400)
        cast.extra[key] = made
    return cast.extra[key]


# Alfa's attendance at the programme training of `programme_training(cast)`, as the programme wrote it: Ona by her
# address in capitals, Jonas by name in lower case, Rasa numbered with extra spaces, Jonas again by address, an
# address and a name of no member (Petras is Beta's director), and the viewer, who has no trainings to keep.
ALFA_LINES = [
    "ONA@Alfa.test",
    "jonas jonaitis",
    "3.  Rasa   Rasaitė",
    "jonas@alfa.test",
    "nieko@kitur.lt",
    "Petras Petraitis",
    "Vida Vidaitė",
]
BETA_LINES = ["petras@beta.test", "Slaptas Betos Dalyvis"]


def programme_training(cast):
    """A training of the cast's programme (Alfa and Beta take part) that both attended, each with its own list; and
    the cast's programmes event that only Beta attended (`cast.extra["event"]`). Cached on the cast."""
    from programmes.models import EventAttendance, ProgrammeEvent
    from programmes.tests.factories import cast_event, cast_programme

    world(cast)
    if "competence.programme_training" not in cast.extra:
        programme = cast_programme(cast)
        cast_event(cast)
        event = ProgrammeEvent.objects.create(
            programme=programme,
            kind=ProgrammeEvent.Kind.TRAINING,
            title="EQUASS koordinatorių mokymai",
            on=date(2019, 2, 19),
            hours=16,
            led_by="VšĮ Valakupių reabilitacijos centras",
        )
        for org, lines in ((cast.alfa, ALFA_LINES), (cast.beta, BETA_LINES)):
            EventAttendance.objects.create(
                event=event,
                participation=programme.participations.get(org=org),
                attendees="\n".join(lines),
                count=len(lines),
            )
        cast.extra["competence.programme_training"] = event
    return cast.extra["competence.programme_training"]
