from io import StringIO

import pytest
from django.core.management import call_command

from competence import matrix
from competence.models import Course, Record, RecordStatus, TrainingEvent, starter_data
from kokybe.lib.demo import DemoContext
from orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_starter_catalogue_is_added_once_and_edits_survive(cast):
    out = StringIO()
    call_command("competence_catalogue", org="alfa", stdout=out)
    assert f"alfa: {len(starter_data())}" in out.getvalue()
    first_aid = Course.objects.get(org=cast.alfa, key="first-aid")
    assert first_aid.validity_months == 36 and first_aid.mandatory_all
    first_aid.hours = 12
    first_aid.save()
    call_command("competence_catalogue", stdout=StringIO())
    assert Course.objects.filter(org=cast.alfa).count() == len(starter_data())
    assert Course.objects.get(pk=first_aid.pk).hours == 12


def test_demo_gives_the_klaipeda_staff_three_years_with_some_lapsed(db):
    from competence import demo as competence_demo
    from orgs import demo as orgs_demo

    ctx = DemoContext()
    orgs_demo.load(ctx)
    competence_demo.load(ctx)
    org = Organisation.objects.get(slug="klaipeda")
    first = Record.objects.filter(org=org).order_by("completed_on").first().completed_on
    assert first.year == 2019  # the EQUASS trainings of seed 000
    assert TrainingEvent.objects.filter(org=org, held_on__year=2019).count() == 4
    rows = matrix.build(list(matrix.working_memberships([org.pk])), ctx.today)
    totals = matrix.totals(rows)
    assert len(rows) >= 20
    assert totals["expired"] > 0 and totals["expiring"] > 0 and totals["missing"] > 0
    assert totals["current"] > totals["expired"] + totals["missing"]
    assert Record.objects.filter(org=org, status=RecordStatus.PENDING).count() == 2
    before = Record.objects.count()
    competence_demo.load(ctx)
    assert Record.objects.count() == before  # a second run adds nothing


def test_the_demo_programme_trainings_match_the_centres_staff(db):
    from competence import attendance
    from competence import demo as competence_demo
    from orgs import demo as orgs_demo
    from programmes import demo as programmes_demo

    ctx = DemoContext()
    orgs_demo.load(ctx)
    programmes_demo.load(ctx)
    competence_demo.load(ctx)
    klaipeda, visaginas = (Organisation.objects.get(slug=slug) for slug in ("klaipeda", "visaginas"))
    seen = {t.event.on.isoformat(): t for t in attendance.trainings(klaipeda)}
    assert sorted(seen) == ["2019-02-07", "2019-02-19"]
    managers, coordinators = seen["2019-02-07"], seen["2019-02-19"]
    assert [(line.how, line.recorded) for line in managers.lines] == [
        ("email", True),
        ("name", True),
        ("unmatched", False),  # Jūratė Stonkienė is no member
    ]
    assert [m.user.email for m in coordinators.people] == ["koordinatorius@klaipeda.demo"]
    assert managers.recorded_as.course.key == "equass-managers" and not managers.to_record
    assert coordinators.recorded_as.course.key == "equass-coordinator" and not coordinators.to_record
    # The Visaginas centre's wait to be recorded: its director by address in other case, its coordinator by name.
    waiting = {t.event.on.isoformat(): t for t in attendance.trainings(visaginas)}
    assert [m.user.email for m in waiting["2019-02-07"].to_record] == ["direktorius@visaginas.demo"]
    assert [m.user.email for m in waiting["2019-02-19"].to_record] == ["koordinatorius@visaginas.demo"]
    assert all(t.recorded_as is None for t in waiting.values())
