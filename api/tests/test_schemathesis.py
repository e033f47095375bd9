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
from api.tests.programme_helpers import make_programme_token, programme_people, shared_world
from api.tests.test_programme_api_grid import OPERATIONS as PROGRAMME_OPERATIONS
from orgs.roles import Role
from programmes.models import ProgrammeRole
from programmes.tests.factories import cast_programme

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
        "programme_id": cast_programme(cast).pk,
        **grid._participant(cast),
    }
    lines = ["[parameters]"] + [f"{name} = {json.dumps(value)}" for name, value in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(live_server, config, secret, *, examples, phases, programme=False):
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
        # An organisation's token is refused by every programme operation and a programme token by every other (401:
        # test_programme_api.py); each run fires at the operations its token opens.
        "--include-tag" if programme else "--exclude-tag",
        "Programmes",
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
        _check(result, role)


def _check(result, who):
    lines = result.stdout.splitlines()
    summary = "\n".join(lines[-40:])
    report = "\n".join(line[:300] for line in lines)
    assert result.returncode == 0, f"Schemathesis with the {who}'s token failed:\n{report[-12000:]}"
    assert "Tested: " in summary and "generated" in summary, summary
    return summary


@pytest.mark.skipif(not Path(SCHEMATHESIS).exists(), reason="schemathesis is not installed (requirements-dev.txt)")
@pytest.mark.django_db(transaction=True)
@override_settings(API_RATE_LIMIT=(1_000_000, 60))
def test_schemathesis_finds_nothing_in_the_programme_endpoints(cast, live_server, tmp_path):
    """The programme operations with a programme token of each role: the coordinator reads everything, the consultant
    the board, the funder viewer the aggregates (403 elsewhere). The programme shares everything and Alfa has a
    rated self-assessment and a certificate, so the participants' shared fields are filled."""
    shared_world(cast)
    config = _config(cast, tmp_path / "schemathesis.toml")
    programme = cast_programme(cast)
    for role, user in programme_people(cast).items():
        secret = make_programme_token(user, programme, name=f"schemathesis {role}")
        heavy = role == ProgrammeRole.COORDINATOR
        result = _run(
            live_server,
            config,
            secret,
            examples=6 if heavy else 2,
            phases="coverage,fuzzing" if heavy else "fuzzing",
            programme=True,
        )
        summary = _check(result, role)
        assert f"Tested: {len(PROGRAMME_OPERATIONS)}" in summary, summary  # it picked up every programme operation
