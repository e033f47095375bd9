"""Demo data of the complaints app (kokybe/lib/demo.py): the Klaipėda centre's register over three years.

About forty entries (complaints, requests, compliments; every channel), most decided, a few still open of which some
are past their term (dates relative to the load day, so "overdue" shows whenever the demo is loaded), one extended,
one anonymous with a tracking code printed by the loader, one forwarded to the municipality, a few that led to
improvement actions. The texts are ours, written as a coordinator registers them; no real person.

Idempotent: nothing is created once the organisation has an entry.
"""

import random
from datetime import datetime, time, timedelta

from actions.models import Source
from actions.services import action_create
from kokybe.lib.workdays import VILNIUS, add_working_days
from orgs.models import Service

from .models import (
    Category,
    Channel,
    Complaint,
    ComplaintRules,
    Conclusion,
    Contact,
    IdentityMode,
    Kind,
    RootCause,
    Severity,
    Status,
    TimelineEntry,
    tracking_hash,
)

COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"
# The anonymous demo entry's tracking code: printed in the README so a visitor can try the public page.
DEMO_CODE = "KLPD-DEMA-7X2Q"

COMPLAINTS = [
    ("Vėluoja pavėžėjimas į dienos užimtumą", "Paslaugos teikimas ir laikas", "Darbuotojų trūkumas ar krūvis"),
    ("Maistas atvežamas atvėsęs", "Maitinimas", "Aplinkos ar įrangos trūkumas"),
    ("Darbuotoja nemandagiai kalbėjo telefonu", "Nemandagus bendravimas", "Bendravimo problema"),
    ("Nepranešta apie pasikeitusį konsultacijų laiką", "Informacijos trūkumas", "Nepakankamas informavimas"),
    ("Kambaryje neveikia šildymas", "Aplinka ir patalpos", "Aplinkos ar įrangos trūkumas"),
    ("Asmens byla parodyta kitam lankytojui", "Privatumas ir duomenų apsauga", "Nesilaikyta tvarkos aprašo"),
    ("Neatsižvelgta į vaiko nuomonę planuojant paslaugas", "Asmens nuomonė neišklausyta", "Nesilaikyta tvarkos aprašo"),
    ("Ilgai laukta psichologo konsultacijos", "Paslaugos teikimas ir laikas", "Darbuotojų trūkumas ar krūvis"),
    ("Neaiški mokėjimo už paslaugas tvarka", "Mokėjimai ir sutartys", "Nepakankamas informavimas"),
    ("Globėjams nepranešta apie mokymų atšaukimą", "Informacijos trūkumas", "Nepakankamas informavimas"),
    ("Transportas neatvyko sutartu laiku", "Transportas", "Trečiosios šalies veiksmai"),
    (
        "Darbuotojas nepakankamai paaiškino paslaugos sąlygas",
        "Darbuotojų kompetencija",
        "Darbuotojų kompetencijos trūkumas",
    ),
    ("Savivaldybės išmokų klausimas", "Kita", ""),
    ("Triukšmas krizių centre naktį", "Aplinka ir patalpos", "Priežastis nenustatyta"),
    ("Nepagarbus kreipimasis į gyventoją", "Orumas ir pagarba", "Bendravimo problema"),
]
REQUESTS = [
    "Prašau pakeisti konsultacijų laiką į popietę",
    "Prašau išduoti pažymą apie gautas paslaugas",
    "Prašau leisti dalyvauti savipagalbos grupėje",
    "Prašau suteikti informaciją apie globėjų mokymus",
    "Prašau pratęsti apgyvendinimą krizių centre",
    "Prašau pateikti asmens bylos kopiją",
    "Prašau skirti kitą socialinį darbuotoją",
    "Prašau organizuoti susitikimą su specialistais",
    "Prašau pakeisti maitinimo racioną dėl alergijos",
    "Prašau informacijos apie vasaros stovyklą vaikams",
]
COMPLIMENTS = [
    "Ačiū krizių centro komandai už pagalbą sunkiu metu",
    "Padėka socialinei darbuotojai už kantrybę",
    "Ačiū už puikiai organizuotą šventę vaikams",
    "Padėka psichologei už konsultacijas",
    "Ačiū globėjų mokymų lektoriams",
    "Padėka už greitą pagalbą naktį",
    "Ačiū už jaukią aplinką dienos centre",
    "Padėka budinčiai globotojai",
    "Ačiū už paramą ieškant darbo",
    "Padėka už paaiškintą dokumentų tvarkymą",
    "Ačiū visai komandai už metus kartu",
    "Padėka vairuotojui už rūpestį",
    "Ačiū už pagalbą ruošiantis teismui",
    "Padėka už kalėdinę popietę",
    "Ačiū už vertingus tėvystės įgūdžių mokymus",
]
# Days before the load day each entry was received: the last ones are still open (38 and 33 days: past the term).
COMPLAINT_DAYS = [1050, 980, 900, 820, 760, 700, 620, 540, 470, 400, 330, 250, 160, 38, 8]
REQUEST_DAYS = [1000, 890, 780, 690, 580, 470, 360, 250, 120, 33]
CHANNELS = [Channel.PAPER, Channel.EMAIL, Channel.PHONE, Channel.IN_PERSON, Channel.BOX, Channel.WEB, Channel.EASY_READ]


def load(ctx):
    org = ctx.orgs.get("klaipeda")
    if org is None or Complaint.objects.for_org(org).exists():
        return
    ComplaintRules.objects.update_or_create(
        org=org, defaults={"public_intake": True, "accepts_anonymous": True, "publish_statistics": True}
    )
    Category.objects.ensure_starter(org)
    categories = {c.name: c for c in Category.objects.for_org(org)}
    causes = {c.name: c for c in RootCause.objects.for_org(org)}
    services = list(Service.objects.for_org(org))
    coordinator, director = ctx.users[COORDINATOR], ctx.users[DIRECTOR]
    handlers = [coordinator, ctx.users[UNIT_HEAD], coordinator, ctx.users[STAFF]]
    rule = ComplaintRules.of(org).rule()
    rng = random.Random(16)
    today = ctx.today
    plan = []
    # Three years back to today: complaints and requests spread over the years; the last few still open.
    for back, (subject, category, cause) in zip(COMPLAINT_DAYS, COMPLAINTS, strict=True):
        plan.append((Kind.COMPLAINT, subject, category, cause, today - timedelta(days=back)))
    for back, subject in zip(REQUEST_DAYS, REQUESTS, strict=True):
        plan.append((Kind.REQUEST, subject, "", "", today - timedelta(days=back)))
    for i, subject in enumerate(COMPLIMENTS):
        plan.append((Kind.COMPLIMENT, subject, "", "", today - timedelta(days=1060 - i * 70)))
    sequences = {}
    rows, contacts, extras = [], [], []
    for n, (kind, subject, category, cause, day) in enumerate(sorted(plan, key=lambda p: p[4])):
        received = datetime.combine(day, time(9 + n % 7, 15), tzinfo=VILNIUS)
        key = (kind, day.year)
        sequences[key] = sequences.get(key, 0) + 1
        c = Complaint(
            org=org,
            kind=kind,
            year=day.year,
            sequence=sequences[key],
            channel=CHANNELS[n % len(CHANNELS)],
            received_at=received,
            registered_by=coordinator,
            subject=subject,
            description=subject + ".",
            service=services[n % len(services)] if services else None,
            severity=[Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH][n % 4],
            identity=IdentityMode.IDENTIFIED if n % 5 else IdentityMode.CONFIDENTIAL,
            owner=handlers[n % len(handlers)],
            rule=rule.as_json(),
            acknowledged_on=add_working_days(day, 1),
        )
        c.unit = c.service.unit if c.service else None
        c.compute_deadlines()
        age = (today - day).days
        if kind == Kind.COMPLIMENT:
            c.status = Status.CLOSED
        elif age > 40:
            days = rng.choice([6, 9, 12, 15, 18, 19, 22])  # one in seven decided late
            c.decided_on = add_working_days(day, days)
            c.conclusion = (
                rng.choice([Conclusion.UPHELD, Conclusion.PARTLY, Conclusion.NOT_UPHELD, Conclusion.NOT_UPHELD])
                if kind == Kind.COMPLAINT
                else Conclusion.UPHELD
            )
            c.root_cause = causes.get(cause)
            c.reply = "Jūsų kreipimasis išnagrinėtas. Ačiū, kad pranešėte."
            c.reply_sent_on, c.reply_sent_via = c.decided_on, c.channel
            c.status = Status.CLOSED if age > 120 else Status.DECIDED
        rows.append((c, category))
    # The special cases the demo shows: forwarded, extended, anonymous with a code, overdue.
    forwarded = next(c for c, cat in rows if cat == "Kita")
    forwarded.misdirected, forwarded.forwarded_to = True, "Klaipėdos miesto savivaldybės administracija"
    forwarded.forwarded_on = add_working_days(forwarded.received_on, 3)
    forwarded.forward_notified_on = add_working_days(forwarded.forwarded_on, 1)
    forwarded.conclusion, forwarded.decided_on, forwarded.root_cause = (
        Conclusion.FORWARDED,
        forwarded.forwarded_on,
        None,
    )
    forwarded.status = Status.CLOSED
    open_ones = [c for c, _cat in rows if c.status == Status.OPEN]
    if open_ones:
        anonymous = open_ones[-1]
        anonymous.identity, anonymous.channel = IdentityMode.ANONYMOUS, Channel.WEB
        anonymous.registered_by, anonymous.tracking_hash = None, tracking_hash(DEMO_CODE)
    extended = next(
        c for c, _cat in rows if c.kind == Kind.COMPLAINT and c.status != Status.OPEN and c is not forwarded
    )
    extended.extension_days, extended.extension_reason = 10, "Reikėjo gauti savivaldybės paaiškinimą."
    extended.extended_on = add_working_days(extended.received_on, 15)
    extended.extension_notified_on = add_working_days(extended.extended_on, 1)
    extended.compute_deadlines()
    extended.decided_on = add_working_days(extended.received_on, 27)
    Complaint.objects.bulk_create([c for c, _cat in rows])
    saved = {(c.kind, c.year, c.sequence): c for c in Complaint.objects.for_org(org)}
    through = Complaint.categories.through
    links = []
    for c, category in rows:
        row = saved[(c.kind, c.year, c.sequence)]
        if category in categories:
            links.append(through(complaint_id=row.pk, category_id=categories[category].pk))
        if row.identity != IdentityMode.ANONYMOUS and row.kind != Kind.COMPLIMENT:
            contacts.append(Contact(complaint=row, name="Demo Asmuo", phone="+370 600 00000"))
        if row.status != Status.OPEN and row.kind == Kind.COMPLAINT:
            extras.append(
                TimelineEntry(
                    complaint=row,
                    org=org,
                    type=TimelineEntry.Type.CALL,
                    happened_on=add_working_days(row.received_on, 2),
                    text="Paskambinta asmeniui, patikslintos aplinkybės.",
                    by=row.owner,
                )
            )
    through.objects.bulk_create(links)
    Contact.objects.bulk_create(contacts)
    TimelineEntry.objects.bulk_create(extras)
    upheld = [
        saved[(c.kind, c.year, c.sequence)]
        for c, _cat in rows
        if c.conclusion in (Conclusion.UPHELD, Conclusion.PARTLY)
    ]
    for complaint in [c for c in upheld if c.kind == Kind.COMPLAINT][:3]:
        action_create(
            org=org,
            title=f"Tobulinimas po {complaint.number}: {complaint.subject}"[:255],
            source=Source.COMPLAINT,
            source_object=complaint,
            by=director,
            owner=complaint.owner,
            description="Peržiūrėti tvarką ir aptarti su komanda, kad situacija nepasikartotų.",
            due_date=today + timedelta(days=30),
        )
    ctx.created["complaints.Complaint"] += len(rows)
