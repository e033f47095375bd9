"""Demo data of the actions app (kokybe/lib/demo.py): the quality calendars and the Klaipėda centre's implementation plan.

The plan follows the centre's real EQUASS timeline (shared/DOMAIN.md): the 2019 implementation plan from the first
self-assessment, findings of the 2020-02-05 internal audit, recommendations of the external audits (2020-11-23,
2021-03-29), survey results (2019-11, 2021-03); then an illustrative renewal cycle (2024 audit, 2026–2027 plan). The
wording of the actions is ours, written as a coordinator writes them. The few dates given relative to the load day
keep "overdue" and "due soon" visible whenever the demo is loaded.

Idempotent: an action is looked up by organisation and title. When the EQUASS working set was not loaded at the
first run, a later run links the actions to its principles and changes nothing else.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from frameworks.models import FrameworkVersion, Principle
from orgs.models import Service, Unit

from . import services
from .models import ImprovementAction, Priority, Source, Status

WORKING_SET = "equass-assurance-ws"

COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"
AUDITOR = "vidaus.auditorius@klaipeda.demo"
CONSULTANT = "konsultantas@klaipeda.demo"

FAMILIES = "Pagalbos šeimoms padalinys"
CHILDREN = "Pagalbos vaikams padalinys (Globos centras)"
CARE = "Socialinės priežiūros ir globos skyrius"
FOSTER = "Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius"
WOMEN = "Pagalbos moterims padalinys"

SKILLS = "Socialinių įgūdžių ugdymo ir palaikymo paslauga"
SHORT_CARE = "Trumpalaikės socialinės globos paslauga"
PSYCHOSOCIAL = "Psichosocialinės pagalbos paslauga"
CRISIS_CENTRE = "Apgyvendinimo krizių centre paslauga (nuo 2020 12 01 – intensyvi krizių įveikimo pagalba)"

S, P, St = Source, Priority, Status


@dataclass
class Demo:
    title: str
    principle: str  # code in the EQUASS working set
    source: str
    owner: str
    start: object  # date, or days from the load day (int)
    due: object
    status: str = Status.PLANNED
    priority: str = Priority.MEDIUM
    progress: int = 0
    unit: str = ""
    service: str = ""
    completed: date | None = None
    verified: tuple = ()  # (date, verifier e-mail, result and evidence)
    description: str = ""
    root_cause: str = ""
    measures: str = ""
    participants: tuple = field(default_factory=tuple)


VERIFIED_AT_AUDIT = "Vidaus audito metu patikrinta: dokumentas patvirtintas direktoriaus įsakymu, paskelbtas, darbuotojai supažindinti pasirašytinai."

PLAN = [
    # The 2019 implementation plan, from the first self-assessment (diegimo planai, 2019-03/04).
    Demo(
        "Parengti ir patvirtinti įstaigos kokybės politiką",
        "1",
        S.SELF_ASSESSMENT,
        DIRECTOR,
        date(2019, 3, 18),
        date(2019, 6, 28),
        St.EFFECTIVE,
        P.HIGH,
        completed=date(2019, 6, 20),
        verified=(date(2020, 2, 5), AUDITOR, VERIFIED_AT_AUDIT),
        root_cause="Kokybės siekiai nebuvo aprašyti viename dokumente.",
        measures="Parengti projektą, aptarti darbo grupėje, patvirtinti įsakymu, paskelbti svetainėje.",
        participants=(CONSULTANT,),
    ),
    Demo(
        "Atnaujinti įstaigos misiją, viziją ir vertybes, įtraukiant darbuotojus ir paslaugų gavėjus",
        "1",
        S.SELF_ASSESSMENT,
        DIRECTOR,
        date(2019, 3, 25),
        date(2019, 9, 30),
        St.EFFECTIVE,
        completed=date(2019, 9, 26),
        verified=(
            date(2020, 2, 5),
            AUDITOR,
            "Misija ir vertybės aptartos su darbuotojais ir paslaugų gavėjais, paskelbtos.",
        ),
    ),
    Demo(
        "Parengti metinį veiklos planą su kokybės tikslais ir siektinais rodikliais",
        "1",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 4, 1),
        date(2019, 12, 20),
        St.EFFECTIVE,
        completed=date(2019, 12, 18),
        verified=(
            date(2021, 1, 15),
            DIRECTOR,
            "2020 m. plano įvykdymas aptartas vadovų pasitarime; rodikliai stebimi.",
        ),
    ),
    Demo(
        "Parengti Darbuotojų samdymo ir išsaugojimo tvarką",
        "2",
        S.SELF_ASSESSMENT,
        DIRECTOR,
        date(2019, 4, 1),
        date(2019, 10, 31),
        St.EFFECTIVE,
        completed=date(2019, 10, 25),
        verified=(date(2020, 2, 5), AUDITOR, VERIFIED_AT_AUDIT),
    ),
    Demo(
        "Atlikti darbuotojų mokymo poreikių analizę ir parengti metinį mokymų planą",
        "2",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 5, 2),
        date(2019, 12, 31),
        St.EFFECTIVE,
        completed=date(2019, 12, 19),
        verified=(
            date(2021, 3, 29),
            COORDINATOR,
            "Išorės auditas mokymų planą ir jo vykdymą įvertino kaip atitinkantį.",
        ),
    ),
    Demo(
        "Parengti ir patvirtinti Paslaugų gavėjų chartiją",
        "3",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 4, 8),
        date(2019, 8, 30),
        St.EFFECTIVE,
        P.HIGH,
        completed=date(2019, 8, 29),
        verified=(date(2020, 2, 5), AUDITOR, VERIFIED_AT_AUDIT),
    ),
    Demo(
        "Parengti ir patvirtinti Skundų nagrinėjimo tvarkos aprašą",
        "3",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 4, 8),
        date(2019, 9, 30),
        St.EFFECTIVE,
        P.HIGH,
        completed=date(2019, 9, 27),
        verified=(
            date(2020, 12, 10),
            COORDINATOR,
            "2020 m. gauti 4 skundai išnagrinėti per nustatytą terminą, atsakymai pateikti raštu.",
        ),
        root_cause="Skundai buvo nagrinėjami pagal bendrą dokumentų valdymo tvarką, be terminų ir grįžtamojo ryšio.",
    ),
    Demo(
        "Parengti Etikos ir gerovės užtikrinimo politiką ir supažindinti su ja darbuotojus",
        "4",
        S.SELF_ASSESSMENT,
        DIRECTOR,
        date(2019, 5, 6),
        date(2019, 11, 29),
        St.EFFECTIVE,
        P.HIGH,
        completed=date(2019, 11, 28),
        verified=(date(2020, 2, 5), AUDITOR, VERIFIED_AT_AUDIT),
    ),
    Demo(
        "Parengti smurto prieš paslaugų gavėjus ir finansinio piktnaudžiavimo jų atžvilgiu prevencijos procedūrų aprašą",
        "4",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 5, 6),
        date(2019, 12, 20),
        St.EFFECTIVE,
        P.HIGH,
        unit=WOMEN,
        completed=date(2019, 12, 16),
        verified=(date(2020, 11, 23), COORDINATOR, "Išorės auditorius procedūras įvertino kaip atitinkančias."),
    ),
    Demo(
        "Sudaryti bendradarbiavimo sutartis su pagrindiniais partneriais ir parengti partnerių sąrašą",
        "5",
        S.SELF_ASSESSMENT,
        DIRECTOR,
        date(2019, 6, 3),
        date(2020, 3, 31),
        St.EFFECTIVE,
        completed=date(2020, 3, 20),
        verified=(date(2021, 3, 29), COORDINATOR, "Pasirašyta 12 sutarčių; partnerių sąrašas atnaujinamas kasmet."),
    ),
    Demo(
        "Įsteigti Paslaugų gavėjų tarybą ir patvirtinti jos nuostatus",
        "6",
        S.SELF_ASSESSMENT,
        UNIT_HEAD,
        date(2019, 9, 2),
        date(2020, 5, 29),
        St.NOT_EFFECTIVE,
        unit=FAMILIES,
        completed=date(2020, 5, 27),
        verified=(
            date(2021, 2, 15),
            COORDINATOR,
            "Taryba per metus susirinko tik kartą, dalyvavo 3 paslaugų gavėjai. Reikia kitokios formos.",
        ),
    ),
    Demo(
        "Parengti individualaus pagalbos plano sudarymo metodiką",
        "7",
        S.SELF_ASSESSMENT,
        UNIT_HEAD,
        date(2019, 4, 15),
        date(2019, 12, 31),
        St.EFFECTIVE,
        P.HIGH,
        unit=FAMILIES,
        service=SKILLS,
        completed=date(2019, 12, 20),
        verified=(
            date(2020, 11, 23),
            COORDINATOR,
            "Metodika taikoma visuose padaliniuose; planai peržiūrimi kas pusmetį.",
        ),
    ),
    Demo(
        "Parengti Paslaugų gavėjų įgalinimo koncepciją",
        "7",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 6, 3),
        date(2020, 1, 31),
        St.EFFECTIVE,
        completed=date(2020, 1, 24),
        verified=(date(2020, 2, 5), AUDITOR, VERIFIED_AT_AUDIT),
    ),
    Demo(
        "Aprašyti paslaugų teikimo eigą nuo kreipimosi iki paslaugų pabaigos ir nukreipimo pas partnerius tvarką",
        "8",
        S.SELF_ASSESSMENT,
        UNIT_HEAD,
        date(2019, 10, 1),
        date(2020, 4, 30),
        St.EFFECTIVE,
        completed=date(2020, 4, 28),
        verified=(date(2020, 11, 23), COORDINATOR, "Eiga aprašyta, nukreipimai registruojami žurnale."),
    ),
    Demo(
        "Parengti Paslaugų gavėjų gyvenimo kokybės koncepciją ir pasirinkti vertinimo įrankį",
        "9",
        S.SELF_ASSESSMENT,
        COORDINATOR,
        date(2019, 9, 2),
        date(2020, 6, 30),
        St.EFFECTIVE,
        completed=date(2020, 6, 22),
        verified=(
            date(2021, 3, 29),
            COORDINATOR,
            "Pasirinktas WHOQOL-BREF; pirmasis vertinimas atliktas 2021 m. pradžioje.",
        ),
    ),
    Demo(
        "Atlikti poveikio vertinimo apklausą (darbuotojai, vadovai, paslaugų gavėjai, finansuotojai, partneriai)",
        "9",
        S.OTHER,
        COORDINATOR,
        date(2019, 10, 14),
        date(2019, 11, 30),
        St.EFFECTIVE,
        completed=date(2019, 11, 29),
        verified=(date(2020, 1, 20), DIRECTOR, "Gauta 164 atsakymai; rezultatai aptarti ir paskelbti."),
    ),
    # Findings of the internal audit of 2020-02-05.
    Demo(
        "Papildyti darbuotojų įvadinio mokymo programą etikos ir asmens duomenų apsaugos temomis",
        "2",
        S.INTERNAL_AUDIT,
        COORDINATOR,
        date(2020, 2, 17),
        date(2020, 5, 29),
        St.EFFECTIVE,
        completed=date(2020, 5, 25),
        verified=(
            date(2020, 11, 23),
            COORDINATOR,
            "Nauji darbuotojai mokymus baigia per pirmą mėnesį; yra registracija.",
        ),
    ),
    Demo(
        "Susieti veiklos rezultatų rodiklius su metiniu planu ir parengti jų stebėsenos lentelę",
        "9",
        S.INTERNAL_AUDIT,
        COORDINATOR,
        date(2020, 2, 17),
        date(2020, 9, 30),
        St.EFFECTIVE,
        completed=date(2020, 9, 18),
        verified=(date(2021, 2, 10), AUDITOR, "Rodikliai stebimi kas ketvirtį, aptariami vadovų pasitarimuose."),
    ),
    # Recommendations of the external audit of 2020-11-23.
    Demo(
        "Užtikrinti, kad paslaugų gavėjas dalyvautų peržiūrint savo individualų pagalbos planą",
        "7",
        S.EXTERNAL_AUDIT,
        UNIT_HEAD,
        date(2020, 12, 1),
        date(2021, 3, 15),
        St.EFFECTIVE,
        P.HIGH,
        unit=CARE,
        service=SHORT_CARE,
        completed=date(2021, 3, 10),
        verified=(
            date(2021, 3, 29),
            COORDINATOR,
            "Pakartotinis išorės auditas: visuose tikrintuose planuose yra gavėjo pastabos.",
        ),
    ),
    Demo(
        "Parengti veiklos procesų žemėlapį ir paskirti procesų savininkus",
        "10",
        S.EXTERNAL_AUDIT,
        COORDINATOR,
        date(2020, 12, 1),
        date(2021, 3, 15),
        St.EFFECTIVE,
        completed=date(2021, 3, 12),
        verified=(date(2021, 3, 29), COORDINATOR, "Procesų žemėlapis patvirtintas ir paskelbtas."),
    ),
    # After the 2021 survey and the first certificate.
    Demo(
        "Atnaujinti informaciją apie paslaugas: lankstinukus ir interneto svetainės skyrių",
        "3",
        S.SURVEY,
        STAFF,
        date(2021, 4, 12),
        date(2021, 9, 30),
        St.EFFECTIVE,
        unit=WOMEN,
        completed=date(2021, 9, 24),
        verified=(date(2022, 5, 13), COORDINATOR, "Pasitenkinimas informacija pakilo nuo 71 % iki 86 %."),
    ),
    Demo(
        "Atnaujinti Paslaugų gavėjų tarybos veiklą: susitikimai kiekviename padalinyje kas ketvirtį",
        "6",
        S.MANAGEMENT_REVIEW,
        UNIT_HEAD,
        date(2021, 4, 1),
        date(2021, 12, 31),
        St.EFFECTIVE,
        unit=FAMILIES,
        completed=date(2021, 12, 17),
        verified=(date(2022, 5, 13), COORDINATOR, "2021 m. įvyko 9 susitikimai, dalyvavo 41 paslaugų gavėjas."),
    ),
    Demo(
        "Įdiegti metinius darbuotojų kompetencijų vertinimo pokalbius",
        "2",
        S.STAFF_SUGGESTION,
        DIRECTOR,
        date(2022, 1, 10),
        date(2022, 12, 30),
        St.NOT_EFFECTIVE,
        completed=date(2022, 12, 28),
        verified=(date(2023, 5, 12), COORDINATOR, "Pokalbiai įvyko tik su 40 % darbuotojų; forma per sudėtinga."),
    ),
    Demo(
        "Parengti savanorių įtraukimo ir palydėjimo tvarką",
        "5",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        date(2022, 9, 1),
        date(2023, 3, 31),
        St.EFFECTIVE,
        unit=CHILDREN,
        completed=date(2023, 3, 29),
        verified=(date(2023, 11, 8), AUDITOR, "Tvarka taikoma; 2023 m. įtraukta 14 savanorių."),
    ),
    Demo(
        "Parengti vadovybės analizės tvarką ir ataskaitos formą",
        "1",
        S.INTERNAL_AUDIT,
        DIRECTOR,
        date(2023, 11, 20),
        date(2024, 1, 31),
        St.EFFECTIVE,
        completed=date(2024, 1, 26),
        verified=(date(2024, 2, 26), COORDINATOR, "Pakartotinės sertifikacijos auditas pastabų neturėjo."),
    ),
    # Recommendations of the 2024 renewal audit.
    Demo(
        "Parengti metinę pažangos ataskaitą su trejų metų rezultatų tendencijomis",
        "9",
        S.EXTERNAL_AUDIT,
        COORDINATOR,
        date(2024, 3, 4),
        date(2024, 5, 10),
        St.EFFECTIVE,
        P.HIGH,
        completed=date(2024, 5, 8),
        verified=(date(2024, 6, 14), DIRECTOR, "Ataskaita pateikta laiku; tendencijos aptartos vadovybės analizėje."),
    ),
    Demo(
        "Įtraukti partnerius į paslaugų kokybės vertinimą: surengti metinį partnerių forumą",
        "5",
        S.EXTERNAL_AUDIT,
        DIRECTOR,
        date(2024, 3, 11),
        date(2024, 11, 29),
        St.DONE,
        completed=date(2024, 11, 28),
    ),
    Demo(
        "Peržiūrėti krizių centro saugumo ir evakuacijos procedūras",
        "3",
        S.INCIDENT,
        STAFF,
        date(2025, 9, 15),
        date(2025, 12, 31),
        St.DONE,
        P.HIGH,
        unit=WOMEN,
        service=CRISIS_CENTRE,
        completed=date(2025, 12, 19),
        root_cause="Per incidentą paaiškėjo, kad naujiems darbuotojams nežinomas nakties evakuacijos planas.",
    ),
    # The current cycle, towards the 2027 renewal audit.
    Demo(
        "Atnaujinti Skundų nagrinėjimo tvarkos aprašą pagal pasikeitusius teisės aktus",
        "3",
        S.COMPLAINT,
        COORDINATOR,
        date(2025, 11, 3),
        date(2026, 3, 31),
        St.IN_PROGRESS,
        progress=60,
        description="Skundas dėl atsakymo termino parodė, kad tvarkoje nurodyti terminai nebeatitinka teisės aktų.",
    ),
    Demo(
        "Atlikti darbuotojų pasitenkinimo apklausą",
        "2",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        -75,
        -12,
        St.IN_PROGRESS,
        progress=80,
    ),
    Demo(
        "Parengti darbuotojų perdegimo prevencijos ir supervizijų planą",
        "2",
        S.SURVEY,
        STAFF,
        -120,
        -40,
        St.IN_PROGRESS,
        P.HIGH,
        progress=30,
        unit=WOMEN,
    ),
    Demo(
        "Atnaujinti smurtą artimoje aplinkoje patyrusių moterų individualios pagalbos plano formą",
        "7",
        S.STAFF_SUGGESTION,
        STAFF,
        -60,
        5,
        St.IN_PROGRESS,
        progress=60,
        unit=WOMEN,
        service=PSYCHOSOCIAL,
    ),
    Demo(
        "Sukurti bendrą atvejo vadybos tvarką su savivaldybės ir švietimo įstaigų specialistais",
        "8",
        S.MANAGEMENT_REVIEW,
        UNIT_HEAD,
        date(2026, 4, 1),
        date(2027, 3, 31),
        St.IN_PROGRESS,
        progress=25,
        unit=FAMILIES,
    ),
    Demo(
        "Organizuoti darbuotojų mokymus apie paslaugų gavėjų teises ir profesinę etiką",
        "4",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        date(2026, 10, 1),
        date(2026, 12, 4),
        St.PLANNED,
    ),
    Demo(
        "Aprašyti nuolatinio gerinimo veiksmų stebėsenos tvarką (PDCA ciklą)",
        "10",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        date(2026, 2, 2),
        date(2026, 12, 31),
        St.IN_PROGRESS,
        progress=50,
    ),
    Demo(
        "Atlikti įsivertinimą pagal EQUASS reikalavimus prieš pakartotinę sertifikaciją",
        "10",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        date(2027, 1, 4),
        date(2027, 2, 26),
        St.PLANNED,
        P.HIGH,
    ),
    Demo(
        "Išanalizuoti paslaugų gavėjų gyvenimo kokybės vertinimo rezultatus ir pristatyti juos Paslaugų gavėjų tarybai",
        "9",
        S.MANAGEMENT_REVIEW,
        COORDINATOR,
        date(2027, 1, 11),
        date(2027, 4, 30),
        St.PLANNED,
        P.LOW,
    ),
]


def _day(value, today):
    return today + timedelta(days=value) if isinstance(value, int) else value


def _principles(ctx):
    version = ctx.extra.get("framework_version") or (
        FrameworkVersion.objects.filter(framework__code=WORKING_SET, org__isnull=True).order_by("-imported_at").first()
    )
    return {p.code: p for p in Principle.objects.filter(version=version)} if version else {}


def _fields(item, ctx, org, principles, units, services_by_name):
    start, due = _day(item.start, ctx.today), _day(item.due, ctx.today)
    fields = {
        "owner": ctx.users[item.owner],
        "due_date": due,
        "start_date": start,
        "priority": item.priority,
        "status": item.status,
        "progress": 100 if item.completed else item.progress,
        "description": item.description,
        "root_cause": item.root_cause,
        "planned_measures": item.measures,
        "principle": principles.get(item.principle),
        "unit": units.get(item.unit),
        "service": services_by_name.get(item.service),
        "completed_on": item.completed,
        "participants": [ctx.users[email] for email in item.participants],
        # Recorded when the plan was written, so the timeline's fallback and the history read as they happened.
        "created_at": timezone.make_aware(datetime(start.year, start.month, start.day, 9)),
    }
    if item.verified:
        on, by, note = item.verified
        fields.update(verified_on=on, verified_by=ctx.users[by], verification_note=note)
    return fields


def load(ctx):
    org, by = ctx.orgs["klaipeda"], ctx.users[COORDINATOR]
    principles = _principles(ctx)
    units = {u.name: u for u in Unit.objects.for_org(org)}
    services_by_name = {s.name: s for s in Service.objects.for_org(org)}
    existing = {a.title: a for a in ImprovementAction.objects.for_org(org)}
    for item in PLAN:
        action = existing.get(item.title)
        if action is None:
            fields = _fields(item, ctx, org, principles, units, services_by_name)
            services.action_create(org=org, title=item.title, source=item.source, by=by, **fields)
            ctx.created[ImprovementAction._meta.verbose_name_plural] += 1
        elif action.principle_id is None and item.principle in principles:
            # The framework arrived after the first load: link the principle, touch nothing else.
            ImprovementAction.objects.filter(pk=action.pk).update(principle=principles[item.principle])
