from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from programmes.models import Programme, ProgrammeParticipation, ProgrammePhase

from .factories import make_programme

pytestmark = pytest.mark.django_db


def test_a_programme_cannot_end_before_it_starts(cast):
    programme = Programme(
        code="X-1", title="Bandomoji programa", start=date(2022, 1, 1), end=date(2021, 1, 1), coordinating_org=cast.alfa
    )
    with pytest.raises(ValidationError):
        programme.full_clean()


def test_an_organisation_takes_part_in_a_programme_once(cast):
    programme = make_programme(cast.alfa, participants=[cast.beta])
    with pytest.raises(IntegrityError):
        ProgrammeParticipation.objects.create(programme=programme, org=cast.beta, joined_on=date(2020, 1, 1))


def test_an_organisation_cannot_leave_before_it_joined(cast):
    programme = make_programme(cast.alfa)
    participation = ProgrammeParticipation(
        programme=programme, org=cast.beta, joined_on=date(2020, 1, 1), left_on=date(2019, 1, 1)
    )
    with pytest.raises(ValidationError):
        participation.full_clean()


def test_phases_come_in_their_order(cast):
    programme = make_programme(cast.alfa)
    ProgrammePhase.objects.create(programme=programme, name="Išorės auditai", order=3)
    ProgrammePhase.objects.create(programme=programme, name="Mokymai", order=1)
    assert [p.name for p in programme.phases.all()] == ["Mokymai", "Išorės auditai"]


def test_visible_to_gives_coordinated_programmes_only(cast):
    mine = make_programme(cast.alfa, code="A-1", coordinators=[cast.jonas])
    make_programme(cast.alfa, code="B-1", coordinators=[cast.ona])
    assert list(Programme.objects.visible_to(cast.jonas)) == [mine]
