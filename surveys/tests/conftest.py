import pytest
from django.core.cache import cache
from django.test import Client

from surveys.tests.factories import make_campaign, make_version


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def version(db):
    return make_version()


@pytest.fixture
def campaign(cast, version):
    """Alfa's open, anonymous survey of the test questionnaire, for Alfa's one service."""
    return make_campaign(cast.alfa, version, by=cast.jonas, services=[cast.alfa_service])


@pytest.fixture
def login():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
