"""Demo programmes (loaded by `manage.py load_demo` after orgs.demo; see kokybe/lib/demo.py).

Facts from the seed pages: codes, titles, periods, the 07-003 funding and implementer, the Klaipėda and Visaginas
dates, 119 providers certified in the EQUASS project (20 pilot + ~100), 303 organisations in its ESF+ successor
07-008-P-0001 (2023-08-18 – 2029-01-31), the target of 4,018 persons helped by 2026-12-31 in 07-003-P-0001.

Everything else is synthetic and says so: the other providers are made-up "<municipality> <kind>" organisations
whose description reads "Demonstraciniai duomenys", with slugs beginning `demo-`; their milestone dates, the
partners' monthly reports and the persons' personal codes (valid checksums, random digits, hashed at once like an
upload, never stored) are generated with a fixed seed. Bulk rows are made with bulk_create and skipped when the
programme already has its waves, so a second run changes nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from kokybe.lib.lithuanian import dative, genitive
from orgs.models import Organisation

from . import persons
from .chain import EQUASS_STEPS, ensure_equass_template
from .models import (
    AgeGroup,
    Application,
    Contribution,
    EventAttendance,
    HelpType,
    Milestone,
    MilestoneStep,
    MilestoneTemplate,
    PersonReport,
    Programme,
    ProgrammeEvent,
    ProgrammeIndicator,
    ProgrammeParticipation,
    Wave,
)

EQUASS = "08.4.1-ESFA-V-421-01-0001"
SUCCESSOR = "07-008-P-0001"
INTEGRATED_HELP = "07-003-P-0001"
SYNTHETIC = "Demonstraciniai duomenys: išgalvota organizacija."

PROGRAMMES = [
    {
        "code": EQUASS,
        "coordinating_org": "valakupiai",
        "coordinators": ["programa@valakupiai.demo"],
        "title": "Socialinių paslaugų kokybės gerinimas, taikant EQUASS kokybės sistemą",
        "title_en": "Improving the quality of social services by applying the EQUASS quality system",
        "start": date(2017, 1, 1),
        "end": date(2022, 12, 31),
        "status": Programme.Status.COMPLETED,
        "funder": "Europos socialinio fondo agentūra",
        "funding_source": "Europos Sąjungos struktūrinių fondų lėšos",
        "description": (
            "Projekto tikslas – didinti Lietuvos socialinių paslaugų kokybę, taikant Savanoriškos Europos socialinių "
            "paslaugų kokybės sistemos reikalavimus.\n\n"
            "Dalyvavimo sutarties objektas – Europos socialinių paslaugų kokybės sistemos (EQUASS) diegimas įstaigoje, "
            "siekiant įgyti EQUASS Assurance sertifikatą."
        ),
        "participants": [
            {
                "org": "klaipeda",
                "applied_on": date(2018, 11, 12),
                "contract_date": date(2019, 1, 11),
                "joined_on": date(2019, 1, 11),
                "status": ProgrammeParticipation.Status.CERTIFIED,
                "notes": "Paraiška šešioms paslaugoms; EQUASS Assurance sertifikatas gautas 2021-05-14.",
            },
            {
                "org": "visaginas",
                "contract_date": date(2019, 11, 29),
                "joined_on": date(2019, 11, 29),
                "status": ProgrammeParticipation.Status.CERTIFIED,
                "notes": (
                    "Gerinama Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyriuje "
                    "teikiamų ilgalaikės (trumpalaikės) socialinės globos paslaugų kokybė."
                ),
            },
        ],
    },
    {
        "code": SUCCESSOR,
        "coordinating_org": "valakupiai",
        "coordinators": ["programa@valakupiai.demo"],
        # The title is not in our sources: a working title, marked as such.
        "title": "Socialinių paslaugų kokybės gerinimas (ESF+ tęstinis projektas; darbinis pavadinimas)",
        "title_en": "Improving the quality of social services (ESF+ follow-up; working title)",
        "start": date(2023, 8, 18),
        "end": date(2029, 1, 31),
        "status": Programme.Status.ACTIVE,
        # Still taking providers: its public application page is /programmes/apply/esf-equass/.
        "accepts_applications": True,
        "application_slug": "esf-equass",
        "funder": "Europos socialinio fondo agentūra",
        "funding_source": "2021–2027 m. ES struktūrinės paramos „Europos socialinio fondo +“ lėšos",
        "description": (
            "Tęstinis projektas: 303 organizacijos diegia kokybės sistemas (EQUASS, NOKAS), 80 atnaujina sertifikatus. "
            "Demonstracinėje aplinkoje dalyviai, išskyrus seed'o įstaigas, yra išgalvoti."
        ),
        "participants": [],
    },
    {
        "code": INTEGRATED_HELP,
        "coordinating_org": "esfa",
        "coordinators": ["programa@esfa.demo"],
        "title": "Integralios pagalbos teikimas ir plėtra Lietuvos savivaldybėse",
        "title_en": "Providing and developing integrated help in Lithuanian municipalities",
        "start": date(2022, 12, 8),
        "end": date(2026, 12, 31),
        "status": Programme.Status.ACTIVE,
        "funder": "Socialinės apsaugos ir darbo ministerija",
        "funding_source": (
            "2021–2027 m. ES struktūrinės paramos „Europos socialinio fondo +“ ir bendrojo finansavimo lėšos"
        ),
        "funding_amount": Decimal("43940212.00"),
        "shares_readiness": False,
        "shares_certificate": False,
        "description": (
            "Projekto tikslas – užtikrinti integralios pagalbos tikslinės grupės asmenims teikimą ir plėtrą Lietuvos "
            "savivaldybėse: slaugos, reabilitacijos ir globos paslaugos vaikams su negalia, suaugusiems asmenims su "
            "negalia ir senyvo amžiaus asmenims jų namuose; konsultacijos ir psichologinė pagalba juos prižiūrintiems "
            "šeimos nariams; mobiliųjų komandų aprūpinimas.\n\n"
            "Planuojama, kad 2026 m. pabaigoje visoje Lietuvoje integralią pagalbą bus gavę 4018 neįgalių ar senyvo "
            "amžiaus asmenų."
        ),
        "participants": [
            {
                "org": "visaginas",
                "role": ProgrammeParticipation.Role.PARTNER,
                "joined_on": date(2023, 1, 2),
                "notes": "Projekto veiklos vykdomos Visagino savivaldybėje.",
            },
        ],
    },
]

# Municipalities (the name as the register writes it, and the genitive that names an institution there).
MUNICIPALITIES = [
    ("Akmenės r. sav.", "Akmenės rajono"), ("Alytaus m. sav.", "Alytaus miesto"), ("Alytaus r. sav.", "Alytaus rajono"),
    ("Anykščių r. sav.", "Anykščių rajono"), ("Birštono sav.", "Birštono"), ("Biržų r. sav.", "Biržų rajono"),
    ("Druskininkų sav.", "Druskininkų"), ("Elektrėnų sav.", "Elektrėnų"), ("Ignalinos r. sav.", "Ignalinos rajono"),
    ("Jonavos r. sav.", "Jonavos rajono"), ("Joniškio r. sav.", "Joniškio rajono"), ("Jurbarko r. sav.", "Jurbarko rajono"),
    ("Kaišiadorių r. sav.", "Kaišiadorių rajono"), ("Kalvarijos sav.", "Kalvarijos"), ("Kauno m. sav.", "Kauno miesto"),
    ("Kauno r. sav.", "Kauno rajono"), ("Kazlų Rūdos sav.", "Kazlų Rūdos"), ("Kėdainių r. sav.", "Kėdainių rajono"),
    ("Kelmės r. sav.", "Kelmės rajono"), ("Klaipėdos r. sav.", "Klaipėdos rajono"), ("Kretingos r. sav.", "Kretingos rajono"),
    ("Kupiškio r. sav.", "Kupiškio rajono"), ("Lazdijų r. sav.", "Lazdijų rajono"), ("Marijampolės sav.", "Marijampolės"),
    ("Mažeikių r. sav.", "Mažeikių rajono"), ("Molėtų r. sav.", "Molėtų rajono"), ("Neringos sav.", "Neringos"),
    ("Pagėgių sav.", "Pagėgių"), ("Pakruojo r. sav.", "Pakruojo rajono"), ("Palangos m. sav.", "Palangos miesto"),
    ("Panevėžio m. sav.", "Panevėžio miesto"), ("Panevėžio r. sav.", "Panevėžio rajono"), ("Pasvalio r. sav.", "Pasvalio rajono"),
    ("Plungės r. sav.", "Plungės rajono"), ("Prienų r. sav.", "Prienų rajono"), ("Radviliškio r. sav.", "Radviliškio rajono"),
    ("Raseinių r. sav.", "Raseinių rajono"), ("Rietavo sav.", "Rietavo"), ("Rokiškio r. sav.", "Rokiškio rajono"),
    ("Skuodo r. sav.", "Skuodo rajono"), ("Šakių r. sav.", "Šakių rajono"), ("Šalčininkų r. sav.", "Šalčininkų rajono"),
    ("Šiaulių m. sav.", "Šiaulių miesto"), ("Šiaulių r. sav.", "Šiaulių rajono"), ("Šilalės r. sav.", "Šilalės rajono"),
    ("Šilutės r. sav.", "Šilutės rajono"), ("Širvintų r. sav.", "Širvintų rajono"), ("Švenčionių r. sav.", "Švenčionių rajono"),
    ("Tauragės r. sav.", "Tauragės rajono"), ("Telšių r. sav.", "Telšių rajono"), ("Trakų r. sav.", "Trakų rajono"),
    ("Ukmergės r. sav.", "Ukmergės rajono"), ("Utenos r. sav.", "Utenos rajono"), ("Varėnos r. sav.", "Varėnos rajono"),
    ("Vilkaviškio r. sav.", "Vilkaviškio rajono"), ("Vilniaus m. sav.", "Vilniaus miesto"), ("Vilniaus r. sav.", "Vilniaus rajono"),
    ("Zarasų r. sav.", "Zarasų rajono"),
]  # fmt: skip
KINDS = [
    ("spc", "socialinių paslaugų centras"),
    ("gn", "globos namai"),
    ("sgn", "senelių globos namai"),
    ("dc", "neįgaliųjų dienos centras"),
    ("spsc", "šeimos paslaugų centras"),
    ("uc", "užimtumo centras"),
]
CONSULTANTS = [
    ("konsultante.ruta@valakupiai.demo", "Rūta Kazlauskienė"),
    ("konsultantas.tomas@valakupiai.demo", "Tomas Petrauskas"),
    ("konsultante.egle@valakupiai.demo", "Eglė Jankauskienė"),
    ("konsultantas.marius@valakupiai.demo", "Marius Stankevičius"),
    ("konsultante.asta@valakupiai.demo", "Asta Vasiliauskienė"),
    ("konsultante.inga@valakupiai.demo", "Inga Žukauskienė"),
]
FUNDER_VIEWERS = [("finansuotojas@esfa.demo", "Laura Butkienė")]


def _users(ctx, people):
    """The programme's consultants and funder viewers. They share the password "demo" of the programme coordinator,
    whose stored hash is copied: hashing a password is the slow part of a demo load."""
    User = get_user_model()
    existing = {u.email: u for u in User.objects.filter(email__in=[e for e, _n in people])}
    missing = [(email, name) for email, name in people if email not in existing]
    if missing:
        hashed = ctx.users["programa@valakupiai.demo"].password
        User.objects.bulk_create(User(email=e, full_name=n, language="lt", password=hashed) for e, n in missing)
        ctx.created[User._meta.label] += len(missing)
        existing = {u.email: u for u in User.objects.filter(email__in=[e for e, _n in people])}
    return [existing[email] for email, _n in people]


def _synthetic_orgs(ctx):
    """The pool of made-up providers: <municipality genitive> <kind>, slugs demo-<kind>-<n>. One insert."""
    pool = [
        (f"demo-{kind}-{i + 1:02d}", f"{gen} {label}".capitalize(), municipality)
        for kind, label in KINDS
        for i, (municipality, gen) in enumerate(MUNICIPALITIES)
    ]
    have = set(Organisation.objects.filter(slug__startswith="demo-").values_list("slug", flat=True))
    new = [
        Organisation(
            slug=slug,
            name=name,
            name_genitive=genitive(name),
            name_dative=dative(name),
            municipality=municipality,
            description=SYNTHETIC,
        )
        for slug, name, municipality in pool
        if slug not in have
    ]
    Organisation.objects.bulk_create(new)
    ctx.created[Organisation._meta.label] += len(new)
    by_slug = {o.slug: o for o in Organisation.objects.filter(slug__startswith="demo-")}
    return [by_slug[slug] for slug, _n, _m in pool]


def _month_add(d, months):
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, min(d.day, 28))


def _milestones(rng, participation, steps, today, *, pace=1.0, stall=0.0, real=None):
    """Milestones planned from the contract; those planned before today reached around their date, except a
    provider that stalls (probability `stall`) stops somewhere along the chain and is late from there."""
    contract = participation.contract_date
    stalls_at = rng.randrange(2, len(steps)) if rng.random() < stall else None
    rows = []
    for index, step in enumerate(steps):
        planned = step.planned_for(contract)
        done = None
        if real and step.code in real:
            done = real[step.code]
        elif planned <= today and (stalls_at is None or index < stalls_at):
            done = planned + timedelta(days=int(rng.gauss(0, 20) * pace))
            done = min(done, today)
        rows.append(Milestone(participation=participation, step=step, planned_on=planned, done_on=done))
    return rows


def load(ctx):
    template = ensure_equass_template(MilestoneTemplate, MilestoneStep)
    for data in PROGRAMMES:
        data = dict(data)
        code, org = data.pop("code"), ctx.orgs[data.pop("coordinating_org")]
        coordinators, participants = data.pop("coordinators"), data.pop("participants")
        if code != INTEGRATED_HELP:
            data["milestone_template"] = template
        programme = ctx.ensure(Programme, code=code, defaults={**data, "coordinating_org": org})
        programme.coordinators.add(*(ctx.users[email] for email in coordinators))
        for part in participants:
            part = dict(part)
            ctx.ensure(ProgrammeParticipation, programme=programme, org=ctx.orgs[part.pop("org")], defaults=part)
        ctx.extra.setdefault("programmes", {})[code] = programme
    programmes = ctx.extra["programmes"]
    if Wave.objects.filter(programme__code__in=[EQUASS, SUCCESSOR, INTEGRATED_HELP]).exists():
        return  # the bulk part is loaded already
    rng = random.Random(15)
    pool = _synthetic_orgs(ctx)
    consultants = _users(ctx, CONSULTANTS)
    funders = _users(ctx, FUNDER_VIEWERS)
    steps = list(template.steps.order_by("order"))
    _equass(ctx, rng, programmes[EQUASS], pool, steps, consultants)
    _successor(ctx, rng, programmes[SUCCESSOR], pool, steps, consultants, funders)
    _integrated_help(ctx, rng, programmes[INTEGRATED_HELP], pool, funders)


def _participations(ctx, programme, rows):
    """Bulk-create participations from (org, fields) and return them with their programme set."""
    made = ProgrammeParticipation.objects.bulk_create(
        ProgrammeParticipation(programme=programme, org=org, **fields) for org, fields in rows
    )
    ctx.created[ProgrammeParticipation._meta.label] += len(made)
    return made


def _equass(ctx, rng, programme, pool, steps, consultants):
    """The completed project: 119 certified (the two seed centres and 117 made-up ones), 20 in the pilot wave."""
    programme.consultants.add(*consultants[:4])
    pilot = Wave.objects.create(
        programme=programme, name="Pilotinė banga (20 įstaigų)", order=1, start=date(2018, 6, 1)
    )
    second = Wave.objects.create(programme=programme, name="2 banga (99 įstaigos)", order=2, start=date(2019, 1, 1))
    real = {p.org.slug: p for p in programme.participations.select_related("org")}
    real["klaipeda"].wave, real["visaginas"].wave = second, second
    ProgrammeParticipation.objects.bulk_update(real.values(), ["wave"])
    rows = []
    for index, org in enumerate(pool[:117]):
        wave = pilot if index < 20 else second
        contract = (date(2018, 6, 1) if wave == pilot else date(2019, 1, 10)) + timedelta(days=rng.randrange(0, 300))
        rows.append(
            (
                org,
                {
                    "wave": wave,
                    "role": ProgrammeParticipation.Role.PILOT
                    if wave == pilot
                    else ProgrammeParticipation.Role.PARTICIPANT,
                    "status": ProgrammeParticipation.Status.CERTIFIED,
                    "contract_number": f"EQ-{2018 + (wave != pilot)}-{index + 1:03d}",
                    "contract_date": contract,
                    "applied_on": contract - timedelta(days=rng.randrange(30, 90)),
                    "joined_on": contract,
                    "consultant": consultants[index % 4],
                },
            )
        )
    made = _participations(ctx, programme, rows)
    end = programme.end
    milestones = []
    klaipeda = {
        "contract": date(2019, 1, 11),
        "application": date(2018, 11, 12),
        "managers-training": date(2019, 2, 7),
        "coordinators-training": date(2019, 2, 19),
        "impact-study-1": date(2019, 11, 15),
        "external-audit": date(2020, 11, 23),
        "impact-study-2": date(2021, 3, 15),
        "certificate": date(2021, 5, 14),
    }
    for p in [*real.values(), *made]:
        p.contract_date = p.contract_date or p.joined_on
        rows = _milestones(rng, p, steps, end, real=klaipeda if p.org.slug == "klaipeda" else None)
        # A completed project: everything up to the certificate is reached; what comes after it lies outside it.
        for m in rows:
            if m.done_on is None and m.step.months_after_contract <= 28:
                m.done_on = m.planned_on + timedelta(days=rng.randrange(0, 60))
        milestones += rows
    Milestone.objects.bulk_create(milestones)
    ctx.created[Milestone._meta.label] += len(milestones)
    _equass_trainings(programme, [*real.values(), *made], steps)


def _equass_trainings(programme, participations, steps):
    """Seed 000's trainings: managers' 2019-02-07 and 2019-02-28, coordinators' 2019-02-19/20, with the second
    wave's providers attending (two people each; the Klaipėda centre's real dates)."""
    by_code = {step.code: step for step in steps}
    second_wave = [p for p in participations if p.role != ProgrammeParticipation.Role.PILOT]
    events = ProgrammeEvent.objects.bulk_create(
        [
            ProgrammeEvent(programme=programme, kind="training", title="Vadovų mokymai (1 grupė)", on=date(2019, 2, 7),
                           hours=8, step=by_code["managers-training"], led_by="VšĮ Valakupių reabilitacijos centras"),
            ProgrammeEvent(programme=programme, kind="training", title="Vadovų mokymai (2 grupė)", on=date(2019, 2, 28),
                           hours=8, step=by_code["managers-training"], led_by="VšĮ Valakupių reabilitacijos centras"),
            ProgrammeEvent(programme=programme, kind="training", title="EQUASS koordinatorių mokymai",
                           on=date(2019, 2, 19), hours=16, step=by_code["coordinators-training"],
                           led_by="VšĮ Valakupių reabilitacijos centras"),
        ]
    )  # fmt: skip
    half = len(second_wave) // 2

    def attendance(event, p, count):
        # The two demo centres' lists name their staff (the made-up providers' give only a number): the staff
        # competence pages match the lines to members (competence/attendance.py), one line per centre to no one.
        lines = EQUASS_ATTENDEES.get((p.org.slug, event.on), [])
        return EventAttendance(event=event, participation=p, count=len(lines) or count, attendees="\n".join(lines))

    EventAttendance.objects.bulk_create(
        [attendance(events[0], p, 2) for p in second_wave[:half]]
        + [attendance(events[1], p, 2) for p in second_wave[half:]]
        + [attendance(events[2], p, 1) for p in second_wave]
    )


# Who came from the two demo centres to seed 000's trainings, as the programme wrote it down: e-mail addresses and
# names as typed (case varies), and one person per centre who is no member (left since, or never had an account).
EQUASS_ATTENDEES = {
    ("klaipeda", date(2019, 2, 7)): ["direktorius@klaipeda.demo", "Tomas Petrauskas", "Jūratė Stonkienė"],
    ("klaipeda", date(2019, 2, 28)): ["direktorius@klaipeda.demo", "Tomas Petrauskas", "Jūratė Stonkienė"],
    ("klaipeda", date(2019, 2, 19)): ["Giedrė Jankauskienė"],
    ("visaginas", date(2019, 2, 7)): ["Direktorius@Visaginas.demo", "Marija Jasaitė"],
    ("visaginas", date(2019, 2, 28)): ["Direktorius@Visaginas.demo", "Marija Jasaitė"],
    ("visaginas", date(2019, 2, 19)): ["kristina markevičienė"],
}


def _successor(ctx, rng, programme, pool, steps, consultants, funders):
    """About 300 providers in three waves: 80 renew the certificate they got in the EQUASS project."""
    programme.consultants.add(*consultants)
    programme.funder_viewers.add(*funders)
    waves = [
        Wave.objects.create(programme=programme, name="1 banga (2023–2024)", order=1, start=date(2023, 10, 1)),
        Wave.objects.create(programme=programme, name="2 banga (2024–2025)", order=2, start=date(2024, 9, 1)),
        Wave.objects.create(programme=programme, name="3 banga (2025–2026)", order=3, start=date(2025, 9, 1)),
    ]
    renewals, newcomers = pool[:80], pool[117:]
    members = (renewals + newcomers)[:298]
    # Three applications from the public page wait for the coordinator (synthetic, like the participants).
    Application.objects.bulk_create(
        Application(
            programme=programme,
            org_name=name,
            company_code=code,
            municipality=municipality,
            contact_name=contact,
            email=email,
            services=services,
        )
        for name, code, municipality, contact, email, services in [
            (
                "Demo Šilalės socialinių paslaugų namai",
                "399000001",
                "Šilalės r. sav.",
                "Aistė Demo",
                "aiste@silale.demo",
                "Dienos socialinė globa\nPagalba į namus",
            ),
            (
                "Demo Birštono bendruomenės centras",
                "399000002",
                "Birštono sav.",
                "Tomas Demo",
                "tomas@birstonas.demo",
                "Socialinės dirbtuvės",
            ),
            (
                "Demo Zarasų krizių centras",
                "399000003",
                "Zarasų r. sav.",
                "Rima Demo",
                "rima@zarasai.demo",
                "Krizių centro paslaugos\nPsichologinė pagalba",
            ),
        ]
    )
    today = ctx.today
    rows = []
    for index, org in enumerate(members):
        wave = waves[min(2, index // 100)]
        contract = wave.start + timedelta(days=rng.randrange(0, 150))
        if contract > today:
            status = ProgrammeParticipation.Status.APPLIED
        else:
            status = ProgrammeParticipation.Status.IN_PROGRESS
        if rng.random() < 0.02:
            status = ProgrammeParticipation.Status.LEFT
        rows.append(
            (
                org,
                {
                    "wave": wave,
                    "status": status,
                    "contract_number": f"ESF+-{wave.order}-{index + 1:03d}" if contract <= today else "",
                    "contract_date": contract if contract <= today else None,
                    "applied_on": contract - timedelta(days=rng.randrange(20, 60)),
                    "joined_on": contract,
                    "left_on": max(contract, today - timedelta(days=rng.randrange(10, 200)))
                    if status == "left"
                    else None,
                    "consultant": consultants[index % len(consultants)],
                },
            )
        )
    made = _participations(ctx, programme, rows)
    milestones = []
    certified = []
    for p in made:
        if p.contract_date is None:
            continue
        # About one in eight is stuck somewhere along the chain: those are the late ones on the board.
        rows = _milestones(rng, p, steps, today, stall=0.2)
        certificate = next(m for m in rows if m.step.code == "certificate")
        if certificate.done_on:
            certified.append(p)
        milestones += rows
    for p in certified:
        p.status = ProgrammeParticipation.Status.CERTIFIED
    ProgrammeParticipation.objects.bulk_update(certified, ["status"])
    Milestone.objects.bulk_create(milestones)
    ctx.created[Milestone._meta.label] += len(milestones)


def _personal_code(rng):
    """A made-up personal code with a valid checksum (sex/century digit 3–6, a birth date, a serial)."""
    while True:
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 90))
        first = (3 if born.year < 2000 else 5) + rng.randrange(0, 2)
        code = f"{first}{born:%y%m%d}{rng.randrange(0, 1000):03d}"
        digits = [int(c) for c in code]
        for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
            check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
            if check != 10:
                break
        else:
            check = 0
        if check != 10:
            return code + str(check)


def _integrated_help(ctx, rng, programme, pool, funders):
    """Visaginas and 20 made-up municipal centres report monthly, 2023-01 to 2026-11: close to, short of, 4,018."""
    programme.funder_viewers.add(*funders)
    partners = [p for p in pool if p.slug.startswith("demo-spc-")][::2][:20]
    made = _participations(
        ctx,
        programme,
        [
            (org, {"role": ProgrammeParticipation.Role.PARTNER, "joined_on": date(2023, 1, 2), "status": "in_progress"})
            for org in partners
        ],
    )
    participations = [*programme.participations.filter(org__slug="visaginas"), *made]
    helped = ProgrammeIndicator.objects.create(
        programme=programme,
        code="asmenys",
        name="Neįgalūs ar senyvo amžiaus asmenys, gavę integralią pagalbą",
        unit="asm.",
        kind=ProgrammeIndicator.Kind.UNIQUE_PERSONS,
        target=4018,
        deadline=date(2026, 12, 31),
        dimensions=["age_group", "help_type"],
    )
    consultations = ProgrammeIndicator.objects.create(
        programme=programme,
        code="konsultacijos",
        name="Šeimos narių konsultacijų ir psichologinės pagalbos valandos",
        unit="val.",
        target=60000,
        deadline=date(2026, 12, 31),
    )
    last = min(date(2026, 11, 1), ctx.today.replace(day=1))
    months = []
    month = date(2023, 1, 1)
    while month <= last:
        months.append(month)
        month = _month_add(month, 1)
    key, version = programme.person_key, programme.person_key_version
    reports, contributions, seen = [], [], set()
    people = {}  # partner index → [(hash, age group, help type)] helped so far
    ages = [AgeGroup.ELDERLY] * 6 + [AgeGroup.ADULT] * 3 + [AgeGroup.CHILD]
    helps = [HelpType.NURSING, HelpType.NURSING, HelpType.CARE, HelpType.CARE, HelpType.REHABILITATION]
    for m_index, month in enumerate(months):
        for p_index, participation in enumerate(participations):
            # New persons a month: a slow start in 2023, then a steady pace that ends a little short of the target.
            ramp = min(1.0, 0.35 + m_index / 14)
            new = max(0, round(rng.gauss(4.2 * ramp, 1.2)))
            known = people.setdefault(p_index, [])
            for _ in range(new):
                digest = persons.person_hash(key, _personal_code(rng))
                known.append((digest, rng.choice(ages), rng.choice(helps)))
            # Some are helped again this month; a few were already helped by a neighbouring partner.
            again = rng.sample(known, min(len(known), rng.randrange(0, 3)))
            neighbour = people.get(p_index - 1, [])
            shared = rng.sample(neighbour, 1) if neighbour and rng.random() < 0.25 else []
            for digest, age, help_type in known[len(known) - new :] + again + shared:
                if (participation.pk, month, digest, help_type) in seen:
                    continue
                seen.add((participation.pk, month, digest, help_type))
                reports.append(
                    PersonReport(
                        indicator=helped,
                        participation=participation,
                        month=month,
                        person_hash=digest,
                        key_version=version,
                        age_group=age,
                        help_type=help_type,
                    )
                )
            contributions.append(
                Contribution(
                    indicator=consultations,
                    participation=participation,
                    month=month,
                    value=Decimal(max(0, round(rng.gauss(55 * ramp, 12)))),
                )
            )
    PersonReport.objects.bulk_create(reports)
    Contribution.objects.bulk_create(contributions)
    ctx.created[PersonReport._meta.label] += len(reports)
    ctx.created[Contribution._meta.label] += len(contributions)


__all__ = ["EQUASS", "EQUASS_STEPS", "INTEGRATED_HELP", "SUCCESSOR", "load"]
