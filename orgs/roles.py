"""Roles a person holds in one organisation, and the named groups views are gated on.

Kept free of model imports so any app (accounts included) can use it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    COORDINATOR = "coordinator", _("Quality coordinator")
    UNIT_HEAD = "unit_head", _("Unit head")
    STAFF = "staff", _("Staff member")
    CONSULTANT = "consultant", _("Consultant")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    EXTERNAL_AUDITOR = "external_auditor", _("External auditor")
    VIEWER = "viewer", _("Viewer")


# The named groups every gate, service re-check, template and grid Route uses. Each set has exactly one name here
# (tests/test_roles.py fails on two names for one set); an app states its own set only where none of these fits.
ALL_ROLES = frozenset(Role.values)
# Those who run the organisation's quality system: settings, members, units, services, the activity log.
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})
# Managers and unit heads: they create documents and oversee who in their units has read them.
OVERSEERS = MANAGERS | {Role.UNIT_HEAD}
# Managers and the internal auditor: audits, checklists and findings, the check of an action's effect, evidence links.
# Checking is a management or audit judgement (EQUASS), not the owner's own say.
REVIEWERS = MANAGERS | {Role.INTERNAL_AUDITOR}
# Those who may change day-to-day quality work (actions, evidence); consultants and viewers only read.
CONTRIBUTORS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.STAFF, Role.INTERNAL_AUDITOR})
# Contributors and the consultant who advises them: they comment, and may take part in an action.
COMMENTERS = CONTRIBUTORS | {Role.CONSULTANT}
# Everyone who works inside the organisation's quality system (the external auditor sees only what is granted).
INSIDERS = ALL_ROLES - {Role.EXTERNAL_AUDITOR}
# The external auditor alone: the pages of the material an organisation granted for an external audit.
EXTERNAL_AUDITORS = frozenset({Role.EXTERNAL_AUDITOR})

GROUPS = {
    "ALL_ROLES": ALL_ROLES,
    "MANAGERS": MANAGERS,
    "OVERSEERS": OVERSEERS,
    "REVIEWERS": REVIEWERS,
    "CONTRIBUTORS": CONTRIBUTORS,
    "COMMENTERS": COMMENTERS,
    "INSIDERS": INSIDERS,
    "EXTERNAL_AUDITORS": EXTERNAL_AUDITORS,
}


def group_name(roles):
    """The name of the group `roles` is, or None: for the roles matrix and error messages."""
    roles = frozenset(roles)
    return next((name for name, group in GROUPS.items() if group == roles), None)
