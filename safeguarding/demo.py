"""Demo safeguarding cases in the Klaipėda centre: a child's disclosure notified to VVTAĮT and the police within the
hour, a financial-abuse suspicion in the crisis centre whose notification to the founder is overdue, and a closed
medication error. Tomas Petrauskas (unit head) is the safeguarding lead, Laura Stankevičienė (staff) his deputy.
Idempotent: nothing is added once the centre has a case."""

from datetime import datetime, time, timedelta

from kokybe.lib.workdays import VILNIUS

from . import services
from .models import Authority, ChronologyEntry, Event, Lead, Notice, Rule

CONTACTS = {
    "vvtait": "Klaipėdos apskrities vaiko teisių apsaugos skyrius\nTel. 8 700 00 000 (po darbo valandų – 112)",
    "police": "Klaipėdos apskrities VPK\nTel. 112",
    "founder": "Klaipėdos miesto savivaldybės administracija, Socialinių reikalų departamentas",
}


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=VILNIUS)


def load(ctx):
    from people.models import ServiceUser

    org = ctx.orgs["klaipeda"]
    if Event.objects.for_org(org).exists():
        return
    director = ctx.users["direktorius@klaipeda.demo"]
    lead = ctx.users["padalinio.vadovas@klaipeda.demo"]
    deputy = ctx.users["darbuotojas@klaipeda.demo"]
    Lead.objects.bulk_create(
        [
            Lead(org=org, user=lead, kind=Lead.Kind.LEAD, named_by=director),
            Lead(org=org, user=deputy, kind=Lead.Kind.DEPUTY, named_by=director),
        ]
    )
    services.ensure_defaults(org)
    for kind, contacts in CONTACTS.items():
        Authority.objects.filter(org=org, kind=kind).update(contacts=contacts)
    authorities = {a.kind: a for a in Authority.objects.for_org(org)}
    rules = {r.code: r for r in Rule.objects.for_org(org)}
    start = ctx.today - timedelta(days=400)
    child = ServiceUser.objects.create(org=org, started=start, age_group="child")
    woman = ServiceUser.objects.create(org=org, started=ctx.today - timedelta(days=40), age_group="adult", sex="female")
    boy = ServiceUser.objects.create(org=org, started=start, age_group="child", sex="male")

    day = ctx.today - timedelta(days=20)
    disclosure = Event.objects.create(
        org=org,
        number=1,
        type="physical",
        happened_at=_at(day - timedelta(days=1), 19, 0),
        aware_at=_at(day, 10, 15),
        place="Globos centro poilsio kambarys",
        setting="licensed_care",
        service_user=child,
        age_group="child",
        alleged="family",
        facts="Per pokalbį mergaitė pasakė: „Vakar tėtis mane mušė diržu, nes negrįžau laiku.“ Ant dilbio matyti "
        "mėlynė.",
        opinions="Mergaitė atrodė išsigandusi ir prašė niekam nesakyti.",
        immediate_steps="Mergaitė liko centre su socialine darbuotoja; apie susitikimą su tėvu šiandien nesitarta.",
        severity="serious",
        status="notified",
        recorded_by=deputy,
    )
    notices = []
    for code, minutes in (("child-violence-vvtait", 40), ("child-violence-police", 55), ("care-serious-sppd", 60 * 26)):
        rule = rules[code]
        authority = authorities[rule.authority_kind]
        notices.append(
            Notice(
                event=disclosure,
                rule=rule,
                authority=authority,
                due_at=rule.due_at(disclosure.aware_at),
                terms=rule.terms(authority),
                status="sent",
                sent_at=disclosure.aware_at + timedelta(minutes=minutes),
                channel=rule.channel[:100],
                reference=f"REG-{code[:5].upper()}-{minutes}",
                recorded_by=lead,
            )
        )

    day = ctx.today - timedelta(days=8)  # the founder is owed notice within 3 working days: overdue now
    financial = Event.objects.create(
        org=org,
        number=2,
        type="financial",
        happened_at=_at(day - timedelta(days=30), 9, 0),
        aware_at=_at(day, 14, 30),
        place="Krizių centras, seifas",
        setting="licensed_care",
        service_user=woman,
        age_group="adult",
        alleged="unknown",
        facts="Mėnesio sutikrinime trūksta 85,00 EUR iš gyventojos asmeninių lėšų voko.",
        opinions="Galbūt pinigai paimti per lankymą savaitgalį.",
        immediate_steps="Vokas perkeltas į direktorės seifą; gyventoja informuota.",
        money_owner="service_user",
        amount="85.00",
        period_from=day - timedelta(days=30),
        period_to=day,
        found_how="reconciliation",
        reconciliation_ref="SUT-2026-11-KC",
        severity="moderate",
        status="assessing",
        recorded_by=deputy,
    )
    rule = rules["financial-founder"]
    notices.append(
        Notice(
            event=financial,
            rule=rule,
            authority=authorities["founder"],
            due_at=rule.due_at(financial.aware_at),
            terms=rule.terms(authorities["founder"]),
        )
    )
    Notice.objects.bulk_create(notices)

    day = ctx.today - timedelta(days=45)
    medication = Event.objects.create(
        org=org,
        number=3,
        type="medication",
        happened_at=_at(day, 8, 0),
        aware_at=_at(day, 8, 20),
        place="Globos centras, vaistų spinta",
        setting="licensed_care",
        service_user=boy,
        age_group="child",
        alleged="nobody",
        facts="Rytinė vaisto dozė duota dukart: du darbuotojai nepažymėjo lape, kad davė.",
        immediate_steps="Paskambinta šeimos gydytojui; berniukas stebėtas visą dieną, būklė gera.",
        severity="low",
        status="closed",
        outcome="Žalos nepadaryta.",
        root_cause="Vaistų davimo lapas pildomas po pamainos, ne iškart.",
        support_given="Berniukui paaiškinta, kas nutiko; informuoti globėjai.",
        closed_at=_at(day + timedelta(days=3), 16, 0),
        recorded_by=lead,
    )
    entries = [
        (disclosure, deputy, disclosure.aware_at + timedelta(minutes=5), "status", "Užregistruota."),
        (disclosure, lead, disclosure.aware_at + timedelta(minutes=20), "note", "Pradėtas vertinimas."),
        (disclosure, lead, disclosure.aware_at + timedelta(minutes=41), "notice", "Pranešta VVTAĮT telefonu."),
        (disclosure, lead, disclosure.aware_at + timedelta(minutes=56), "notice", "Pranešta policijai (112)."),
        (financial, deputy, financial.aware_at + timedelta(minutes=10), "status", "Užregistruota."),
        (medication, lead, medication.aware_at + timedelta(minutes=10), "status", "Užregistruota."),
        (medication, lead, medication.closed_at, "status", "Uždaryta: žalos nėra, tvarka pakeista."),
    ]
    ChronologyEntry.objects.bulk_create(
        [ChronologyEntry(event=e, by=by, at=at, kind=kind, text=text) for e, by, at, kind, text in entries]
    )
    ctx.created["safeguarding.Event"] += 3
