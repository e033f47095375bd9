import contextlib

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
    # Tasks run at once, after the transaction commits, so a test sees their mail and files; the real queue and
    # worker are exercised by the tests that take the `task_worker` fixture below.
    _use_task_backend("django.tasks.backends.immediate.ImmediateBackend")


def _use_task_backend(path):
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": path}}
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)  # a cached_property: read the setting again
    with contextlib.suppress(AttributeError):  # not made yet
        del task_backends["default"]


class TaskWorker:
    """The database queue and the real worker (`manage.py run_worker --batch`), run in this process on demand."""

    def run(self, *args):
        from io import StringIO

        from django.core.management import call_command

        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", *args, stdout=StringIO())

    def results(self):
        from django_tasks_db.models import DBTaskResult

        return list(DBTaskResult.objects.order_by("enqueued_at"))


@pytest.fixture
def task_worker(transactional_db):
    _use_task_backend("django_tasks_db.DatabaseBackend")
    yield TaskWorker()
    _use_task_backend("django.tasks.backends.immediate.ImmediateBackend")


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
