"""What audits and certification contribute to shared surfaces (kokybe.surfaces)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import ImprovementAction
from kokybe import surfaces
from kokybe.lib.dates import local_day_range
from orgs.roles import INSIDERS, MANAGERS, Role

from . import access
from .models import ACTIONABLE, Audit, AuditFinding, Certificate


def _audit_card(org, membership):
    """The certificate in force and the next audit for members; the granted material for an external auditor. A
    fixed number of queries, so the dashboard's budget does not grow with the rows."""
    today = timezone.localdate()
    if membership.role == Role.EXTERNAL_AUDITOR:
        return {"card": {"auditor": True, "grants": list(access.granted(org, membership.user, today))}}
    certificate = (
        Certificate.objects.for_org(org).not_superseded().select_related("version__framework").latest_first().first()
    )
    next_audit = Audit.objects.for_org(org).open().filter(planned_start__gte=today).order_by("planned_start").first()
    if certificate is None and next_audit is None:
        return None
    return {"card": {"auditor": False, "certificate": certificate, "next_audit": next_audit, "today": today}}


@surfaces.dashboard_cards
def audit_card(org, membership):
    return surfaces.DashboardCard("audits/_dashboard_card.html", 20, lambda: _audit_card(org, membership))


# ── Public-page sections ─────────────────────────────────────────────────────────────────────────────────────────


@surfaces.public_sections
def certificates(org):
    """The certificates in force the organisation chose to show, newest first: two queries. What they say is the
    section's stamp, so a new or changed certificate changes the page's ETag at once."""
    found = (
        Certificate.objects.for_org(org)
        .public()
        .valid(timezone.localdate())
        .not_superseded()
        .select_related("version__framework")
        .prefetch_related("services")
        .latest_first()
    )
    rows = tuple(
        {
            "level": c.level or c.version.framework.name,
            "reference": c.reference,
            "services": [s.name for s in c.services.all()],
            "valid_from": c.issued_on,
            "valid_until": c.expires_on,
        }
        for c in found
    )
    return surfaces.PublicSection(
        "audits/_public_certificates.html", 10, stamp=rows, publishes=bool(rows), context=lambda: {"certificates": rows}
    )


# ── My work, the quality calendar, notifications (rendered by the work app) ────────────────────────────────────


@surfaces.work_items
def certificate_reminders(user, today, memberships):
    """The certificate whose expiry is 180, 90 or 30 days away (or nearer), for the director and the coordinator.

    The key names the threshold, and it is reminded once (`remind_once`): once a digest has carried it the item is
    not offered again, so each of the three reminders goes out once. It is dated today so the digest, which sends what is due now, takes it.
    """
    orgs = [org_id for org_id, m in memberships.items() if m.role in MANAGERS]
    if not orgs:
        return []
    certificates = Certificate.objects.filter(org_id__in=orgs).valid(today).not_superseded().select_related("org")
    due = [(c, c.reminder_due(today)) for c in certificates]
    due = [(c, threshold) for c, threshold in due if threshold is not None]
    if not due:
        return []
    keys = {c.pk: f"audits.certificate:{c.pk}:{threshold}" for c, threshold in due}
    return [
        surfaces.WorkItem(
            org=c.org,
            kind=_("Certificate renewal"),
            title=_("Certificate %(reference)s expires on %(date)s") % {"reference": c.reference, "date": c.expires_on},
            url=c.get_absolute_url(),
            due_date=today,
            overdue=False,
            key=keys[c.pk],
            detail=_("%(days)s days left") % {"days": c.days_left(today)},
            target=c,
            remind_once=True,
        )
        for c, _threshold in due
    ]


@surfaces.work_items.asking
def my_audits(user, today, memberships):
    """Open audits the person leads or is on the team of, dated by their start. One the person is already responsible
    for on the quality calendar shows there (the work app's milestone contribution), not twice."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    audits = (
        Audit.objects.filter(org_id__in=orgs)
        .open()
        .with_team(user)
        .exclude(milestone__responsible=user)
        .select_related("org")
    )
    return [
        surfaces.WorkItem(
            org=audit.org,
            kind=audit.get_kind_display(),
            title=audit.title,
            url=audit.get_absolute_url(),
            due_date=audit.planned_start,
            overdue=False,
            key=f"audits.audit:{audit.pk}",
            detail=_("Lead auditor") if audit.lead_auditor_id == user.pk else _("Audit team"),
            target=audit,
            asks=True,
        )
        for audit in audits
    ]


# ── Results (computed KPIs, kokybe.surfaces.result_sources) ──────────────────────────────────────────────────────


def _finding_actions(finding_type):
    return ImprovementAction.objects.filter(
        source_type=finding_type, source_id=Cast(OuterRef("pk"), output_field=CharField())
    )


def _findings_closed(org, first, last):
    """Of the findings recorded in the period (on their Europe/Vilnius date) that call for action, not since
    corrected, the share that have improvement actions and all of them completed. One query."""
    start, end = local_day_range(first, last)
    finding_type = ContentType.objects.get_for_model(AuditFinding)
    actions = _finding_actions(finding_type)
    findings = (
        AuditFinding.objects.for_org(org)
        .filter(kind__in=ACTIONABLE, created_at__gte=start, created_at__lt=end, corrections__isnull=True)
        .annotate(
            has_actions=Exists(actions),
            has_open=Exists(actions.filter(completed_on__isnull=True)),
        )
    )
    counts = findings.aggregate(total=Count("pk"), closed=Count("pk", filter=Q(has_actions=True, has_open=False)))
    return surfaces.Measure.share(counts["closed"], counts["total"])


def _finding_actions_on_time(org, first, last):
    """Of the improvement actions raised from audit findings and completed in the period (with a due date), the
    share completed by it. One query."""
    finding_type = ContentType.objects.get_for_model(AuditFinding)
    done = ImprovementAction.objects.for_org(org).filter(
        source_type=finding_type, completed_on__range=(first, last), due_date__isnull=False
    )
    counts = done.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_date"))))
    return surfaces.Measure.share(counts["on_time"], counts["total"])


def _audits_url(org, first, last):
    return reverse("audits:list", args=[org.slug])


_RESULTS = [
    surfaces.ResultSource(
        code="audits.findings_closed",
        name=_("Audit findings closed"),
        unit="%",
        compute=_findings_closed,
        principles=("10",),
        description=_(
            "Of the audit findings recorded in the period that call for action, the share whose improvement actions "
            "are all completed."
        ),
        records_url=_audits_url,
    ),
    surfaces.ResultSource(
        code="audits.finding_actions_on_time",
        name=_("Audit actions completed on time"),
        unit="%",
        compute=_finding_actions_on_time,
        principles=("10",),
        description=_(
            "Of the improvement actions from audit findings completed in the period, the share completed by their "
            "due date."
        ),
        records_url=_audits_url,
    ),
]


@surfaces.result_sources
def results():
    return _RESULTS


# ── What a provider shares with its programmes (read by the programmes app) ─────────────────────────────────────


@surfaces.provider_records
def audits_and_certificates(org_ids):
    """Internal audits closed, external audits held (the site visit, else the start) and certificates issued: two
    queries."""
    from .models import Kind, Status

    records = []
    audits = Audit.objects.filter(org_id__in=org_ids).values_list(
        "org_id", "kind", "status", "closed_on", "site_visit_on", "planned_start"
    )
    today = timezone.localdate()
    for org_id, kind, status, closed_on, site_visit_on, planned_start in audits:
        if kind == Kind.INTERNAL and status == Status.CLOSED and closed_on:
            records.append(surfaces.ProviderRecord(org_id, "internal_audit_closed", closed_on))
        elif kind == Kind.EXTERNAL:
            held = site_visit_on or planned_start
            if held and held <= today and (status != Status.PLANNED or site_visit_on):
                records.append(surfaces.ProviderRecord(org_id, "external_audit_held", held))
    for org_id, issued_on in Certificate.objects.filter(org_id__in=org_ids).values_list("org_id", "issued_on"):
        records.append(surfaces.ProviderRecord(org_id, "certificate_issued", issued_on))
    return records


@surfaces.provider_record_models
def audit_models():
    """Audits closed or held and certificates issued (audits_and_certificates) change when these rows are saved."""
    return ["audits.Audit", "audits.Certificate"]
