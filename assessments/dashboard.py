"""Readiness on the organisation dashboard: the latest cycle in progress or completed, in three queries."""

from .models import Assessment
from .pages import readiness_chart


def readiness_card(org):
    cycle = Assessment.objects.for_org(org).current().first()
    if cycle is None:
        return None
    readiness = cycle.readiness()
    return {"cycle": cycle, "readiness": readiness, "chart": readiness_chart(readiness)}
