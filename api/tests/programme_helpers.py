"""Programme tokens for the test cast (programmes/tests/factories.cast_programme: Jonas coordinates, Kęstutis consults
Beta, Fausta is the funder viewer; Alfa and Beta take part)."""

from datetime import date, timedelta

from django.utils import timezone

from api.services import programme_token_create
from audits.models import Certificate
from programmes.models import ProgrammeRole
from programmes.tests.factories import cast_programme


def make_programme_token(user, programme, name="Programos ataskaitos", days=30):
    _token, secret = programme_token_create(
        user=user, programme=programme, name=name, expires_on=timezone.localdate() + timedelta(days=days)
    )
    return secret


def programme_people(cast):
    """{role: user} of the cast's programme."""
    cast_programme(cast)
    return {
        ProgrammeRole.COORDINATOR: cast.jonas,
        ProgrammeRole.CONSULTANT: cast.extra["programme_consultant"],
        ProgrammeRole.FUNDER: cast.extra["programme_funder"],
    }


def shared_world(cast):
    """Alfa with a rated self-assessment (its readiness per principle) and a certificate: what it may share."""
    from assessments.tests.factories import make_assessment

    if "shared" not in cast.extra:
        cycle = make_assessment(cast)
        cycle.answers.update(rating="met")
        cert = Certificate.objects.create(
            org=cast.alfa,
            version=cycle.version,
            reference="LIT2021-069",
            issued_on=date(2021, 5, 14),
            expires_on=date(2024, 5, 14),
        )
        cast.extra["shared"] = (cycle, cert)
    return cast.extra["shared"]
