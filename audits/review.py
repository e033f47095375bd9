"""The inputs of a management review (vadovybės analizė), gathered from the system on the day.

Kept as plain values (JSON) on the review, in the language of the person who gathered them, so the record shows
what the management saw then even after the data moved on. Modules that are not installed (complaints, surveys)
are reported as such rather than as zeros.
"""

from collections import Counter
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from actions.models import ImprovementAction
from actions.models import Status as ActionStatus
from assessments.models import Assessment
from kokybe import surfaces

from .models import Audit, AuditFinding, Certificate, FindingKind

OVERDUE_LISTED = 10


def _readiness(org):
    cycle = Assessment.objects.for_org(org).current().first()
    if cycle is None:
        return None
    readiness = cycle.readiness()
    return {
        "cycle": cycle.title,
        "status": str(cycle.get_status_display()),
        "percent": readiness.percent,
        "passes": readiness.passes,
        "principles": [[p.code, p.name, p.percent] for p in readiness.principles],
    }


def _actions(org, today):
    actions = ImprovementAction.objects.for_org(org)
    year_ago = today - timedelta(days=365)
    overdue = actions.overdue(today).select_related("owner").order_by("due_date", "number")
    done = actions.filter(completed_on__gte=year_ago)
    return {
        "open": actions.open().count(),
        "overdue": overdue.count(),
        "done_last_year": done.count(),
        "effective": done.filter(status=ActionStatus.EFFECTIVE).count(),
        "not_effective": done.filter(status=ActionStatus.NOT_EFFECTIVE).count(),
        "overdue_list": [
            [a.number, a.title, a.due_date.isoformat(), str(a.owner) if a.owner_id else ""]
            for a in overdue[:OVERDUE_LISTED]
        ],
    }


def _audits(org, today):
    year_ago = today - timedelta(days=365)
    audits = list(Audit.objects.for_org(org).filter(planned_start__gte=year_ago, planned_start__lte=today))
    findings = AuditFinding.objects.for_org(org).filter(audit__in=audits).current().values_list("audit_id", "kind")
    counts = {}
    for audit_id, kind in findings:
        counts.setdefault(audit_id, Counter())[kind] += 1
    return [
        {
            "title": audit.title,
            "kind": str(audit.get_kind_display()),
            "date": audit.planned_start.isoformat(),
            "status": str(audit.get_status_display()),
            "findings": [[str(FindingKind(k).label), n] for k, n in sorted(counts.get(audit.pk, {}).items())],
        }
        for audit in audits
    ]


def _certificate(org, today):
    certificate = Certificate.objects.for_org(org).not_superseded().latest_first().first()
    if certificate is None:
        return None
    return {
        "reference": certificate.reference,
        "expires_on": certificate.expires_on.isoformat(),
        "status": str(certificate.status_label(today)),
    }


def _surveys(org, today):
    from surveys.evidence import summaries_for

    year_ago = today - timedelta(days=365)
    summaries = [s for y in {year_ago.year, today.year} for s in summaries_for(org, year=y)]
    return [
        {
            "title": s.title,
            "ends_on": s.ends_on.isoformat(),
            "responses": s.responses,
            "weak": sum(1 for q in s.questions if q.weak),
        }
        for s in sorted(summaries, key=lambda s: s.ends_on)
        if year_ago <= s.ends_on <= today
    ]


def gather(org, today=None):
    today = today or timezone.localdate()
    return {
        "gathered_on": today.isoformat(),
        "readiness": _readiness(org),
        "actions": _actions(org, today),
        "audits": _audits(org, today),
        "certificate": _certificate(org, today),
        # Filled once those modules exist; None means "not kept in Kokybė".
        "complaints": None if not apps.is_installed("complaints") else {},
        "surveys": _surveys(org, today) if apps.is_installed("surveys") else None,
        # What the other apps bring (kokybe.surfaces.review_inputs): [{"key", "title", "lines"}].
        "contributed": surfaces.review_inputs_for(org, today),
    }
