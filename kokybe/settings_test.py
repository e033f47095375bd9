"""The test run's settings (pyproject.toml: DJANGO_SETTINGS_MODULE): the one settings file, plus the apps that exist
only for the tests. A second file rather than an environment switch because pytest-django configures Django before
any conftest could set one; nothing else may differ from kokybe/settings.py here."""

from kokybe.settings import *  # noqa: F403
from kokybe.settings import INSTALLED_APPS

# tests/surfaceapp: the proof that an app appears on every shared surface by adding one module to itself.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.surfaceapp"]

# A fixed, public key for the encrypted fields (kokybe/lib/crypto.py): tests read and write them without an environment.
FIELD_ENCRYPTION_KEYS = ["5Upp7oPKIsrlCIz5uJ40mGwCXFBxYesKS9KR8dLXS4c="]
