import pytest
from django.conf import settings

from kokybe.test import make_cast


def pytest_configure(config):
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Login and survey counters live in the cache: one test's failed attempts must not block the next test.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English activates English for the thread and nothing switches it back: without this, the next
    # test's Lithuanian data (an action titled from an indicator) would be made in English.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
