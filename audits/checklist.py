"""What the checklist, the on-site screens and the audit report show, in a fixed number of queries however many
indicators are in scope: the items with their indicator tree, the self-assessment's answers and evidence (read from
the linked cycle), and the findings."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from assessments.models import EvidenceItem, IndicatorAnswer
from assessments.readiness import MET, NA, NOT_MET, PARTLY, UNRATED, rating_buckets
from documents import evidence as document_evidence
from frameworks.models import Principle

from .models import FindingDocument, FindingKind, Verdict

RATING_BADGES = {MET: "badge-ok", PARTLY: "badge-warn", NOT_MET: "badge-bad", NA: "", UNRATED: ""}
VERDICT_BADGES = {
    Verdict.CONFORMS: "badge-ok",
    Verdict.PARTLY: "badge-warn",
    Verdict.NOT_CONFORMS: "badge-bad",
    Verdict.NOT_APPLICABLE: "",
}
ITEM_ORDER = (
    "indicator__criterion__principle__order",
    "indicator__criterion__principle_id",
    "indicator__criterion__order",
    "indicator__criterion_id",
    "indicator__order",
    "indicator_id",
)


def items_of(audit):
    return audit.checklist.select_related("indicator__criterion__principle", "updated_by").order_by(*ITEM_ORDER)


@dataclass
class SelfAssessment:
    """The organisation's own answer to an indicator, as the linked cycle holds it now."""

    rating_label: str = ""
    badge: str = ""
    narrative: str = ""
    evidence: list = field(default_factory=list)


def self_assessment(audit, indicator_ids=None):
    """{indicator pk: SelfAssessment} from the audit's cycle (empty without one), in two queries."""
    if not audit.assessment_id:
        return {}
    version = audit.version
    labels = {r["code"]: version.rating_label(r) for r in version.ratings}
    buckets = rating_buckets(version.scoring)
    answers = IndicatorAnswer.objects.for_org(audit.org_id).filter(assessment_id=audit.assessment_id)
    links = EvidenceItem.answers.through.objects.filter(indicatoranswer__assessment_id=audit.assessment_id)
    if indicator_ids is not None:
        answers = answers.filter(indicator_id__in=indicator_ids)
        links = links.filter(indicatoranswer__indicator_id__in=indicator_ids)
    evidence = defaultdict(list)
    for link in links.select_related("evidenceitem").order_by("evidenceitem__title", "evidenceitem_id"):
        evidence[link.indicatoranswer_id].append(link.evidenceitem)
    out = {}
    for answer in answers.only("pk", "indicator_id", "rating", "narrative"):
        out[answer.indicator_id] = SelfAssessment(
            rating_label=labels.get(answer.rating, ""),
            badge=RATING_BADGES[buckets.get(answer.rating, UNRATED)],
            narrative=answer.narrative,
            evidence=evidence.get(answer.pk, []),
        )
    return out


def decorate(items, audit, findings=None):
    """Give each item its self-assessment, its findings and its badge; returns the items."""
    answers = self_assessment(audit, None if len(items) > 1 else [i.indicator_id for i in items])
    by_indicator = defaultdict(list)
    for finding in findings if findings is not None else []:
        if finding.indicator_id:
            by_indicator[finding.indicator_id].append(finding)
    for item in items:
        item.sa = answers.get(item.indicator_id) or SelfAssessment()
        item.verdict_badge = VERDICT_BADGES.get(item.verdict, "")
        item.findings = by_indicator.get(item.indicator_id, [])
    return items


def progress(items):
    """(checked, total): items with a verdict, of all items."""
    return sum(1 for item in items if item.verdict), len(items)


@dataclass
class PrincipleSummary:
    principle: object
    verdicts: Counter
    findings: Counter

    def verdict(self, code):
        return self.verdicts.get(code, 0)

    def finding(self, code):
        return self.findings.get(code, 0)


def summary_by_principle(audit, principles, items, findings):
    """Verdict and finding counts per principle in scope (a finding placed by criterion or indicator counts where it
    belongs; one with no place counts nowhere)."""
    rows = {p.pk: PrincipleSummary(p, Counter(), Counter()) for p in principles}
    for item in items:
        row = rows.get(item.indicator.criterion.principle_id)
        if row is not None:
            row.verdicts[item.verdict or ""] += 1
    for finding in findings:
        criterion = finding.criterion
        if criterion is not None and criterion.principle_id in rows:
            rows[criterion.principle_id].findings[finding.kind] += 1
    return [row for row in rows.values() if sum(row.verdicts.values()) or sum(row.findings.values())]


def finding_kind_columns(audit):
    return [FindingKind(k) for k in audit.finding_kinds()]


def findings_of(audit):
    return attach_documents(
        audit.findings.select_related("indicator", "criterion__principle", "created_by", "corrects").order_by("number")
    )


def attach_documents(findings):
    """Give each finding `documents`: the documents it rests on (documents.evidence.Evidence), in one query."""
    findings = list(findings)
    by_finding = defaultdict(list)
    if findings:
        links = (
            FindingDocument.objects.for_org(findings[0].org_id)
            .filter(finding__in=[f.pk for f in findings])
            .select_related("document__org", "document__current_version", "version")
        )
        for found in document_evidence.of_links(links):
            by_finding[found.link.finding_id].append(found)
    for f in findings:
        f.documents = by_finding.get(f.pk, [])
    return findings


def principles_in_scope(audit):
    chosen = list(audit.principles.order_by("order", "pk"))
    return chosen or list(Principle.objects.filter(version_id=audit.version_id).order_by("order", "pk"))
