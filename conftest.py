import pytest
from django.conf import settings

from kokybe.test import make_cast


def pytest_configure(config):
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    # Production keeps the cache in the database (shared by every worker); tests that need no database must still
    # clear and use it, and query budgets should count the page's own queries. The shared database cache is tested
    # with real processes in accounts/tests/test_sessions_and_doors.py.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client activates its person's language and nothing switches it back: without
    # this, a test that runs after an English user's request would read English labels.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Login and survey counters live in the cache: one test's failed attempts must not block the next test.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
