"""The Klaipėda centre's audits and certificates (audits/demo.py) through the real demo loader."""

from datetime import date

import pytest

from actions.models import ImprovementAction, Source
from audits.models import (
    Audit,
    AuditFinding,
    Certificate,
    FindingDocument,
    Kind,
    ManagementReview,
    ProgressReport,
    Status,
)
from kokybe.lib.demo import load_all
from orgs.models import ActivityEntry, Organisation
from work.models import Milestone, MilestoneKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def klaipeda():
    load_all()
    return Organisation.objects.get(slug="klaipeda")


def test_the_seeds_audits_are_closed_with_findings(klaipeda):
    audits = Audit.objects.for_org(klaipeda)
    internal = audits.get(kind=Kind.INTERNAL, planned_start=date(2020, 2, 5))
    first, second = audits.filter(kind=Kind.EXTERNAL, planned_start__year__in=[2020, 2021]).order_by("planned_start")
    assert (first.planned_start, first.external_type) == (date(2020, 11, 23), "initial")
    assert (second.planned_start, second.external_type) == (date(2021, 3, 29), "follow_up")
    for audit in (internal, first, second):
        assert audit.status == Status.CLOSED and audit.closed_on == audit.planned_start
        assert audit.findings.exists() and audit.services.count() == 6
    assert internal.checklist.count() == 73 and not internal.checklist.filter(verdict="").exists()
    assert internal.findings.filter(kind="minor_nc").exists()
    assert first.findings.filter(kind="recommendation").exists() and first.findings.filter(kind="unmet").exists()


def test_findings_point_at_the_plans_closed_actions_and_back(klaipeda):
    linked = [f for f in AuditFinding.objects.for_org(klaipeda) if f.actions().exists()]
    assert len(linked) >= 6
    actions = [a for f in linked for a in f.actions()]
    assert {a.source for a in actions} == {Source.INTERNAL_AUDIT, Source.EXTERNAL_AUDIT}
    assert all(a.source_object.audit.org == klaipeda for a in actions)
    assert sum(a.status in ("done", "effective") for a in actions) >= 5


def test_the_first_internal_audits_findings_rest_on_the_documents_then_in_force(klaipeda):
    internal = Audit.objects.for_org(klaipeda).get(kind=Kind.INTERNAL, planned_start=date(2020, 2, 5))
    links = {
        link.document.type.code: link.version
        for link in FindingDocument.objects.for_org(klaipeda).filter(finding__audit=internal)
    }
    assert set(links) == {"quality-policy", "recruitment-retention"}
    # Both were revised in 2023: the finding keeps naming what the auditors read in 2020.
    assert {code: (v.number, v.order_number) for code, v in links.items()} == {
        "quality-policy": (1, "V-38"),
        "recruitment-retention": (1, "V-61"),
    }
    assert all(v.document.current_version_id != v.pk for v in links.values())


def test_the_2021_certificate_covers_the_six_services_and_its_renewal_runs_to_2027(klaipeda):
    first = Certificate.objects.get(org=klaipeda, reference="LIT2021-069")
    assert (first.issued_on, first.expires_on) == (date(2021, 5, 14), date(2024, 5, 14))
    assert first.services.count() == 6 and first.level == "EQUASS Assurance"
    assert first.audit.planned_start == date(2021, 3, 29)
    renewed = Certificate.objects.for_org(klaipeda).not_superseded().get()
    assert (renewed.reference, renewed.expires_on) == ("LIT2024-112", date(2027, 5, 14))


def test_the_next_renewal_audit_is_planned_on_the_calendar_without_doubling_it(klaipeda):
    planned = Audit.objects.for_org(klaipeda).filter(status=Status.PLANNED).order_by("planned_start")
    assert [(a.kind, a.planned_start) for a in planned] == [
        (Kind.INTERNAL, date(2026, 12, 10)),
        (Kind.EXTERNAL, date(2027, 3, 22)),
    ]
    assert planned[1].milestone.end_date == date(2027, 3, 23)
    external_2027 = Milestone.objects.filter(org=klaipeda, kind=MilestoneKind.EXTERNAL_AUDIT, start_date__year=2027)
    assert external_2027.count() == 1
    expiry = Milestone.objects.filter(org=klaipeda, kind=MilestoneKind.CERTIFICATE_EXPIRY)
    assert sorted(m.start_date for m in expiry) == [date(2024, 5, 14), date(2027, 5, 14)]


def test_progress_reports_and_the_management_review_with_its_decisions(klaipeda):
    assert sorted(ProgressReport.objects.for_org(klaipeda).values_list("year", "status")) == [
        (2024, "final"),
        (2025, "draft"),
    ]
    review = ManagementReview.objects.get(org=klaipeda)
    assert review.is_final and review.inputs["actions"]["open"] > 0
    decisions = list(review.decisions())
    assert decisions and all(a.source == Source.MANAGEMENT_REVIEW for a in decisions)


def test_loading_again_changes_nothing(klaipeda):
    before = (
        list(Audit.objects.order_by("pk").values()),
        list(AuditFinding.objects.order_by("pk").values()),
        list(Certificate.objects.order_by("pk").values()),
        list(ImprovementAction.objects.order_by("pk").values("pk", "source_id")),
    )
    entries = ActivityEntry.objects.count()
    ctx = load_all()
    assert not +ctx.created, ctx.created  # (+ drops zero counts another loader may leave)
    after = (
        list(Audit.objects.order_by("pk").values()),
        list(AuditFinding.objects.order_by("pk").values()),
        list(Certificate.objects.order_by("pk").values()),
        list(ImprovementAction.objects.order_by("pk").values("pk", "source_id")),
    )
    assert after == before and ActivityEntry.objects.count() == entries
