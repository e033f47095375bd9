import pytest

from . import switch


@pytest.fixture
def surfaceapp():
    """The test register, contributing to the shared surfaces for this test only."""
    switch.on = True
    yield
    switch.on = False
