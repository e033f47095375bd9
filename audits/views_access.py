"""External auditor access: the coordinator's grants, and the pages the auditor reads (only what a grant in force
opens; everything else is 404). Each read of evidence or a document is written to the activity log."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments import reports as assessment_reports
from assessments.models import EvidenceItem, EvidenceKind
from documents import evidence as document_evidence
from frameworks.tree import by_principle
from kokybe.lib import downloads, uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import EXTERNAL_AUDITORS, MANAGERS

from . import access, checklist, reports, services
from .forms import FindingForm, GrantForm
from .models import Audit, AuditorGrant, FindingDocument

# ── The coordinator's side ────────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=MANAGERS, methods=("GET",))
def grant_list(request):
    grants = AuditorGrant.objects.for_org(request.org).select_related("assessment", "audit", "created_by")
    return render(
        request,
        "audits/grants.html",
        {"org": request.org, "grants": list(grants), "today": timezone.localdate()},
    )


@org_view(roles=MANAGERS)
def grant_create(request):
    initial = {"valid_until": timezone.localdate() + timedelta(days=30), "language": request.user.language}
    audit_pk = request.GET.get("audit", "")
    if audit_pk.isdigit():
        audit = Audit.objects.for_org(request.org).external().filter(pk=audit_pk).first()
        if audit is not None:
            initial.update(audit=audit.pk, assessment=audit.assessment_id)
    form = GrantForm(request.POST or None, org=request.org, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant = access.grant_create(
                org=request.org,
                email=data["email"],
                assessment=data["assessment"],
                audit=data["audit"],
                valid_until=data["valid_until"],
                documents_scope=data["documents_scope"],
                documents=data["documents"],
                language=data["language"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if grant.invitation_id:
                message = _("An invitation has been sent to %(email)s; the access ends after %(date)s.")
            else:
                message = _("%(email)s has been given access until %(date)s and told by e-mail.")
            messages.success(request, message % {"email": grant.email, "date": grant.valid_until.isoformat()})
            return redirect("audits:grants", request.org.slug)
    return render(request, "audits/grant_form.html", {"org": request.org, "form": form})


@org_view(roles=MANAGERS, methods=("POST",))
def grant_revoke(request, grant_pk):
    grant = get_object_or_404(AuditorGrant.objects.for_org(request.org), pk=grant_pk)
    access.grant_revoke(grant=grant, by=request.user)
    messages.success(request, _("The access of %(email)s has been revoked.") % {"email": grant.email})
    return redirect("audits:grants", request.org.slug)


# ── The auditor's side ────────────────────────────────────────────────────────────────────────────────────────────


def _grant(request, grant_pk):
    return get_object_or_404(access.granted(request.org, request.user), pk=grant_pk)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted(request):
    grants = list(access.granted(request.org, request.user))
    return render(request, "audits/granted_list.html", {"org": request.org, "grants": grants})


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_cycle(request, grant_pk):
    grant = _grant(request, grant_pk)
    answers = list(access.answers(grant))
    links = EvidenceItem.answers.through.objects.filter(
        indicatoranswer__assessment_id=grant.assessment_id, evidenceitem__org_id=grant.org_id
    ).select_related("evidenceitem")
    by_answer = defaultdict(list)
    for link in links.order_by("evidenceitem__title", "evidenceitem_id"):
        by_answer[link.indicatoranswer_id].append(link.evidenceitem)
    version = grant.assessment.version
    labels = {r["code"]: version.rating_label(r) for r in version.ratings}
    for a in answers:
        a.rating_label = labels.get(a.rating, "")
        a.evidence_list = by_answer.get(a.pk, [])
    audit = grant.audit
    findings = checklist.findings_of(audit) if audit else []
    documents = list(access.documents(grant))
    return render(
        request,
        "audits/granted_cycle.html",
        {
            "org": request.org,
            "grant": grant,
            "groups": by_principle(answers),
            "documents": documents,
            "earlier_audits": list(access.earlier_audits(grant)),
            "reviews": list(access.final_reviews(grant)),
            "audit": audit,
            "findings": findings,
            "finding_form": FindingForm(audit=audit, documents=documents) if audit and not audit.is_closed else None,
        },
    )


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_evidence(request, grant_pk, evidence_pk):
    grant = _grant(request, grant_pk)
    item = get_object_or_404(access.evidence(grant).shown(), pk=evidence_pk)
    access.log_read(org=request.org, by=request.user, target=item)
    if item.kind == EvidenceKind.FILE:
        if not item.file:
            raise Http404("No file.")
        return uploads.file_response(item.file, item.original_name, item.content_type, inline=True)
    if item.kind == EvidenceKind.URL:
        return redirect(item.url)
    if item.kind == EvidenceKind.DOCUMENT:
        # The cycle puts this document forward as evidence, so the grant opens exactly the version it names.
        if item.version_shown is None:
            raise Http404("No approved version.")
        return document_evidence.download_response(item.version_shown)
    summary = None
    if item.kind == EvidenceKind.SURVEY and item.campaign_id:
        from surveys.evidence import campaign_summary

        summary = campaign_summary(item.campaign)
    ctx = {"org": request.org, "grant": grant, "item": item, "summary": summary}
    return render(request, "audits/granted_evidence.html", ctx)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_document(request, grant_pk, document_uuid):
    grant = _grant(request, grant_pk)
    document = get_object_or_404(access.documents(grant), uuid=document_uuid)
    version = document.current_version
    access.log_read(org=request.org, by=request.user, target=document)
    if version.is_file and version.file:
        return uploads.file_response(version.file, version.download_name(), version.content_type, inline=True)
    return render(
        request,
        "audits/granted_document.html",
        {"org": request.org, "grant": grant, "document": document, "version": version},
    )


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_finding_document(request, grant_pk, finding_pk, link_pk):
    """A document a finding of the granted audit rests on: the version the link names, or the one in force.

    The finding's links are part of the audit the grant names, so they open whatever the grant's document scope;
    only approved versions exist to open, never a draft."""
    grant = _grant(request, grant_pk)
    if grant.audit_id is None:
        raise Http404("The grant names no audit.")
    links = FindingDocument.objects.for_org(request.org).select_related("document__org", "document__current_version")
    link = get_object_or_404(
        links.select_related("version"), pk=link_pk, finding_id=finding_pk, finding__audit_id=grant.audit_id
    )
    version = link.version or link.document.current_version
    if version is None:
        raise Http404("Nothing approved to open.")
    version.document = link.document
    access.log_read(org=request.org, by=request.user, target=version)
    return document_evidence.download_response(version)


@org_view(roles=EXTERNAL_AUDITORS, methods=("POST",))
def granted_finding(request, grant_pk):
    """The external auditor records a finding on the audit the grant names, while it is open."""
    grant = _grant(request, grant_pk)
    audit = grant.audit
    if audit is None:
        raise Http404("The grant names no audit.")
    form = FindingForm(request.POST, audit=audit, documents=access.documents(grant))
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_create(
                audit=audit,
                kind=data["kind"],
                text=data["text"],
                evidence=data["evidence"],
                indicator=data.get("indicator"),
                criterion=data.get("criterion"),
                documents=data["documents"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Finding %(number)s has been recorded.") % {"number": finding.number})
    else:
        for error in form.errors.get("documents") or [
            _("The finding was not recorded: write its text and choose its kind.")
        ]:
            messages.error(request, error)
    return redirect("audits:granted_cycle", request.org.slug, grant.pk)


# What else the grant opens: the readiness summary and the plan's status, the self-assessment report, earlier audit
# reports and management-review minutes. Every one is a read the activity log records, like evidence and documents.

REPORT_FORMATS = ("docx", "pdf")


def _lang(request):
    lang = (request.GET.get("lang") or translation.get_language() or "lt")[:2]
    return lang if lang in assessment_reports.LANGUAGES else "lt"


def _file(content, name, ext):
    return downloads.attachment(content, name)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_summary(request, grant_pk):
    """The granted cycle's readiness by principle and the implementation plan in figures (no action's detail)."""
    grant = _grant(request, grant_pk)
    assessment = grant.assessment
    readiness = assessment.readiness()
    access.log_read(org=request.org, by=request.user, target=assessment)
    ctx = {
        "org": request.org,
        "grant": grant,
        "readiness": readiness,
        "verdict": assessment_reports.verdict(readiness),
        "plan": access.plan_status(request.org),
    }
    return render(request, "audits/granted_summary.html", ctx)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_report(request, grant_pk, fmt):
    """The granted cycle's self-assessment report, as the organisation downloads it."""
    grant = _grant(request, grant_pk)
    if fmt not in REPORT_FORMATS:
        raise Http404("No such format.")
    assessment, lang = grant.assessment, _lang(request)
    make = assessment_reports.report_docx if fmt == "docx" else assessment_reports.report_pdf
    content = make(assessment, lang)
    access.log_read(org=request.org, by=request.user, target=assessment)
    return _file(content, assessment_reports.filename(assessment, lang, fmt), fmt)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_audit_report(request, grant_pk, audit_pk, fmt):
    """The report of one of the organisation's earlier (closed) audits."""
    grant = _grant(request, grant_pk)
    if fmt not in REPORT_FORMATS:
        raise Http404("No such format.")
    audit = get_object_or_404(access.earlier_audits(grant), pk=audit_pk)
    lang = _lang(request)
    content = (reports.report_docx if fmt == "docx" else reports.report_pdf)(audit, lang)
    access.log_read(org=request.org, by=request.user, target=audit)
    return _file(content, reports.filename(audit, lang, fmt), fmt)


@org_view(roles=EXTERNAL_AUDITORS, methods=("GET",))
def granted_review(request, grant_pk, review_pk):
    """The minutes of a final management review, read-only: its inputs as gathered that day and its decisions."""
    grant = _grant(request, grant_pk)
    review = get_object_or_404(access.final_reviews(grant), pk=review_pk)
    access.log_read(org=request.org, by=request.user, target=review)
    ctx = {
        "org": request.org,
        "grant": grant,
        "review": review,
        "inputs": review.inputs,
        "decisions": list(review.decisions()),
    }
    return render(request, "audits/granted_review.html", ctx)
