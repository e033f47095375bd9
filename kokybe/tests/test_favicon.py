"""/favicon.ico: browsers and bookmarks ask for it whatever the page links, so it must not be a 404."""

from pathlib import Path

from django.conf import settings
from django.test import Client


def test_favicon_ico_leads_to_a_real_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    icon = Path(settings.BASE_DIR, "static", "favicon.ico").read_bytes()
    assert icon[:4] == b"\x00\x00\x01\x00"  # the ICO header: a real icon, not a renamed PNG
