"""Rows the results tests and the grid build on."""

from datetime import UTC, datetime

from orgs.models import Membership
from orgs.roles import Role
from results.models import Definition, Indicator, Target, Value

MANUAL_CODE = "staff-turnover"
COMPUTED_CODE = "actions-closed-on-time"


def definition(code=MANUAL_CODE):
    return Definition.objects.get(org__isnull=True, code=code, version=1)


def make_indicator(org, *, code=MANUAL_CODE, owner=None, frequency=None, baseline_year=2024, **extra):
    d = definition(code)
    return Indicator.objects.create(
        org=org,
        definition=d,
        owner=owner,
        frequency=frequency or d.frequency,
        baseline_year=baseline_year,
        **extra,
    )


def owner_of(cast, org):
    if org == "alfa":
        return cast.rasa
    return Membership.objects.get(org=cast.beta, role=Role.DIRECTOR).user


def world(cast, org="alfa"):
    """An entered yearly indicator with a target and two values (2024 approved), kept in cast.extra."""
    key = f"results-world-{org}"
    if key not in cast.extra:
        organisation = getattr(cast, org)
        indicator = make_indicator(organisation, owner=owner_of(cast, org))
        Target.objects.create(org=organisation, indicator=indicator, period="2024", value=10)
        Value.objects.create(
            org=organisation,
            indicator=indicator,
            period="2024",
            value=12,
            approved_at=datetime(2025, 2, 1, 10, tzinfo=UTC),
        )
        Value.objects.create(org=organisation, indicator=indicator, period="2025", value=9)
        cast.extra[key] = indicator
    return cast.extra[key]
