"""Demo competence for the Klaipėda centre (loaded by `manage.py load_demo`, see kokybe/lib/demo.py).

The centre's staff — the demo accounts plus eighteen made-up colleagues in its three units — with three years of
trainings: the periodic ones renewed about when they lapse, with a few left to lapse (expired) and a few lapsing
soon; professional courses for the hours; two newcomers who have not done everything yet; two records waiting for
approval. The 2019 EQUASS trainings are those of seed 000: the managers' training on 7 and 28 February, the
coordinators' on 19–20 February and the consultant's introductory training at the centre on 12 March 2019.
Written with bulk_create, reproducibly (random.Random), once: skipped when the centre has training records already.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from orgs.models import Membership, Unit
from orgs.roles import CONTRIBUTORS, Role

from .attendance import attendances
from .models import (
    Course,
    PlannedCourse,
    Record,
    RecordStatus,
    TrainingEvent,
    TrainingPlan,
    add_months,
    sync_starter,
    valid_until,
)

SEED = 22
FAMILIES = "Pagalbos šeimoms padalinys"
CHILDREN = "Socialinės priežiūros ir globos skyrius"
FOSTER = "Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius"
WOMEN = "Pagalbos moterims padalinys"

# Made-up colleagues: (name, e-mail, unit, position, newcomer). They have no password: they are not demo logins.
STAFF = [
    ("Rima Kairytė", "rima.kairyte@klaipeda.demo", FAMILIES, "Socialinė darbuotoja", False),
    ("Darius Mockus", "darius.mockus@klaipeda.demo", FAMILIES, "Socialinis darbuotojas", False),
    ("Eglė Vaitkienė", "egle.vaitkiene@klaipeda.demo", FAMILIES, "Atvejo vadybininkė", False),
    ("Monika Grigaitė", "monika.grigaite@klaipeda.demo", FAMILIES, "Socialinio darbuotojo padėjėja", False),
    ("Justina Rimkutė", "justina.rimkute@klaipeda.demo", FAMILIES, "Socialinė darbuotoja", True),
    ("Vaida Šimkienė", "vaida.simkiene@klaipeda.demo", CHILDREN, "Socialinė darbuotoja", False),
    ("Gintarė Lukšienė", "gintare.luksiene@klaipeda.demo", CHILDREN, "Socialinio darbuotojo padėjėja", False),
    ("Paulius Adomaitis", "paulius.adomaitis@klaipeda.demo", CHILDREN, "Socialinis darbuotojas", False),
    ("Asta Jonaitienė", "asta.jonaitiene@klaipeda.demo", CHILDREN, "Psichologė", False),
    ("Lina Sabaliauskienė", "lina.sabaliauskiene@klaipeda.demo", FOSTER, "Socialinė darbuotoja", False),
    ("Rasa Urbonienė", "rasa.urboniene@klaipeda.demo", FOSTER, "Atvejo vadybininkė", False),
    ("Karolis Žemaitis", "karolis.zemaitis@klaipeda.demo", FOSTER, "Socialinis darbuotojas", True),
    ("Indrė Bružienė", "indre.bruziene@klaipeda.demo", WOMEN, "Psichologė", False),
    ("Daiva Norkienė", "daiva.norkiene@klaipeda.demo", WOMEN, "Socialinė darbuotoja", False),
    ("Simona Tamošiūnė", "simona.tamosiune@klaipeda.demo", WOMEN, "Socialinio darbuotojo padėjėja", False),
    ("Neringa Bagdonienė", "neringa.bagdoniene@klaipeda.demo", WOMEN, "Socialinė darbuotoja", False),
    ("Aurelija Kavaliauskienė", "aurelija.kavaliauskiene@klaipeda.demo", CHILDREN, "Socialinė darbuotoja", False),
    ("Mantas Jurgaitis", "mantas.jurgaitis@klaipeda.demo", WOMEN, "Socialinis darbuotojas", False),
]
COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
# Seed 000: the 2019 EQUASS trainings (course key, day, hours, provider, who attended).
PROVIDER_2019 = "VšĮ Valakupių reabilitacijos centras"
EQUASS_2019 = [
    ("equass-managers", date(2019, 2, 7), 8, PROVIDER_2019, "managers"),
    ("equass-coordinator", date(2019, 2, 20), 16, PROVIDER_2019, "coordinator"),
    ("equass-managers", date(2019, 2, 28), 8, PROVIDER_2019, "managers"),
    ("equass-introduction", date(2019, 3, 12), 4, "EQUASS konsultantė", "everyone"),
]
# The programme console's own events for two of them (programmes/demo.py, by the day each began): the centre recorded
# them from the programme's attendance (competence/attendance.py), so they remember the programme's event. The
# Visaginas centre's attendance at the same trainings is left for its director or coordinator to record.
FROM_PROGRAMME = {date(2019, 2, 7): date(2019, 2, 7), date(2019, 2, 20): date(2019, 2, 19)}
PROFESSIONAL = ["social-work-competence", "case-management", "positive-parenting", "integrated-help"]
EXPIRED_SHARE = 0.07  # of the periodic trainings, those left to lapse
NEVER_SHARE = 0.03  # and those never done


def _people(ctx, org):
    """The centre's working memberships, the made-up colleagues created first (without a usable password)."""
    users = get_user_model()
    have = set(users.objects.filter(email__in=[p[1] for p in STAFF]).values_list("email", flat=True))
    created = users.objects.bulk_create(
        users(email=email, full_name=name, password=make_password(None))
        for name, email, *_ in STAFF
        if email not in have
    )
    ctx.created["accounts.User"] += len(created)
    units = {u.name: u for u in Unit.objects.for_org(org)}
    by_email = {u.email: u for u in users.objects.filter(email__in=[p[1] for p in STAFF])}
    members = set(Membership.objects.for_org(org).values_list("user__email", flat=True))
    new = [
        Membership(org=org, user=by_email[email], role=Role.STAFF, unit=units.get(unit), position=position)
        for _name, email, unit, position, _newcomer in STAFF
        if email not in members
    ]
    Membership.objects.bulk_create(new)
    ctx.created["orgs.Membership"] += len(new)
    return list(
        Membership.objects.for_org(org).filter(role__in=CONTRIBUTORS).select_related("user").order_by("user__email")
    )


def _record(org, person, course, day, by, *, hours=None, provider=None, event=None, status=RecordStatus.APPROVED):
    return Record(
        org=org,
        person=person,
        course=course,
        event=event,
        completed_on=day,
        hours=course.hours if hours is None else hours,
        provider=course.provider if provider is None else provider,
        valid_until=valid_until(day, course.validity_months),
        status=status,
        submitted_by=by,
        decided_by=by if status == RecordStatus.APPROVED else None,
        decided_at=timezone.now() if status == RecordStatus.APPROVED else None,
    )


def load(ctx):
    org = ctx.orgs["klaipeda"]
    sync_starter(org)
    if Record.objects.filter(org=org).exists():
        return
    rng = random.Random(SEED)
    today = ctx.today
    coordinator = ctx.users[COORDINATOR]
    people = _people(ctx, org)
    courses = {c.key: c for c in Course.objects.for_org(org).exclude(key="")}
    newcomers = {p[1] for p in STAFF if p[4]}
    records = []

    events = []
    from_programme = {a.event.on: a.event for a in attendances(org)}
    for key, day, hours, provider, _who in EQUASS_2019:
        event = TrainingEvent(
            org=org,
            course=courses[key],
            held_on=day,
            hours=hours,
            provider=provider,
            created_by=coordinator,
            programme_event=from_programme.get(FROM_PROGRAMME.get(day)),
        )
        events.append(event)
    TrainingEvent.objects.bulk_create(events)
    for event, (*_given, who) in zip(events, EQUASS_2019, strict=True):
        if who == "managers":
            attendees = [m for m in people if m.role in (Role.DIRECTOR, Role.UNIT_HEAD)]
        elif who == "coordinator":
            attendees = [m for m in people if m.role == Role.COORDINATOR]
        else:
            attendees = [m for m in people if m.user.email not in newcomers]
        records += [
            _record(org, m.user, event.course, event.held_on, coordinator, hours=event.hours, event=event)
            for m in attendees
        ]

    periodic = [c for c in courses.values() if c.validity_months and (c.mandatory_all or c.mandatory_roles)]
    start = today - timedelta(days=3 * 365)
    for m in people:
        newcomer = m.user.email in newcomers
        joined = today - timedelta(days=rng.randint(40, 150)) if newcomer else start
        for course in periodic:
            if course.mandatory_roles and m.role not in course.mandatory_roles and not course.mandatory_all:
                continue
            if rng.random() < NEVER_SHARE or (newcomer and rng.random() < 0.5):
                continue  # never done: missing
            day = joined + timedelta(days=rng.randint(0, 30 * course.validity_months))
            day = min(day, today - timedelta(days=rng.randint(1, 30)))
            # Back to the first completion inside the three years, then forward, renewed a little before it lapses.
            while add_months(day, -course.validity_months) >= joined:
                day = add_months(day, -course.validity_months) + timedelta(days=rng.randint(0, 10))
            lapse = rng.random() < EXPIRED_SHARE
            while day <= today:
                records.append(_record(org, m.user, course, day, coordinator))
                following = add_months(day, course.validity_months) - timedelta(days=rng.randint(0, 25))
                if lapse and following > today - timedelta(days=200):
                    break  # the last renewal was missed: expired
                day = following
        if m.role == Role.INTERNAL_AUDITOR:
            records.append(_record(org, m.user, courses["internal-auditor"], date(2020, 10, 14), coordinator))
        for year in (today.year - 2, today.year - 1, today.year):
            for _n in range(rng.choice([0, 1, 1, 2])):
                course = courses[rng.choice(PROFESSIONAL)]
                day = date(year, rng.randint(1, 12), rng.randint(1, 28))
                if joined <= day <= today:
                    hours = rng.choice([8, 16, 24, 40])
                    records.append(_record(org, m.user, course, day, coordinator, hours=hours, provider=_provider(rng)))

    # Two own records waiting for approval: one for the unit head, one for the coordinator.
    waiting = {"rima.kairyte@klaipeda.demo": "case-management", "indre.bruziene@klaipeda.demo": "supervision"}
    for m in people:
        if m.user.email in waiting:
            course = courses[waiting[m.user.email]]
            records.append(_record(org, m.user, course, today - timedelta(days=6), m.user, status=RecordStatus.PENDING))
    Record.objects.bulk_create(records)
    _plan(org, today.year, courses)
    ctx.created["competence.TrainingEvent"] += len(events)
    ctx.created["competence.Record"] += len(records)


def _plan(org, year, courses):
    """The families unit's plan for the year: the renewals due and one professional course."""
    unit = Unit.objects.filter(org=org, name=FAMILIES).first()
    plan = TrainingPlan.objects.create(
        org=org, unit=unit, year=year, budget=2400, note="Pagal metinį poreikių vertinimą."
    )
    PlannedCourse.objects.bulk_create(
        [
            PlannedCourse(plan=plan, course=courses["first-aid"], month=3, people=3, cost=270),
            PlannedCourse(plan=plan, course=courses["violence-prevention"], month=2, people=6, cost=0),
            PlannedCourse(plan=plan, course=courses["case-management"], month=10, people=2, cost=640),
            PlannedCourse(plan=plan, course=courses["supervision"], month=None, people=6, cost=900),
        ]
    )


def _provider(rng):
    return rng.choice(
        [
            "Lietuvos socialinių darbuotojų asociacija",
            "Socialinių paslaugų priežiūros departamentas",
            "Klaipėdos universitetas",
            "VšĮ „Paramos vaikams centras“",
        ]
    )
