"""Demo quality calendars (called from actions/demo.py's load(ctx); see kokybe/lib/demo.py).

The Klaipėda centre's 2018–2021 EQUASS timeline is its real one (shared/DOMAIN.md, seed 000). What follows the first
certificate — progress reports, the 2024 renewal and the 2026–2027 cycle — is an illustrative, typical renewal cycle
and says so in each description. Idempotent: each milestone is looked up by organisation, title and start date.
"""

from datetime import date

from .models import Milestone, MilestoneKind

K = MilestoneKind
SOURCED = "Šaltinis: įstaigos EQUASS diegimo eiga (viešai skelbiama informacija)."
ILLUSTRATIVE = "Demonstraciniai duomenys: tipinis pakartotinės sertifikacijos ciklas."

COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
CONSULTANT = "konsultantas@klaipeda.demo"
AUDITOR = "vidaus.auditorius@klaipeda.demo"

# (kind, title, start, end or None, responsible e-mail, description)
KLAIPEDA = [
    (
        K.CUSTOM,
        "Paraiška dalyvauti EQUASS projekte",
        date(2018, 11, 12),
        None,
        DIRECTOR,
        "Paraiška dalyvauti projekte „Socialinių paslaugų kokybės gerinimas, taikant EQUASS kokybės sistemą“.",
    ),
    (
        K.CUSTOM,
        "Sutartis su projekto koordinatoriumi",
        date(2019, 1, 11),
        None,
        DIRECTOR,
        "Sutartis su VšĮ Valakupių reabilitacijos centru.",
    ),
    (K.TRAINING, "Vadovų mokymai (I dalis)", date(2019, 2, 7), None, DIRECTOR, "EQUASS mokymai įstaigos vadovams."),
    (
        K.TRAINING,
        "EQUASS koordinatorių mokymai",
        date(2019, 2, 19),
        date(2019, 2, 20),
        COORDINATOR,
        "Dviejų dienų mokymai kokybės koordinatoriams.",
    ),
    (K.TRAINING, "Vadovų mokymai (II dalis)", date(2019, 2, 28), None, DIRECTOR, "EQUASS mokymai įstaigos vadovams."),
    (
        K.CONSULTANT_VISIT,
        "EQUASS konsultanto įvadinis vizitas",
        date(2019, 3, 12),
        None,
        CONSULTANT,
        "Įvadinis konsultanto vizitas: esamos padėties aptarimas ir diegimo planų pradžia.",
    ),
    (
        K.CUSTOM,
        "Diegimo planų rengimas",
        date(2019, 3, 1),
        date(2019, 4, 30),
        COORDINATOR,
        "Diegimo planai: ką keisti, kas atsakingas, iki kada.",
    ),
    (
        K.SURVEY_PERIOD,
        "Poveikio vertinimo apklausa (I etapas)",
        date(2019, 11, 1),
        date(2019, 11, 30),
        COORDINATOR,
        "Darbuotojų, vadovų, paslaugų gavėjų, finansuotojų ir partnerių apklausa.",
    ),
    (
        K.INTERNAL_AUDIT,
        "Vidaus auditas",
        date(2020, 2, 5),
        None,
        AUDITOR,
        "Pirmasis vidaus auditas pagal EQUASS Assurance reikalavimus.",
    ),
    (
        K.EXTERNAL_AUDIT,
        "Išorės auditas (I)",
        date(2020, 11, 23),
        None,
        COORDINATOR,
        "Licencijuoto auditoriaus vertinimas: dokumentų peržiūra ir vizitas.",
    ),
    (
        K.SURVEY_PERIOD,
        "Poveikio vertinimo apklausa (II etapas)",
        date(2021, 3, 1),
        date(2021, 3, 31),
        COORDINATOR,
        "Pakartotinė suinteresuotųjų šalių apklausa.",
    ),
    (
        K.EXTERNAL_AUDIT,
        "Išorės auditas (II)",
        date(2021, 3, 29),
        None,
        COORDINATOR,
        "Pakartotinis išorės auditas: rekomendacijų įgyvendinimo patikra.",
    ),
    (
        K.CUSTOM,
        "Suteiktas EQUASS Assurance sertifikatas",
        date(2021, 5, 14),
        None,
        DIRECTOR,
        "EQUASS Apdovanojimų komiteto sprendimas; sertifikatas apima šešias paslaugas, galioja 3 metus.",
    ),
    (
        K.CERTIFICATE_EXPIRY,
        "Baigiasi EQUASS Assurance sertifikato galiojimas",
        date(2024, 5, 14),
        None,
        DIRECTOR,
        "2021 m. sertifikato galiojimo pabaiga (3 metai).",
    ),
]

# The renewal cycle after the first certificate: illustrative.
KLAIPEDA_RENEWAL = [
    (K.CUSTOM, "Metinė pažangos ataskaita", date(2022, 5, 13), None, COORDINATOR, ""),
    (K.CUSTOM, "Metinė pažangos ataskaita", date(2023, 5, 12), None, COORDINATOR, ""),
    (K.INTERNAL_AUDIT, "Vidaus auditas prieš pakartotinę sertifikaciją", date(2023, 11, 8), None, AUDITOR, ""),
    (
        K.EXTERNAL_AUDIT,
        "Pakartotinės sertifikacijos išorės auditas",
        date(2024, 2, 26),
        date(2024, 2, 27),
        COORDINATOR,
        "",
    ),
    (K.CUSTOM, "Metinė pažangos ataskaita", date(2025, 5, 14), None, COORDINATOR, ""),
    (K.MANAGEMENT_REVIEW, "Vadovybės analizė", date(2026, 1, 22), None, DIRECTOR, ""),
    (K.CUSTOM, "Metinė pažangos ataskaita", date(2026, 5, 14), None, COORDINATOR, ""),
    (
        K.TRAINING,
        "Darbuotojų mokymai: etika ir paslaugų gavėjų teisės",
        date(2026, 12, 3),
        date(2026, 12, 4),
        COORDINATOR,
        "",
    ),
    (K.INTERNAL_AUDIT, "Vidaus auditas", date(2026, 12, 10), None, AUDITOR, ""),
    (
        K.CUSTOM,
        "Įsivertinimas pagal EQUASS reikalavimus",
        date(2027, 1, 4),
        date(2027, 2, 26),
        COORDINATOR,
        "",
    ),
    (K.MANAGEMENT_REVIEW, "Vadovybės analizė", date(2027, 1, 21), None, DIRECTOR, ""),
    (
        K.SURVEY_PERIOD,
        "Paslaugų gavėjų ir darbuotojų pasitenkinimo apklausa",
        date(2027, 2, 1),
        date(2027, 2, 28),
        COORDINATOR,
        "",
    ),
    (K.CONSULTANT_VISIT, "Konsultanto vizitas prieš išorės auditą", date(2027, 2, 16), None, CONSULTANT, ""),
    (
        K.EXTERNAL_AUDIT,
        "Pakartotinės sertifikacijos išorės auditas",
        date(2027, 3, 22),
        date(2027, 3, 23),
        COORDINATOR,
        "",
    ),
    (
        K.CERTIFICATE_EXPIRY,
        "Baigiasi EQUASS Assurance sertifikato galiojimas",
        date(2027, 5, 14),
        None,
        DIRECTOR,
        "2024 m. atnaujinto sertifikato galiojimo pabaiga.",
    ),
]

VISAGINAS = [
    (
        K.CUSTOM,
        "Sutartis dėl dalyvavimo EQUASS projekte",
        date(2019, 11, 29),
        None,
        "direktorius@visaginas.demo",
        SOURCED,
    ),
    (
        K.CUSTOM,
        "Integruotos pagalbos projekto partnerystės pradžia",
        date(2023, 1, 2),
        None,
        "direktorius@visaginas.demo",
        "Projektas 07-003-P-0001 (2022-12-08 – 2026-12-31). " + SOURCED,
    ),
]


def _ensure(ctx, org, rows, note, by):
    for kind, title, start, end, responsible, description in rows:
        text = f"{description}\n\n{note}".strip() if note else description
        ctx.ensure(
            Milestone,
            org=org,
            title=title,
            start_date=start,
            defaults={
                "kind": kind,
                "end_date": end,
                "responsible": ctx.users.get(responsible),
                "description": text,
                "created_by": by,
            },
            log=(org, by),
        )


def load(ctx):
    klaipeda, by = ctx.orgs["klaipeda"], ctx.users[COORDINATOR]
    _ensure(ctx, klaipeda, KLAIPEDA, SOURCED, by)
    _ensure(ctx, klaipeda, KLAIPEDA_RENEWAL, ILLUSTRATIVE, by)
    visaginas = ctx.orgs["visaginas"]
    _ensure(ctx, visaginas, VISAGINAS, "", ctx.users["koordinatorius@visaginas.demo"])
