"""Demo data of the audits app (kokybe/lib/demo.py): the Klaipėda centre's audits, certificates, progress reports and
a management review.

Sourced (seed 000, shared/DOMAIN.md): the internal audit of 2020-02-05, the external audits of 2020-11-23 and
2021-03-29, and the certificate of 2021-05-14 (EQUASS Assurance, registry reference LIT2021-069) for the six
services of the application. The findings are worded by us as auditors write them; they match the improvement
actions of the implementation plan (actions/demo.py), whose source becomes the finding.

Illustrative (a typical renewal, told the same way by the calendar and documents demos): the 2021 certificate
expired on 2024-05-14 (3 years); the centre renewed it after an internal audit on 2023-11-08 and a renewal audit on
2024-02-26–27, with certificate LIT2024-112 valid until 2027-05-14. The next internal audit (2026-12-10) and the
renewal audit (2027-03-22–23) are planned; a management review was held on 2026-01-22. The external auditor demo
login is given the current self-assessment (if the assessments demo made one) until its membership ends.

Idempotent: an audit is looked up by organisation, title and start date, a certificate by its reference, a report
by its year; once made, nothing here changes them again.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from actions.models import ImprovementAction, Source
from assessments.models import Assessment
from frameworks.models import Criterion, FrameworkVersion, Indicator
from orgs.models import Membership, Service

from . import access, services, services_records
from .models import Audit, AuditFinding, AuditorGrant, Certificate, Kind, ManagementReview, ProgressReport, Status

WORKING_SET = "equass-assurance-ws"
COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
AUDITOR = "vidaus.auditorius@klaipeda.demo"
EXTERNAL = "isores.auditorius@klaipeda.demo"
AUDITOR_NAME = "Andrius Navickas"
AUDITOR_BODY = "Licencijuotas EQUASS auditorius (Europos reabilitacijos platforma)"

# Each audit: its fields, findings as (kind, principle code, text, evidence, title of the plan's action or ""),
# the conclusion, and the checklist verdict for principles with a nonconformity or observation ("partly").
AUDITS = [
    {
        "kind": Kind.INTERNAL,
        "title": "Vidaus auditas",
        "planned_start": date(2020, 2, 5),
        "method": "Dokumentų peržiūra (kokybės politika, tvarkos, individualūs planai – 12 bylų), pokalbiai su "
        "vadovais, 9 darbuotojais ir 6 paslaugų gavėjais, veiklos stebėjimas Globos centre ir krizių centre.",
        "findings": [
            (
                "strength",
                "1",
                "Vadovai ir darbuotojai aiškiai žino įstaigos misiją ir kokybės politiką; politika paskelbta "
                "padaliniuose ir interneto svetainėje.",
                "Pokalbiai su 9 darbuotojais; svetainės skyrius „Kokybė“.",
                "",
            ),
            (
                "minor_nc",
                "2",
                "Naujų darbuotojų įvadinio mokymo programoje nėra etikos ir asmens duomenų apsaugos temų; 2 iš 5 "
                "per 2019 m. priimtų darbuotojų šių mokymų neturėjo.",
                "Įvadinio mokymo programa (2018 m.), mokymų registras.",
                "Papildyti darbuotojų įvadinio mokymo programą etikos ir asmens duomenų apsaugos temomis",
            ),
            (
                "observation",
                "9",
                "Veiklos rezultatų rodikliai renkami, bet nesusieti su metiniu veiklos planu ir neaptariami vadovų "
                "pasitarimuose.",
                "2019 m. veiklos planas, pasitarimų protokolai.",
                "Susieti veiklos rezultatų rodiklius su metiniu planu ir parengti jų stebėsenos lentelę",
            ),
            (
                "observation",
                "6",
                "Paslaugų gavėjų tarybos susitikimai vyksta nereguliariai; protokoluose neužrašomi sprendimai ir jų "
                "vykdymas.",
                "Paslaugų gavėjų tarybos protokolai (2019 m. – 2 susitikimai).",
                "",
            ),
        ],
        "summary": "Kokybės sistema diegiama nuosekliai; nustatyta 1 nedidelė neatitiktis ir 2 pastebėjimai. "
        "Iki išorės audito numatyti tobulinimo veiksmai, atsakingi asmenys ir terminai.",
        # Findings (by position) resting on documents of these types, as the auditors read them that day.
        "documents": {0: ["quality-policy"], 1: ["recruitment-retention"]},
    },
    {
        "kind": Kind.EXTERNAL,
        "external_type": "initial",
        "title": "Išorės auditas (I)",
        "planned_start": date(2020, 11, 23),
        "desk_review_on": date(2020, 11, 9),
        "site_visit_on": date(2020, 11, 23),
        "method": "Įsivertinimo ataskaitos ir dokumentų peržiūra; vizitas įstaigoje: pokalbiai su vadovais, "
        "darbuotojais, paslaugų gavėjais ir partneriais.",
        "findings": [
            (
                "strength",
                "8",
                "Krizių centre teikiama pagalba vertinama labai gerai: paslaugų gavėjos nurodo saugumo jausmą ir "
                "greitą reagavimą visą parą.",
                "Pokalbiai su 4 paslaugų gavėjomis.",
                "",
            ),
            (
                "recommendation",
                "7",
                "Užtikrinti, kad paslaugų gavėjas dalyvautų peržiūrint savo individualų pagalbos planą: 4 iš 12 "
                "tikrintų planų nėra gavėjo pastabų ar parašo.",
                "12 individualių pagalbos planų (Socialinės priežiūros ir globos skyrius).",
                "Užtikrinti, kad paslaugų gavėjas dalyvautų peržiūrint savo individualų pagalbos planą",
            ),
            (
                "unmet",
                "10",
                "Neaprašyti pagrindiniai veiklos procesai ir nepaskirti jų savininkai, todėl procesų "
                "veiksmingumas nematuojamas.",
                "Kokybės vadovas, pokalbis su kokybės koordinatore.",
                "Parengti veiklos procesų žemėlapį ir paskirti procesų savininkus",
            ),
        ],
        "summary": "Dauguma reikalavimų atitinka. Iki pakartotinio audito įgyvendinti rekomendaciją dėl paslaugų "
        "gavėjų dalyvavimo ir aprašyti veiklos procesus.",
    },
    {
        "kind": Kind.EXTERNAL,
        "external_type": "follow_up",
        "title": "Išorės auditas (II)",
        "planned_start": date(2021, 3, 29),
        "desk_review_on": date(2021, 3, 15),
        "site_visit_on": date(2021, 3, 29),
        "method": "Rekomendacijų įgyvendinimo patikra: dokumentai ir pokalbiai nuotoliniu būdu.",
        "findings": [
            (
                "strength",
                "7",
                "Visuose tikrintuose individualiuose planuose yra paslaugų gavėjo pastabos ir parašas – "
                "rekomendacija įgyvendinta.",
                "10 individualių pagalbos planų (2021 m. sausis–kovas).",
                "",
            ),
            (
                "strength",
                "10",
                "Procesų žemėlapis patvirtintas direktoriaus įsakymu ir paskelbtas; paskirti procesų savininkai.",
                "Procesų žemėlapis, 2021-03-12 įsakymas.",
                "",
            ),
            (
                "observation",
                "9",
                "Rezultatų tendencijas verta analizuoti trejų metų laikotarpiu ir aptarti metinėje pažangos "
                "ataskaitoje.",
                "",
                "",
            ),
        ],
        "summary": "Reikalavimai atitinka. Teikiama rekomendacija EQUASS apdovanojimų komitetui suteikti EQUASS "
        "Assurance sertifikatą.",
    },
    {
        "kind": Kind.INTERNAL,
        "title": "Vidaus auditas prieš pakartotinę sertifikaciją",
        "planned_start": date(2023, 11, 8),
        "method": "Dokumentų peržiūra ir pokalbiai su padalinių vadovais ir darbuotojais.",
        "findings": [
            (
                "observation",
                "1",
                "Vadovybės analizė atliekama, bet neaprašyta jos tvarka ir nėra vienos ataskaitos formos.",
                "2022–2023 m. vadovų pasitarimų protokolai.",
                "Parengti vadovybės analizės tvarką ir ataskaitos formą",
            ),
            (
                "strength",
                "5",
                "Savanorių įtraukimo tvarka taikoma; 2023 m. įtraukta 14 savanorių.",
                "Savanorių registras.",
                "",
            ),
        ],
        "summary": "Įstaiga pasirengusi pakartotinės sertifikacijos auditui.",
    },
    {
        "kind": Kind.EXTERNAL,
        "external_type": "renewal",
        "title": "Pakartotinės sertifikacijos išorės auditas",
        "planned_start": date(2024, 2, 26),
        "planned_end": date(2024, 2, 27),
        "desk_review_on": date(2024, 2, 12),
        "site_visit_on": date(2024, 2, 26),
        "method": "Įsivertinimo ataskaitos peržiūra ir dviejų dienų vizitas įstaigoje.",
        "findings": [
            (
                "recommendation",
                "9",
                "Metinėje pažangos ataskaitoje pateikti trejų metų rezultatų tendencijas ir jų analizę.",
                "2022 ir 2023 m. pažangos ataskaitos.",
                "Parengti metinę pažangos ataskaitą su trejų metų rezultatų tendencijomis",
            ),
            (
                "recommendation",
                "5",
                "Labiau įtraukti partnerius į paslaugų kokybės vertinimą.",
                "Pokalbis su 3 partnerių atstovais.",
                "Įtraukti partnerius į paslaugų kokybės vertinimą: surengti metinį partnerių forumą",
            ),
        ],
        "summary": "Reikalavimai atitinka; rekomenduojama atnaujinti EQUASS Assurance sertifikatą.",
    },
]

PLANNED = [
    {
        "kind": Kind.INTERNAL,
        "title": "Vidaus auditas",
        "planned_start": date(2026, 12, 10),
        "method": "Dokumentų peržiūra, pokalbiai su darbuotojais ir paslaugų gavėjais, stebėjimas padaliniuose.",
    },
    {
        "kind": Kind.EXTERNAL,
        "external_type": "renewal",
        "title": "Pakartotinės sertifikacijos išorės auditas",
        "planned_start": date(2027, 3, 22),
        "planned_end": date(2027, 3, 23),
        "desk_review_on": date(2027, 3, 8),
        "site_visit_on": date(2027, 3, 22),
    },
]

CERTIFICATES = [
    ("LIT2021-069", date(2021, 5, 14), "Išorės auditas (II)", ""),
    (
        "LIT2024-112",
        date(2024, 5, 14),
        "Pakartotinės sertifikacijos išorės auditas",
        "Demonstraciniai duomenys: atnaujintas sertifikatas po pakartotinės sertifikacijos.",
    ),
]


def _audit(ctx, org, by, version, data, services_all):
    audit = Audit.objects.filter(org=org, title=data["title"], planned_start=data["planned_start"]).first()
    if audit is not None:
        return audit, False
    fields = {k: v for k, v in data.items() if k not in ("findings", "summary", "documents")}
    if fields["kind"] == Kind.INTERNAL:
        fields["lead_auditor"] = ctx.users[AUDITOR]
    else:
        fields.update(auditor_name=AUDITOR_NAME, auditor_body=AUDITOR_BODY)
    audit = services.audit_save(
        audit=Audit(org=org, version=version, **fields),
        by=by,
        services=services_all,
        team=[ctx.users[COORDINATOR]] if fields["kind"] == Kind.INTERNAL else [],
    )
    ctx.created[Audit._meta.label] += 1
    return audit, True


def _link(action_title, org, finding):
    """Point the plan's action at the finding it answered (the plan was loaded before the audits existed)."""
    ImprovementAction.objects.filter(org=org, title=action_title, source_id="").update(
        source_type=ContentType.objects.get_for_model(AuditFinding), source_id=str(finding.pk)
    )


def _documents_on(org, type_codes, day):
    """The organisation's documents of these types, each with the version in force on that day (the one the
    auditors read; none approved yet: the link follows the version in force)."""
    from documents.models import Document, DocumentVersion

    found = []
    for document in Document.objects.for_org(org).filter(type__code__in=list(type_codes)).order_by("pk"):
        versions = DocumentVersion.objects.for_org(org).approved().filter(document=document, effective_from__lte=day)
        found.append((document, versions.order_by("-effective_from", "-number").first()))
    return found


def _findings(ctx, org, by, audit, data, version):
    criteria = {}
    for criterion in Criterion.objects.filter(version=version).select_related("principle").order_by("order", "pk"):
        criteria.setdefault(criterion.principle.code, criterion)
    for number, (kind, principle, text, evidence, action_title) in enumerate(data["findings"]):
        finding = services.finding_create(
            audit=audit,
            kind=kind,
            text=text,
            evidence=evidence,
            criterion=criteria.get(principle),
            documents=_documents_on(org, data.get("documents", {}).get(number, ()), audit.planned_start),
            by=by,
        )
        ctx.created[AuditFinding._meta.label] += 1
        if action_title:
            _link(action_title, org, finding)
    if audit.is_internal:
        # The checklist as the auditors left it: each indicator checked, "partly" where a finding calls for work.
        partly = {p for kind, p, *_rest in data["findings"] if kind != "strength"}
        items = list(audit.checklist.select_related("indicator__criterion__principle"))
        for item in items:
            item.verdict = "partly" if item.indicator.criterion.principle.code in partly else "conforms"
            item.interviewed = ["management", "staff", "service_users"]
        if items:
            type(items[0]).objects.bulk_update(items, ["verdict", "interviewed"])


def _close(audit, by, summary):
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=by)
    services.audit_close(audit=audit, by=by, summary=summary)
    Audit.objects.filter(pk=audit.pk).update(closed_on=audit.last_date)


def _certificates(ctx, org, by, version, services_all):
    for reference, issued_on, audit_title, notes in CERTIFICATES:
        if Certificate.objects.filter(org=org, reference=reference).exists():
            continue
        audit = Audit.objects.filter(org=org, title=audit_title, planned_start__lt=issued_on).order_by("-pk").first()
        certificate = Certificate(
            org=org,
            version=version,
            level="EQUASS Assurance",
            reference=reference,
            issued_on=issued_on,
            audit=audit,
            awarded_by="EQUASS apdovanojimų komitetas",
            notes=notes,
        )
        services_records.certificate_save(certificate=certificate, by=by, services=services_all)
        ctx.created[Certificate._meta.label] += 1


def _reports(ctx, org, by):
    for year, final in ((2024, True), (2025, False)):
        if ProgressReport.objects.filter(org=org, year=year).exists():
            continue
        report = services_records.progress_report_create(org=org, year=year, by=by)
        if final:
            services_records.progress_report_status(report=report, to="final", by=by)
        ctx.created[ProgressReport._meta.label] += 1


def _review(ctx, org, director):
    from .forms import ReviewForm

    if ManagementReview.objects.filter(org=org, held_on=date(2026, 1, 22)).exists():
        return
    form = ReviewForm(
        {
            "title": "Vadovybės analizė",
            "held_on": "2026-01-22",
            "participants": "Direktorė, kokybės koordinatorė, padalinių vadovai",
            "conclusions": "Kokybės sistema veikia; didžiausias dėmesys 2026 m. – pasirengimas pakartotinei "
            "sertifikacijai 2027 m. ir partnerių įtraukimas.",
        }
    )
    form.instance.org = org
    if not form.is_valid():
        raise ValueError(form.errors)
    review = services_records.review_save(form=form, by=director)
    # Its decisions are the plan's management-review actions of the following year (actions/demo.py).
    ImprovementAction.objects.filter(
        org=org,
        source=Source.MANAGEMENT_REVIEW,
        source_id="",
        start_date__gte=review.held_on,
        start_date__lt=date(2027, 1, 21),
    ).update(source_type=ContentType.objects.get_for_model(ManagementReview), source_id=str(review.pk))
    services_records.review_finalise(review_obj=review, by=director)
    ctx.created[ManagementReview._meta.label] += 1


def _grant(ctx, org, by, renewal):
    cycle = Assessment.objects.for_org(org).current().first()
    membership = Membership.objects.for_org(org).filter(user=ctx.users.get(EXTERNAL)).first()
    if cycle is None or membership is None or AuditorGrant.objects.for_org(org).filter(email=EXTERNAL).exists():
        return
    access.grant_create(
        org=org,
        email=EXTERNAL,
        assessment=cycle,
        audit=renewal,
        valid_until=membership.access_until,
        by=by,
        notify=False,
    )
    ctx.created[AuditorGrant._meta.label] += 1


def load(ctx):
    version = (
        ctx.extra.get("framework_version")
        or FrameworkVersion.objects.filter(framework__code=WORKING_SET, org__isnull=True).first()
    )
    if version is None or not Indicator.objects.filter(version=version).exists():
        return
    org, by = ctx.orgs["klaipeda"], ctx.users[COORDINATOR]
    services_all = list(Service.objects.for_org(org))
    # The demo is Lithuanian whoever loads it (titles of calendar entries and report sections are written text).
    with translation.override("lt"):
        for data in AUDITS:
            audit, created = _audit(ctx, org, by, version, data, services_all)
            if created:
                _findings(ctx, org, by, audit, data, version)
                _close(audit, by, data["summary"])
        renewal = None
        for data in PLANNED:
            renewal, _created = _audit(ctx, org, by, version, data, services_all)
        _certificates(ctx, org, by, version, services_all)
        _reports(ctx, org, by)
        _review(ctx, org, ctx.users[DIRECTOR])
        _grant(ctx, org, by, renewal)
