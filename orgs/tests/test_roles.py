"""Roles are stated once: named groups in orgs.roles, the gates use them, docs/roles.md is generated from the gates."""

import importlib
import pkgutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from orgs.models import Membership
from orgs.roles import GROUPS, MANAGERS, Role

DOCS = Path(settings.BASE_DIR) / "docs" / "roles.md"


def test_docs_roles_md_is_the_roles_matrix():
    out = StringIO()
    call_command("roles_matrix", stdout=out)
    assert DOCS.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/roles.md is stale: regenerate it with `python manage.py roles_matrix > docs/roles.md`"
    )


def test_the_matrix_marks_each_role_the_gate_lets_in():
    out = StringIO()
    call_command("roles_matrix", stdout=out)
    row = next(line for line in out.getvalue().splitlines() if line.startswith("| `orgs:settings`"))
    assert row.split(" | ")[2:] == ["MANAGERS", "✓", "✓", "", "", "", "", "", " |"]


def test_no_two_groups_are_the_same_set():
    assert len(set(GROUPS.values())) == len(GROUPS)


def _project_modules():
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)) or ".venv" in str(config.path):
            continue
        yield importlib.import_module(config.name)
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if ".tests" in info.name or ".migrations" in info.name:
                continue
            yield importlib.import_module(info.name)


def test_every_role_set_in_the_apps_has_one_name():
    names = {}
    for module in _project_modules():
        for name, value in vars(module).items():
            if isinstance(value, (set, frozenset)) and value and value <= set(Role.values) and name.isupper():
                names.setdefault(frozenset(value), set()).add(name)
    twice = {tuple(sorted(n)) for n in names.values() if len(n) > 1}
    assert not twice, f"one set of roles under two names (use the group in orgs/roles.py): {sorted(twice)}"


@pytest.mark.django_db
def test_require_gives_the_membership_of_an_allowed_role(cast):
    assert Membership.objects.require(cast.alfa, cast.jonas, MANAGERS) == cast.memberships[Role.COORDINATOR]


@pytest.mark.django_db
def test_require_refuses_another_role_an_outsider_and_an_expired_membership(cast):
    from datetime import timedelta

    from django.utils import timezone

    with pytest.raises(PermissionDenied):
        Membership.objects.require(cast.alfa, cast.rasa, MANAGERS)
    with pytest.raises(PermissionDenied):
        Membership.objects.require(cast.alfa, cast.petras)
    auditor = cast.memberships[Role.EXTERNAL_AUDITOR]
    auditor.access_until = timezone.localdate() - timedelta(days=1)
    auditor.save()
    with pytest.raises(ValidationError, match="members only"):
        Membership.objects.require(cast.alfa, auditor.user, refusal=ValidationError("members only"))
