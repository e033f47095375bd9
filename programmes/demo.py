"""Demo programmes (loaded by `manage.py load_demo` after orgs.demo; see kokybe/lib/demo.py).

Facts from the seed pages: codes, titles, periods, the 07-003 funding and implementer, the Klaipėda and Visaginas
dates. The EQUASS project is known only as "2017–2022", so its period is stored as the first and last day of those
years. The ESF+ follow-up 07-008-P-0001 is left out: its title and participants are not in our sources.
"""

from datetime import date
from decimal import Decimal

from .models import Programme, ProgrammeParticipation

EQUASS = "08.4.1-ESFA-V-421-01-0001"
INTEGRATED_HELP = "07-003-P-0001"

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
                "notes": "Paraiška šešioms paslaugoms; EQUASS Assurance sertifikatas gautas 2021-05-14.",
            },
            {
                "org": "visaginas",
                "contract_date": date(2019, 11, 29),
                "joined_on": date(2019, 11, 29),
                "notes": (
                    "Gerinama Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyriuje "
                    "teikiamų ilgalaikės (trumpalaikės) socialinės globos paslaugų kokybė."
                ),
            },
        ],
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
        "funding_source": (
            "2021–2027 m. ES struktūrinės paramos „Europos socialinio fondo +“ ir bendrojo finansavimo lėšos"
        ),
        "funding_amount": Decimal("43940212.00"),
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


def load(ctx):
    for data in PROGRAMMES:
        data = dict(data)
        code, org = data.pop("code"), ctx.orgs[data.pop("coordinating_org")]
        coordinators, participants = data.pop("coordinators"), data.pop("participants")
        programme = ctx.ensure(Programme, code=code, defaults={**data, "coordinating_org": org})
        programme.coordinators.add(*(ctx.users[email] for email in coordinators))
        for part in participants:
            part = dict(part)
            ctx.ensure(ProgrammeParticipation, programme=programme, org=ctx.orgs[part.pop("org")], defaults=part)
        ctx.extra.setdefault("programmes", {})[code] = programme
