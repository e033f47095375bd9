"""Programmes for tests, built on the shared cast (kokybe/test.py)."""

from datetime import date

from programmes.models import Programme, ProgrammeParticipation


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


def cast_programme(cast):
    """One programme per cast: coordinated by Alfa, Jonas its coordinator, Alfa and Beta taking part."""
    if "programme" not in cast.extra:
        cast.extra["programme"] = make_programme(
            cast.alfa, coordinators=[cast.jonas], participants=[cast.alfa, cast.beta]
        )
    return cast.extra["programme"]
