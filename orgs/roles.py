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


ALL_ROLES = frozenset(Role.values)
# Those who run the organisation's quality system: settings, members, units, services, the activity log.
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})
# Everyone who works inside the organisation's quality system (the external auditor sees only what is granted).
INSIDERS = ALL_ROLES - {Role.EXTERNAL_AUDITOR}
# Those who may change day-to-day quality work (actions, evidence); consultants and viewers only read.
CONTRIBUTORS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.STAFF, Role.INTERNAL_AUDITOR})
