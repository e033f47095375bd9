from datetime import date

import pytest

from people.models import REFERENCE_ALPHABET, ServiceUser

pytestmark = pytest.mark.django_db


def test_a_service_user_gets_a_random_pseudonymous_reference(cast):
    person = ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 5), age_group="child")
    assert person.reference.startswith("P-") and len(person.reference) == 6
    assert set(person.reference[2:]) <= set(REFERENCE_ALPHABET)
    assert person.is_child
    other = ServiceUser.objects.create(org=cast.alfa, started=date(2026, 1, 5), age_group="adult")
    assert other.reference != person.reference


def test_current_service_users(cast):
    make = ServiceUser.objects.create
    now = make(org=cast.alfa, started=date(2026, 1, 1), age_group="adult")
    make(org=cast.alfa, started=date(2025, 1, 1), ended=date(2025, 12, 31), age_group="adult")
    make(org=cast.alfa, started=date(2027, 1, 1), age_group="adult")
    assert list(ServiceUser.objects.for_org(cast.alfa).current(date(2026, 6, 1))) == [now]
