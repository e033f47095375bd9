"""`make run`: the links the development server mails and feeds must point at the port it listens on."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run_line(**env):
    environ = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "MAKEFLAGS", "MAKELEVEL"}}
    out = subprocess.run(
        ["make", "-n", "run"], cwd=settings.BASE_DIR, env={**environ, **env}, capture_output=True, text=True, check=True
    ).stdout
    return next(line for line in out.splitlines() if "runserver" in line)


def test_site_url_follows_the_port():
    line = run_line(PORT="8111")
    assert "SITE_URL=http://127.0.0.1:8111 " in line and line.endswith("runserver 127.0.0.1:8111")


def test_a_site_url_that_is_set_is_kept():
    assert "SITE_URL=https://kokybe.example.lt " in run_line(SITE_URL="https://kokybe.example.lt")
