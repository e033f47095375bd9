"""Demo surveys (kokybe/lib/demo.py): the shipped questionnaire library, the EQUASS programme's impact study and
the Klaipėda centre's current service-user survey.

Seed 000: the Klaipėda centre took part in the programme's impact study twice, in 2019-11 and 2021-03, which
surveyed staff, managers, service users, funders and partners. The answers here are synthetic, generated with a
seeded random generator so every load gives the same figures, and slightly better in 2021 than in 2019 (a trend).
Visaginas joined the programme on 2019-11-29, so it is in the 2021 round only; its few managers fall under the
smallest-group rule and show how small groups are hidden.
"""

import random
from datetime import date, timedelta

from orgs.models import Service, Unit
from programmes.demo import EQUASS

from .library import import_library
from .models import (
    Answer,
    Campaign,
    CampaignStatus,
    Channel,
    ProgrammeCampaign,
    QuestionType,
    Response,
)

ROUNDS = [
    ("2019-11", date(2019, 11, 4), date(2019, 11, 29), 0.0),
    ("2021-03", date(2021, 3, 1), date(2021, 3, 31), 0.35),
]
GROUPS = {
    "service-user-satisfaction": "paslaugų gavėjai",
    "staff-satisfaction-wellbeing": "darbuotojai",
    "manager-questionnaire": "vadovai",
    "partner-funder-questionnaire": "partneriai ir finansuotojai",
}
# Responses per organisation and questionnaire in each round (Visaginas only in 2021-03).
SIZES = {
    "klaipeda": {
        "service-user-satisfaction": (164, 187),
        "staff-satisfaction-wellbeing": (86, 93),
        "manager-questionnaire": (9, 11),
        "partner-funder-questionnaire": (24, 31),
    },
    "visaginas": {
        "service-user-satisfaction": (0, 38),
        "staff-satisfaction-wellbeing": (0, 27),
        "manager-questionnaire": (0, 3),
        "partner-funder-questionnaire": (0, 8),
    },
}
# Questions the generated answers make weaker than the rest (so some results fall below the thresholds).
WEAKER = {"community": -0.9, "say-in-decisions": -0.5, "workload": -0.9, "energy": -0.7, "resources": -0.8,
          "benchmarking": -0.6, "plan": -0.3, "complaint-handling": -0.4}  # fmt: skip
TEXTS = {
    "service-user-satisfaction": [
        "Norėčiau daugiau išvykų ir užsiėmimų savaitgaliais.",
        "Darbuotojai labai malonūs ir visada išklauso.",
        "Trūksta informacijos apie paslaugų kainas.",
        "Ilgai reikia laukti psichologo konsultacijos.",
        "Labai patinka užsiėmimai grupėje.",
        "Būtų gerai, jei būtų daugiau laiko pokalbiams.",
    ],
    "staff-satisfaction-wellbeing": [
        "Per daug dokumentų pildymo, lieka mažai laiko žmonėms.",
        "Norėtųsi daugiau supervizijų.",
        "Geras kolektyvas, vadovai palaiko.",
        "Reikėtų aiškiau paskirstyti darbus tarp skyrių.",
        "Trūksta mokymų apie darbą su smurtą patyrusiais asmenimis.",
    ],
    "manager-questionnaire": [
        "Didžiausias iššūkis – laiko trūkumas dokumentams parengti.",
        "Sunku buvo įtraukti visus darbuotojus į įsivertinimą.",
    ],
    "partner-funder-questionnaire": [
        "Norėtume dažnesnių bendrų susitikimų.",
        "Ataskaitos pateikiamos laiku ir aiškios.",
    ],
}
CURRENT_SIZE = 46


def load(ctx):
    results = import_library()
    ctx.created["surveys.InstrumentVersion"] += sum(r.created for r in results)
    versions = {r.version.instrument.code: r.version for r in results}
    ctx.extra["survey_versions"] = versions
    programme = ctx.extra.get("programmes", {}).get(EQUASS)
    coordinator = ctx.users.get("programa@valakupiai.demo")
    if programme is not None:
        _impact_study(ctx, programme, coordinator, versions)
    _current_survey(ctx, versions["service-user-satisfaction"])


def _impact_study(ctx, programme, coordinator, versions):
    rng = random.Random(20191104)
    for label, start, end, lift in ROUNDS:
        for code, group in GROUPS.items():
            version = versions[code]
            title = f"EQUASS poveikio vertinimas {label}: {group}"
            study = ctx.ensure(
                ProgrammeCampaign,
                programme=programme,
                title=title,
                defaults={"version": version, "starts_on": start, "ends_on": end, "created_by": coordinator},
            )
            for slug, sizes in SIZES.items():
                n = sizes[code][0 if label == "2019-11" else 1]
                if not n or slug not in ctx.orgs:
                    continue
                org = ctx.orgs[slug]
                campaign = ctx.ensure(
                    Campaign,
                    org=org,
                    programme_campaign=study,
                    defaults={
                        "version": version,
                        "title": title,
                        "status": CampaignStatus.CLOSED,
                        "starts_on": start,
                        "ends_on": end,
                        "served_count": round(n * 1.45),
                        "created_by": coordinator,
                    },
                    log=(org, coordinator),
                )
                people = _audience(org, code)
                if people and not campaign.services.exists() and not campaign.units.exists():
                    if code == "staff-satisfaction-wellbeing":
                        campaign.units.set(people)
                    elif code == "service-user-satisfaction":
                        campaign.services.set(people)
                base = (3.8 if slug == "klaipeda" else 3.65) + lift
                _generate(ctx, campaign, n, rng, base=base, people=people, code=code)


def _audience(org, code):
    if code == "service-user-satisfaction":
        return list(Service.objects.for_org(org).select_related("unit"))
    if code == "staff-satisfaction-wellbeing":
        return list(Unit.objects.for_org(org).filter(parent__isnull=True))
    return []


def _current_survey(ctx, version):
    org = ctx.orgs.get("klaipeda")
    if org is None:
        return
    by = ctx.users.get("koordinatorius@klaipeda.demo")
    year = ctx.today.year
    campaign = ctx.ensure(
        Campaign,
        org=org,
        title=f"Paslaugų gavėjų pasitenkinimo apklausa {year}",
        defaults={
            "version": version,
            "status": CampaignStatus.OPEN,
            "starts_on": ctx.today - timedelta(days=12),
            "ends_on": ctx.today + timedelta(days=18),
            "served_count": 180,
            "respondent_groups": "Paslaugų gavėjas\nPaslaugų gavėjas su artimojo pagalba",
            "created_by": by,
        },
        log=(org, by),
    )
    services = list(Service.objects.for_org(org).select_related("unit"))
    if not campaign.services.exists():
        campaign.services.set(services)
    rng = random.Random(year)
    _generate(
        ctx,
        campaign,
        CURRENT_SIZE,
        rng,
        base=4.15,
        people=services,
        code="service-user-satisfaction",
        channels=[Channel.WEB] * 5 + [Channel.EASY_READ] * 3 + [Channel.PAPER] * 2,
        groups=campaign.group_choices(),
        last_day=ctx.today,
    )
    ctx.extra["current_survey"] = campaign


def _likert(rng, points, mean):
    # Answers cluster around the mean on a 5-point footing, rescaled to the question's points.
    value = rng.gauss(mean, 0.85)
    scaled = 1 + (value - 1) * (points - 1) / 4
    return float(min(points, max(1, round(scaled))))


def _generate(
    ctx, campaign, n, rng, *, base, people, code, channels=(Channel.WEB, Channel.PAPER), groups=(), last_day=None
):
    """n synthetic responses to the campaign, once (skipped when it has responses already)."""
    if n <= 0 or Response.objects.filter(campaign=campaign).exists():
        return
    questions = list(campaign.version.questions.select_related("show_if").order_by("order"))
    span = ((last_day or campaign.ends_on) - campaign.starts_on).days
    responses = []
    for _ in range(n):
        place = rng.choice(people) if people else None
        service = place if isinstance(place, Service) else None
        unit = place.unit if isinstance(place, Service) else place
        responses.append(
            Response(
                org=campaign.org,
                campaign=campaign,
                submitted_on=campaign.starts_on + timedelta(days=rng.randint(0, max(span, 0))),
                channel=rng.choice(channels),
                service=service,
                unit=unit,
                group=rng.choice(groups) if groups else "",
            )
        )
    responses = Response.objects.bulk_create(responses)
    answers = []
    for response in responses:
        mood = rng.gauss(0, 0.35)  # a respondent's general tone, so answers correlate as in real surveys
        given = {}
        for q in questions:
            if q.show_if_id and given.get(q.show_if.code) not in [
                float(v) if v.isdigit() else v for v in q.show_if_values
            ]:
                continue
            if response.channel == Channel.EASY_READ and not q.in_easy_read:
                continue
            if not q.required and rng.random() < 0.08:
                continue
            value, choice, text = _answer(rng, q, base + mood + WEAKER.get(q.code, 0), code, response.channel)
            if value is None and not choice and not text:
                continue
            given[q.code] = value if value is not None else choice
            for c in choice if isinstance(choice, list) else [choice]:
                answers.append(
                    Answer(
                        org=campaign.org,
                        campaign=campaign,
                        response=response,
                        question=q,
                        value=value,
                        choice=c,
                        text=text,
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=2000)
    ctx.created["surveys.Response"] += len(responses)
    ctx.created["surveys.Answer"] += len(answers)


def _answer(rng, q, mean, code, channel):
    kind = q.type
    if kind == QuestionType.LIKERT:
        value = _likert(rng, q.scale_points, mean)
        if channel == Channel.EASY_READ:  # easy-read faces land on the lowest, middle or highest point
            points = q.scale_points
            value = float(1 if value <= 2 else points if value >= points - 1 else (points + 1) // 2)
        return value, "", ""
    if kind == QuestionType.YES_NO:
        p_yes = 0.25 if q.code in ("complained",) else min(0.95, 0.45 + (mean - 3) * 0.3)
        return float(rng.random() < p_yes), "", ""
    if kind == QuestionType.RECOMMEND:
        return float(min(10, max(0, round(rng.gauss(5.6 + (mean - 3) * 1.9, 1.8))))), "", ""
    if kind == QuestionType.NUMBER:
        return float(rng.randint(1, 18)), "", ""
    if kind == QuestionType.SINGLE:
        codes = [o["code"] for o in q.options]
        weights = [max(0.2, len(codes) - i + (mean - 3.5)) for i in range(len(codes))]
        return None, rng.choices(codes, weights=weights)[0], ""
    if kind == QuestionType.MULTIPLE:
        picked = [o["code"] for o in q.options if rng.random() < 0.3]
        return None, picked or [q.options[0]["code"]], ""
    if rng.random() < 0.18:
        return None, "", rng.choice(TEXTS.get(code, TEXTS["service-user-satisfaction"]))
    return None, "", ""
