import pytest


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server with a MEDIA_URL it can live with (as in tests/browser/conftest.py: MEDIA_URL is
    None on purpose, and the live server's media handler fails on every request without one)."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="/__uploads-are-not-served-here__/"):
        server = LiveServer("localhost")
    yield server
    server.stop()
