"""Competence for tests: `world(cast)` puts unit head Ugnė over Alfa's unit and staff member Rasa in its sub-unit,
gives Alfa the starter catalogue, an approved first-aid record and a waiting violence-prevention record of Rasa's,
and Beta one record (cached on the cast)."""

from datetime import timedelta

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
