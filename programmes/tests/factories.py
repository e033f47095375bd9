"""Programmes for tests, built on the shared cast (kokybe/test.py)."""

from datetime import date

from kokybe.test import make_user
from programmes.chain import EQUASS_TEMPLATE
from programmes.models import (
    MilestoneTemplate,
    Programme,
    ProgrammeIndicator,
    ProgrammeParticipation,
)


def make_programme(coordinating_org, *, code="TEST-0001", coordinators=(), participants=(), **fields):
    programme = Programme.objects.create(
        code=code,
        title=fields.pop("title", "Socialinių paslaugų kokybės gerinimas"),
        start=fields.pop("start", date(2019, 1, 1)),
        coordinating_org=coordinating_org,
        **fields,
    )
    programme.coordinators.set(coordinators)
    for org in participants:
        ProgrammeParticipation.objects.create(programme=programme, org=org, joined_on=date(2019, 1, 11))
    return programme


def equass_template():
    # Shipped by a data migration; a transactional test elsewhere on the same worker flushes the tables, so make it
    # again when it is gone.
    from programmes.chain import ensure_equass_template
    from programmes.models import MilestoneStep

    ensure_equass_template(MilestoneTemplate, MilestoneStep)
    return MilestoneTemplate.objects.get(name=EQUASS_TEMPLATE)


def cast_programme(cast):
    """One programme per cast: coordinated by Alfa, Jonas its coordinator, Alfa and Beta taking part, with the EQUASS
    milestone chain, one indicator, and a consultant (Kęstutis) and a funder viewer (Fausta) who are members of no
    organisation."""
    if "programme" not in cast.extra:
        programme = make_programme(
            cast.alfa,
            coordinators=[cast.jonas],
            participants=[cast.alfa, cast.beta],
            milestone_template=equass_template(),
            funder="ESFA",
        )
        consultant = make_user("kestutis@programa.test", "Kęstutis Konsultantas")
        funder = make_user("fausta@esfa.test", "Fausta Finansuotoja")
        programme.consultants.add(consultant)
        programme.funder_viewers.add(funder)
        ProgrammeParticipation.objects.filter(programme=programme, org=cast.beta).update(consultant=consultant)
        ProgrammeIndicator.objects.create(
            programme=programme,
            code="helped",
            name="Asmenys, gavę integralią pagalbą",
            unit="asm.",
            kind=ProgrammeIndicator.Kind.UNIQUE_PERSONS,
            target=4018,
            deadline=date(2026, 12, 31),
            dimensions=["age_group"],
        )
        cast.extra.update(programme=programme, programme_consultant=consultant, programme_funder=funder)
    return cast.extra["programme"]


def cast_wave(cast):
    """A wave of the cast's programme with Alfa and Beta in it, their milestones planned from a 2019 contract."""
    from programmes.models import Wave
    from programmes.services import milestones_instantiate

    if "wave" not in cast.extra:
        programme = cast_programme(cast)
        wave = Wave.objects.create(programme=programme, name="Pilotinė banga", order=1)
        programme.participations.update(wave=wave, contract_date=date(2019, 1, 11))
        milestones_instantiate(programme.participations.select_related("programme"))
        cast.extra["wave"] = wave
    return cast.extra["wave"]


def cast_indicator(cast):
    return cast_programme(cast).indicators.get()


def cast_round(cast):
    """A round of the cast's programme, sent to Beta (its item's reference names no real object)."""
    from programmes.models import ProgrammeRound, RoundItem

    if "round" not in cast.extra:
        programme = cast_programme(cast)
        programme_round = ProgrammeRound.objects.create(
            programme=programme,
            kind="self_assessment",
            option="0",
            option_label="EQUASS",
            title="Įsivertinimas 2027",
            due_date=date(2027, 3, 31),
        )
        RoundItem.objects.create(
            round=programme_round, participation=programme.participations.get(org=cast.beta), reference="0"
        )
        cast.extra["round"] = programme_round
    return cast.extra["round"]


APPLICATION = {
    "org_name": "Gamos dienos centras",
    "company_code": "300000003",
    "municipality": "Kauno m. sav.",
    "contact_name": "Gintarė Gamaitė",
    "email": "gintare@gama.test",
    "services": "Dienos socialinė globa\nTrumpalaikė socialinė globa",
}


def open_for_applications(programme, slug="testas-2027"):
    programme.accepts_applications, programme.application_slug = True, slug
    programme.save(update_fields=["accepts_applications", "application_slug"])
    return programme


def cast_application(cast):
    """A pending application to the cast's programme, which is open for applications at /programmes/apply/testas-2027/."""
    from programmes.models import Application

    if "application" not in cast.extra:
        programme = open_for_applications(cast_programme(cast))
        cast.extra["application"] = Application.objects.create(programme=programme, **APPLICATION)
    return cast.extra["application"]


def cast_event(cast):
    """A training of the cast's programme that Beta attended."""
    from programmes.models import EventAttendance, ProgrammeEvent

    if "event" not in cast.extra:
        programme = cast_programme(cast)
        event = ProgrammeEvent.objects.create(
            programme=programme, kind="training", title="Vadovų mokymai", on=date(2019, 2, 7)
        )
        EventAttendance.objects.create(event=event, participation=programme.participations.get(org=cast.beta), count=2)
        cast.extra["event"] = event
    return cast.extra["event"]
