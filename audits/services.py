"""Changes to audits, their checklists and findings: atomic, validated, one activity entry each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actions.models import ImprovementAction, Source
from actions.services import action_create
from frameworks.models import Indicator
from kokybe.lib import uploads
from orgs import activity
from orgs.models import ActivityEntry

from . import calendar
from .models import Audit, AuditFinding, ChecklistItem, FindingDocument, Kind, Status, team_members

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.db import models
    from django.db.models import QuerySet

    from accounts.models import User
    from documents.models import Document, DocumentVersion
    from frameworks.models import Criterion, Principle
    from orgs.models import Service

AUDIT_LOGGED = [
    "kind",
    "external_type",
    "title",
    "version",
    "assessment",
    "principles",
    "services",
    "planned_start",
    "planned_end",
    "desk_review_on",
    "site_visit_on",
    "lead_auditor",
    "team",
    "auditor_name",
    "auditor_body",
    "method",
]
FINDING_LOGGED = ["kind", "indicator", "criterion", "text", "evidence"]
FINDING_LABELS = {"corrects": gettext_noop("Corrects"), "documents": gettext_noop("Documents")}


def _closed(audit: Audit) -> None:
    if Audit.objects.filter(pk=audit.pk, status=Status.CLOSED).exists():
        raise ValidationError(_("The audit is closed: it can no longer be changed."), code="closed")


def _check_links(audit: Audit, *, principles: list[Principle], services: list[Service], team: list[User]) -> None:
    errors = {}
    if any(p.version_id != audit.version_id for p in principles):
        errors["principles"] = _("Choose principles of the audit's framework version.")
    if any(s.org_id != audit.org_id for s in services):
        errors["services"] = _("Choose services of this organisation.")
    if audit.kind == Kind.INTERNAL and team:
        allowed = set(team_members(audit.org).values_list("user_id", flat=True))
        if any(user.pk not in allowed for user in team):
            errors["team"] = _("The team must be internal auditors or the quality coordinator of the organisation.")
    if errors:
        raise ValidationError(errors)


def _store_file(instance: models.Model, field: str, upload: UploadedFile, name_field: str, type_field: str) -> None:
    kind = uploads.check(upload)
    setattr(instance, name_field, uploads.stored_name(kind, upload.name))
    setattr(instance, type_field, kind.content_type)
    getattr(instance, field).save(kind.storage_name(), upload, save=False)


def scope_indicators(audit: Audit) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(version_id=audit.version_id)
    principle_ids = list(audit.principles.values_list("pk", flat=True))
    if principle_ids:
        indicators = indicators.filter(criterion__principle_id__in=principle_ids)
    return indicators


def sync_checklist(audit: Audit) -> None:
    """One checklist item per indicator in scope. Items leaving the scope go only while nothing is recorded on them."""
    if audit.kind != Kind.INTERNAL:
        return
    in_scope = set(scope_indicators(audit).values_list("pk", flat=True))
    existing = {item.indicator_id: item for item in audit.checklist.all()}
    ChecklistItem.objects.bulk_create(
        ChecklistItem(org_id=audit.org_id, audit=audit, indicator_id=pk) for pk in sorted(in_scope - set(existing))
    )
    gone = [item.pk for pk, item in existing.items() if pk not in in_scope and item.is_blank]
    if gone:
        ChecklistItem.objects.filter(pk__in=gone).delete()


@transaction.atomic
def audit_save(
    *,
    audit: Audit,
    by: User,
    principles: Iterable[Principle] = (),
    services: Iterable[Service] = (),
    team: Iterable[User] = (),
    report: UploadedFile | None = None,
) -> Audit:
    """Create or update an audit (plan): links checked, checklist and calendar kept in step, one activity entry."""
    creating = audit._state.adding
    if not creating:
        _closed(audit)
    before = {} if creating else activity.snapshot(Audit.objects.get(pk=audit.pk), AUDIT_LOGGED)
    principles, services, team = list(principles), list(services), list(team)
    if creating:
        audit.created_by = by
    audit.full_clean()
    _check_links(audit, principles=principles, services=services, team=team)
    if report is not None:
        _store_file(audit, "report_file", report, "report_name", "report_type")
    audit.save()
    audit.principles.set(principles)
    audit.services.set(services)
    audit.team.set(team)
    sync_checklist(audit)
    changes = activity.diff(before, activity.snapshot(audit, AUDIT_LOGGED))
    calendar.sync_audit(audit, by=by, renamed="title" in changes and not creating)
    if report is not None:
        changes["report_file"] = ["", audit.report_name]
    if creating or changes:
        verb = ActivityEntry.Verb.CREATED if creating else ActivityEntry.Verb.UPDATED
        activity.record(org=audit.org, by=by, verb=verb, target=audit, changes=changes)
    return audit


def _move(audit: Audit, to: str, by: User, **fields: Any) -> Audit:
    before = audit.get_status_display()
    audit.status = to
    for name, value in fields.items():
        setattr(audit, name, value)
    audit.full_clean()
    audit.save()
    activity.record(
        org=audit.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=audit,
        changes={"status": [before, audit.get_status_display()]},
    )
    return audit


@transaction.atomic
def audit_transition(*, audit: Audit, to: str, by: User, summary: str | None = None) -> Audit:
    """Move an audit along TRANSITIONS (one entry in the log). Closing writes the conclusion and is final."""
    audit = Audit.objects.select_for_update(of=("self",)).select_related("org", "version").get(pk=audit.pk)
    refusal = audit.transition_refusal(to)
    if refusal:
        raise ValidationError(refusal, code="transition")
    fields = {}
    if to == Status.CLOSED:
        fields = {"closed_on": timezone.localdate(), "closed_by": by}
        if summary is not None:
            fields["summary"] = summary.strip()
    return _move(audit, to, by, **fields)


def audit_close(*, audit: Audit, by: User, summary: str = "") -> Audit:
    return audit_transition(audit=audit, to=Status.CLOSED, by=by, summary=summary)


# ── Checklist ─────────────────────────────────────────────────────────────────────────────────────────────────────


def _as_text(item: ChecklistItem, name: str) -> str:
    if name == "verdict":
        return item.get_verdict_display() if item.verdict else ""
    if name == "interviewed":
        return ", ".join(str(label) for label in item.interviewed_labels())
    return Truncator(getattr(item, name) or "").chars(200)


@transaction.atomic
def checklist_item_save(*, item: ChecklistItem, values: dict[str, Any], by: User) -> ChecklistItem:
    """Save what the auditor recorded on one indicator (any subset of ChecklistItem.FIELDS).

    The first entry on a planned audit starts it: the auditor is on site.
    """
    item = (
        ChecklistItem.objects.select_for_update(of=("self",)).select_related("audit__org", "indicator").get(pk=item.pk)
    )
    audit = item.audit
    _closed(audit)
    before = {name: _as_text(item, name) for name in values}
    for name, value in values.items():
        if name not in ChecklistItem.FIELDS:
            raise ValueError(f"{name} is not a checklist field")
        setattr(item, name, value)
    if item.interviewed:
        item.interviewed = [code for code in item.interviewed if code]
    item.full_clean()
    changes = {name: [before[name], _as_text(item, name)] for name in values if before[name] != _as_text(item, name)}
    if not changes:
        return item
    item.updated_by = by
    item.updated_at = timezone.now()
    item.save()
    if audit.status == Status.PLANNED:
        audit_transition(audit=audit, to=Status.IN_PROGRESS, by=by)
    activity.record(org=audit.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=item, changes=changes)
    return item


# ── Findings ──────────────────────────────────────────────────────────────────────────────────────────────────────


def _finding_changes(finding: AuditFinding) -> dict[str, list[str]]:
    return activity.diff({}, activity.snapshot(finding, FINDING_LOGGED))


def _links_text(links: Iterable[FindingDocument]) -> str:
    return "; ".join(sorted(str(link) for link in links))


def _new_links(
    finding: AuditFinding, documents: Iterable[tuple[Document, DocumentVersion | None]], by: User
) -> list[FindingDocument]:
    """Validated, unsaved links of a finding to [(document, version or None)]."""
    links = []
    for document, version in documents:
        link = FindingDocument(
            org_id=finding.org_id, finding=finding, document=document, version=version, created_by=by
        )
        link.full_clean()
        links.append(link)
    return links


@transaction.atomic
def finding_create(
    *,
    audit: Audit,
    kind: str,
    text: str,
    by: User,
    evidence: str = "",
    indicator: Indicator | None = None,
    criterion: Criterion | None = None,
    corrects: AuditFinding | None = None,
    documents: Iterable[tuple[Document, DocumentVersion | None]] = (),
) -> AuditFinding:
    """Record a finding, with the documents it rests on ([(document, version or None)]). On a closed audit only a
    correction (`corrects`) may be added: findings are never rewritten."""
    audit = Audit.objects.select_for_update(of=("self",)).select_related("org").get(pk=audit.pk)
    if audit.is_closed and corrects is None:
        raise ValidationError(
            _("The audit is closed: new findings cannot be added. Record a correction of a finding instead."),
            code="closed",
        )
    if indicator is not None and criterion is None:
        criterion = indicator.criterion
    number = (audit.findings.aggregate(last=Max("number"))["last"] or 0) + 1
    finding = AuditFinding(
        org_id=audit.org_id,
        audit=audit,
        number=number,
        kind=kind,
        text=(text or "").strip(),
        evidence=(evidence or "").strip(),
        indicator=indicator,
        criterion=criterion,
        corrects=corrects,
        created_by=by,
    )
    finding.full_clean()
    finding.save()
    links = _new_links(finding, documents, by)
    # Created with the finding, as part of what is recorded (a correction on a closed audit included): the lock in
    # FindingDocument.save() guards later changes.
    FindingDocument.objects.bulk_create(links)
    changes = _finding_changes(finding)
    if corrects is not None:
        changes["corrects"] = ["", str(corrects)]
    if links:
        changes["documents"] = ["", _links_text(links)]
    activity.record(
        org=audit.org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=finding,
        changes=changes,
        labels={**activity.labels_for(AuditFinding, changes), **FINDING_LABELS},
    )
    return finding


def _set_links(
    finding: AuditFinding, documents: Iterable[tuple[Document, DocumentVersion | None]], by: User
) -> list[str] | None:
    """Make the finding's links exactly [(document, version or None)]; returns [before, after] as text, or None."""
    current = list(finding.document_links.select_related("document", "version"))
    wanted = {(document.pk, version.pk if version else None): (document, version) for document, version in documents}
    keep = [link for link in current if (link.document_id, link.version_id) in wanted]
    kept = {(link.document_id, link.version_id) for link in keep}
    for link in current:
        if link not in keep:
            link.delete()
    added = _new_links(finding, [pair for key, pair in wanted.items() if key not in kept], by)
    for link in added:
        link.save()
    before, after = _links_text(current), _links_text(keep + added)
    return [before, after] if before != after else None


@transaction.atomic
def finding_update(
    *,
    finding: AuditFinding,
    by: User,
    documents: Iterable[tuple[Document, DocumentVersion | None]] | None = None,
    **values: Any,
) -> AuditFinding:
    """Change a finding of an open audit; `documents` ([(document, version or None)]) replaces its links."""
    _closed(finding.audit)
    before = activity.snapshot(AuditFinding.objects.get(pk=finding.pk), FINDING_LOGGED)
    for name, value in values.items():
        setattr(finding, name, value)
    if finding.indicator_id and "indicator" in values and "criterion" not in values:
        finding.criterion = finding.indicator.criterion  # type: ignore[union-attr]  # indicator_id is set
    finding.full_clean()
    finding.save()
    changes = activity.diff(before, activity.snapshot(finding, FINDING_LOGGED))
    if documents is not None:
        documents_changed = _set_links(finding, documents, by)
        if documents_changed:
            changes["documents"] = documents_changed
    if changes:
        activity.record(
            org=finding.audit.org,
            by=by,
            verb=ActivityEntry.Verb.UPDATED,
            target=finding,
            changes=changes,
            labels={**activity.labels_for(AuditFinding, changes), **FINDING_LABELS},
        )
    return finding


@transaction.atomic
def finding_delete(*, finding: AuditFinding, by: User) -> None:
    _closed(finding.audit)
    if finding.actions().exists():
        raise ValidationError(
            _("An improvement action was created from this finding: it cannot be deleted."), code="in_use"
        )
    if finding.corrections.exists():
        raise ValidationError(_("A later finding corrects this one: it cannot be deleted."), code="in_use")
    activity.record(org=finding.audit.org, by=by, verb=ActivityEntry.Verb.DELETED, target=finding)
    finding.delete()


def finding_correct(
    *,
    finding: AuditFinding,
    by: User,
    kind: str,
    text: str,
    evidence: str = "",
    documents: Iterable[tuple[Document, DocumentVersion | None]] = (),
) -> AuditFinding:
    """A correction is a new finding that points at the one it corrects; the original stays as it was."""
    return finding_create(
        audit=finding.audit,
        kind=kind,
        text=text,
        evidence=evidence,
        indicator=finding.indicator,
        criterion=finding.criterion,
        corrects=finding,
        documents=documents,
        by=by,
    )


def action_source(audit: Audit) -> str:
    return Source.INTERNAL_AUDIT if audit.is_internal else Source.EXTERNAL_AUDIT


@transaction.atomic
def finding_to_action(
    *, finding: AuditFinding, by: User, owner: User | None = None, due_date: date | None = None
) -> ImprovementAction:
    """The improvement action for a finding, in one step; the action points back at the finding (its source)."""
    if not finding.is_actionable:
        raise ValidationError(_("A strength needs no improvement action."), code="not_actionable")
    existing = finding.actions().first()
    if existing is not None:
        raise ValidationError(
            _("Improvement action #%(number)s was already created from this finding.") % {"number": existing.number},
            code="exists",
        )
    audit = finding.audit
    description = finding.text
    if finding.evidence:
        description += "\n\n" + _("Evidence: %(evidence)s") % {"evidence": finding.evidence}
    linked = _links_text(finding.document_links.select_related("document", "version"))
    if linked:
        description += "\n\n" + _("Documents: %(documents)s") % {"documents": linked}
    description += "\n\n" + _("Source: %(audit)s, finding %(number)s.") % {"audit": audit, "number": finding.number}
    fields = {}
    if finding.indicator_id is None and finding.criterion_id is not None:
        fields["principle"] = finding.criterion.principle  # type: ignore[union-attr]  # criterion_id is set
    return action_create(
        org=audit.org,
        title=Truncator(finding.text.splitlines()[0] if finding.text else str(finding)).chars(200),
        source=action_source(audit),
        source_object=finding,
        indicators=[finding.indicator] if finding.indicator_id else [],  # type: ignore[list-item]  # id set
        owner=owner,
        due_date=due_date,
        description=description,
        by=by,
        **fields,
    )


def actions_of(findings: Iterable[AuditFinding]) -> dict[int, list[ImprovementAction]]:
    """{finding pk: [actions created from it]} for the given findings, in one query."""
    findings = list(findings)
    if not findings:
        return {}
    rows = ImprovementAction.objects.filter(
        org_id=findings[0].org_id,
        source_type=ContentType.objects.get_for_model(AuditFinding),
        source_id__in=[str(f.pk) for f in findings],
    ).select_related("owner", "org")
    out: dict[int, list[ImprovementAction]] = {}
    for action in rows.order_by("number"):
        out.setdefault(int(action.source_id), []).append(action)
    return out
