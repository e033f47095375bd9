from datetime import date, timedelta

import pytest
from django.utils import timezone

from orgs.roles import Role

FACTS = "Mergaitė pasakė, kad globėjas ją stumdė ir užrakino kambaryje"
OPINION = "Manau, kad tai ne pirmas kartas"
PLACE = "Antro aukšto koridorius"


@pytest.fixture
def lead(cast):
    from safeguarding.models import Lead

    user = cast.users[Role.UNIT_HEAD]
    Lead.objects.create(org=cast.alfa, user=user)
    return user


@pytest.fixture
def child(cast):
    from people.models import ServiceUser

    return ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 5), age_group="child")


@pytest.fixture
def event(cast, lead, child):
    from safeguarding import services

    aware = timezone.now() - timedelta(hours=3)
    return services.event_record(
        org=cast.alfa,
        by=cast.rasa,
        type="physical",
        happened_at=aware - timedelta(hours=1),
        aware_at=aware,
        place=PLACE,
        setting="licensed_care",
        service_user=child,
        age_group="child",
        alleged="family",
        facts=FACTS,
        opinions=OPINION,
        immediate_steps="Vaikas perkeltas į kitą grupę",
    )
