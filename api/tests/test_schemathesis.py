"""An outside client tests the API: Schemathesis reads the live OpenAPI schema and fires generated requests at a
running server with a token of several roles. It must find no server error, no response that contradicts the schema,
nothing reachable without authentication, and no schema-violating request accepted.

`positive_data_acceptance` is left out: it expects every request that fits the schema to succeed, but a random
indicator id, a random ETag or a random status move is refused (422/409/412) by the rules no schema can state.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test.utils import override_settings

from api.tests import grid
from api.tests.helpers import make_token
from orgs.roles import Role

SCHEMATHESIS = shutil.which("schemathesis") or str(Path(__file__).resolve().parents[2] / ".venv/bin/schemathesis")
# Roles the run is repeated with: a manager (read-write), a staff member (read-write), a viewer and the external
# auditor (the API is closed to them: every operation answers 403).
ROLES = (Role.DIRECTOR, Role.STAFF, Role.VIEWER, Role.EXTERNAL_AUDITOR)


def _config(cast, path):
    """Real identifiers for the path parameters, so requests reach the endpoints' logic rather than 404."""
    values = {
        "slug": cast.alfa.slug,
        **grid._number(cast),
        **grid._answer(cast),
        **grid._audit(cast),
        **grid._campaign(cast),
        "uuid": str(grid._document(cast)["uuid"]),
        **grid._complaint(cast),
        **grid._indicator(cast),
        **grid._reference(cast),
    }
    lines = ["[parameters]"] + [f"{name} = {json.dumps(value)}" for name, value in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(live_server, config, secret, *, examples, phases):
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(config),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {secret}",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(examples),
        "--phases",
        phases,
        "--seed",
        "20261207",
        "--generation-database",
        ":memory:",
        "--no-color",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.skipif(not Path(SCHEMATHESIS).exists(), reason="schemathesis is not installed (requirements-dev.txt)")
@pytest.mark.django_db(transaction=True)
@override_settings(API_RATE_LIMIT=(1_000_000, 60))
def test_schemathesis_finds_nothing(cast, live_server, tmp_path):
    config = _config(cast, tmp_path / "schemathesis.toml")
    for role in ROLES:
        secret = make_token(cast.users[role], cast.alfa, name=f"schemathesis {role}")
        # The full run with a manager's token; a lighter one for the others (their answers are mostly 403/404).
        heavy = role == Role.DIRECTOR
        result = _run(
            live_server, config, secret, examples=4 if heavy else 2, phases="coverage,fuzzing" if heavy else "fuzzing"
        )
        lines = result.stdout.splitlines()
        summary = "\n".join(lines[-40:])
        report = "\n".join(line[:300] for line in lines)
        assert result.returncode == 0, f"Schemathesis with the {role}'s token failed:\n{report[-12000:]}"
        assert "Tested: " in summary and "generated" in summary, summary
