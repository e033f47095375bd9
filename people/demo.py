"""Demo service users for the Klaipėda centre (loaded by `manage.py load_demo`, see kokybe/lib/demo.py).

Sixty pseudonymous people across its six services, each with three plan versions over two years (three goals,
GAS reviews) and two or three measurements with our eight-domain questionnaire showing a plausible, uneven
improvement. Their identities are made-up placeholders ("Pavyzdinis asmuo 01"), never real names, so the
pseudonymity test can check that no other table ever holds them. Written with bulk_create, reproducibly
(random.Random), once: skipped when the centre has service users already.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from orgs.models import Service

from . import instruments, scoring
from .models import REFERENCE_ALPHABET, Goal, GoalLevel, Identity, Measurement, Plan, Review, ServiceUser

PEOPLE = 60
SEED = 19
DEMO_NAME = "Pavyzdinis asmuo %02d"
DEMO_CODE = "DEMO-%04d"
DEMO_CONTACTS = "pavyzdys%02d@asmuo.demo"

# Goals by domain (LT): title and the five GAS levels, −2 … +2.
GOALS = {
    "social_inclusion": (
        "Savarankiškai apsipirkti parduotuvėje",
        ["Neina į parduotuvę", "Eina tik su darbuotoju", "Kartą per savaitę eina pats", "Du kartus per savaitę", "Apsiperka pats, kai reikia"],
    ),
    "interpersonal_relations": (
        "Palaikyti ryšį su šeima",
        ["Ryšio nėra", "Kartą per mėnesį skambina", "Kas savaitę susitinka ar skambina", "Kelis kartus per savaitę", "Reguliariai susitinka su šeima"],
    ),
    "personal_development": (
        "Išmokti tvarkyti savo dienotvarkę",
        ["Dienotvarke nesinaudoja", "Naudojasi tik primenant", "Laikosi dienotvarkės darbo dienomis", "Laikosi visą savaitę", "Pats ją susidaro"],
    ),
    "self_determination": (
        "Pačiam spręsti dėl laisvalaikio",
        ["Sprendžia kiti", "Renkasi iš dviejų pasiūlymų", "Pats pasirenka kartą per savaitę", "Pats pasirenka dažniau", "Pats planuoja savo laisvalaikį"],
    ),
    "emotional_wellbeing": (
        "Susitvarkyti su nerimu",
        ["Nerimo priepuoliai kasdien", "Kelis kartus per savaitę", "Kartą per savaitę ar rečiau", "Retai, pats nurimsta", "Nerimas netrukdo kasdienybei"],
    ),
    "physical_wellbeing": (
        "Daugiau judėti",
        ["Nejuda", "Pasivaikšto kartą per savaitę", "Pasivaikšto tris kartus per savaitę", "Kasdien", "Kasdien ir lanko būrelį"],
    ),
    "material_wellbeing": (
        "Planuoti savo pinigus",
        ["Pinigų pritrūksta pirmą savaitę", "Pritrūksta mėnesio viduryje", "Užtenka visam mėnesiui", "Šiek tiek sutaupo", "Taupo tikslui"],
    ),
    "rights": (
        "Žinoti, kur kreiptis dėl savo teisių",
        ["Nežino", "Žino tik su pagalba", "Pats žino, kam pasakyti", "Yra kreipęsis pats", "Padeda ir kitiems"],
    ),
}  # fmt: skip

# Services for children (the rest are for adults: families, carers, women).
CHILD_SERVICES = ("Intensyvios krizių įveikimo pagalbos paslauga", "Trumpalaikės socialinės globos paslauga")


def _reference(rng, taken):
    while True:
        reference = "P-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))
        if reference not in taken:
            taken.add(reference)
            return reference


def _level(rng, progress):
    """A GAS level, better on average as `progress` (0…1) grows."""
    weights = [0.10 - 0.06 * progress, 0.28 - 0.12 * progress, 0.40, 0.16 + 0.12 * progress, 0.06 + 0.06 * progress]
    return rng.choices([-2, -1, 0, 1, 2], weights=weights)[0]


def load(ctx):
    org = ctx.orgs["klaipeda"]
    if ServiceUser.objects.filter(org=org).exists():
        return
    rng = random.Random(SEED)
    today = ctx.today
    services = list(Service.objects.filter(org=org).select_related("unit").order_by("pk"))
    if not services:
        return
    users = get_user_model().objects.filter(
        email__in=["darbuotojas@klaipeda.demo", "padalinio.vadovas@klaipeda.demo", "direktorius@klaipeda.demo"]
    )
    workers = {u.email: u for u in users}
    key_workers = [workers.get("darbuotojas@klaipeda.demo")] * 3 + [workers.get("padalinio.vadovas@klaipeda.demo")]
    by = workers.get("direktorius@klaipeda.demo")
    definition = instruments.shipped()[instruments.OURS]

    taken = set()
    people = []
    for i in range(PEOPLE):
        service = services[i % len(services)]
        started = today - timedelta(days=rng.randint(760, 1100))
        child = service.name in CHILD_SERVICES
        people.append(
            ServiceUser(
                org=org,
                reference=_reference(rng, taken),
                unit=service.unit,
                started=started,
                age_group="child" if child else rng.choice(["adult", "adult", "adult", "older"]),
                sex=rng.choice(["female", "male", "female", ""]),
                key_worker=rng.choice(key_workers),
                consent_on=started + timedelta(days=7),
                consent_form="guardian" if child else "self",
            )
        )
    ServiceUser.objects.bulk_create(people)
    people = list(ServiceUser.objects.filter(org=org).order_by("pk"))
    through = ServiceUser.services.through
    through.objects.bulk_create(
        through(serviceuser=p, service=services[i % len(services)]) for i, p in enumerate(people)
    )
    Identity.objects.bulk_create(
        Identity(
            service_user=p,
            full_name=DEMO_NAME % (i + 1),
            personal_code=DEMO_CODE % (i + 1),
            contacts=DEMO_CONTACTS % (i + 1),
        )
        for i, p in enumerate(people)
    )

    # Three plan versions a person: about two years ago, one year ago, and the current one (its review ahead, or
    # just overdue for some, so My work has something to show).
    plans = []
    for p in people:
        for version, age in ((1, 720), (2, 360), (3, 0)):
            starts_on = today - timedelta(days=age + rng.randint(0, 20))
            review_on = starts_on + timedelta(days=180 if version < 3 else rng.choice([20, 60, 120, 170, 185, 190]))
            plans.append(
                Plan(
                    org=org,
                    service_user=p,
                    version=version,
                    starts_on=starts_on,
                    review_on=review_on,
                    with_person=rng.random() < 0.9,
                    with_family=p.is_child or rng.random() < 0.3,
                    created_by=p.key_worker,
                )
            )
    Plan.objects.bulk_create(plans)
    plans = list(Plan.objects.filter(org=org).order_by("service_user_id", "version"))

    goals = []
    for plan in plans:
        for order, domain in enumerate(rng.sample(sorted(GOALS), 3)):
            title, levels = GOALS[domain]
            goals.append(
                Goal(
                    org=org,
                    plan=plan,
                    order=order,
                    title=title,
                    domain=domain,
                    weight=rng.choice([1, 1, 2, 3]),
                    baseline=-1,
                    level_minus2=levels[0],
                    level_minus1=levels[1],
                    level_0=levels[2],
                    level_plus1=levels[3],
                    level_plus2=levels[4],
                    review_on=plan.review_on,
                )
            )
    Goal.objects.bulk_create(goals)
    goals_of = {}
    for goal in Goal.objects.filter(org=org).order_by("plan_id", "order"):
        goals_of.setdefault(goal.plan_id, []).append(goal)

    # Reviews of the earlier versions (most on time), and of the current one when its date has passed for some.
    reviews, review_levels = [], []
    for plan in plans:
        if plan.review_on > today or (plan.version == 3 and rng.random() < 0.5):
            continue
        late = rng.random() < 0.15
        reviewed_on = min(today, plan.review_on + timedelta(days=rng.randint(5, 30) if late else -rng.randint(0, 10)))
        progress = plan.version / 3
        levels = [(goal, _level(rng, progress)) for goal in goals_of[plan.pk]]
        t_score = scoring.gas_t_score([(level, goal.weight) for goal, level in levels])
        reviews.append(Review(org=org, plan=plan, reviewed_on=reviewed_on, t_score=t_score, created_by=by))
        review_levels.append(levels)
    Review.objects.bulk_create(reviews)
    saved = {r.plan_id: r for r in Review.objects.filter(org=org)}
    GoalLevel.objects.bulk_create(
        GoalLevel(org=org, review=saved[review.plan_id], goal=goal, level=level)
        for review, levels in zip(reviews, review_levels, strict=True)
        for goal, level in levels
    )

    # Two or three measurements a person over two years: a latent level per domain that tends to rise.
    measurements = []
    for p in people:
        latent = {d["code"]: rng.uniform(1.3, 2.4) for d in definition["domains"]}
        count = rng.choice([2, 3, 3])
        for n, age in enumerate((700, 340, 15)[:count]):
            answers = {}
            for domain in definition["domains"]:
                level = latent[domain["code"]] + n * rng.uniform(-0.05, 0.3)
                for item in domain["items"]:
                    answers[item] = max(1, min(3, round(level + rng.uniform(-0.5, 0.5))))
            result = scoring.score(definition, answers)
            measurements.append(
                Measurement(
                    org=org,
                    service_user=p,
                    instrument=instruments.OURS,
                    taken_on=today - timedelta(days=age + rng.randint(0, 10)),
                    respondent="family" if p.is_child and rng.random() < 0.5 else "self",
                    version="easy" if rng.random() < 0.4 else "standard",
                    answers=answers,
                    scores={k: round(v, 2) for k, v in result.transformed.items()},
                    entered_by=p.key_worker,
                )
            )
    Measurement.objects.bulk_create(measurements)
    ctx.created["people.ServiceUser"] += len(people)
    ctx.created["people.Plan"] += len(plans)
    ctx.created["people.Measurement"] += len(measurements)
