"""Audit pages: the list, planning, the audit page with its findings, the checklist, the on-site mode and closing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frameworks.tree import by_principle
from kokybe.lib import downloads, uploads
from kokybe.lib.concurrency import OPENED as OPENED_STATE
from kokybe.lib.concurrency import StaleEdit
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS, REVIEWERS

from . import checklist, reports, services
from .forms import ActionForm, AuditForm, ChecklistItemForm, CloseForm, CorrectionForm, FindingForm, link_keys
from .models import Audit, AuditFinding, ChecklistItem, Interviewee, Kind, Status, Verdict


def _audit(request, pk):
    queryset = Audit.objects.for_org(request.org).select_related("version__framework", "assessment", "lead_auditor")
    return get_object_or_404(queryset, pk=pk)


def _finding(request, audit, finding_pk):
    queryset = AuditFinding.objects.for_org(request.org).select_related(
        "indicator", "criterion__principle", "corrects", "created_by"
    )
    finding = get_object_or_404(queryset, audit=audit, pk=finding_pk)
    finding.audit = audit
    return finding


def _can_edit(request):
    return request.membership.role in REVIEWERS


def _open_for_edit(request, audit):
    if audit.is_closed:
        raise PermissionDenied


def _error(request, exc):
    messages.error(request, " ".join(exc.messages))


# ── List and plan ─────────────────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=INSIDERS, methods=("GET",))
def audit_list(request):
    audits = (
        Audit.objects.for_org(request.org)
        .select_related("version__framework", "lead_auditor")
        .annotate(
            n_findings=Count("findings", distinct=True),
            n_nonconformities=Count(
                "findings", filter=Q(findings__kind__in=["minor_nc", "major_nc", "unmet"]), distinct=True
            ),
        )
    )
    return render(
        request,
        "audits/list.html",
        {"org": request.org, "audits": list(audits), "can_edit": _can_edit(request)},
    )


@org_view(roles=REVIEWERS)
def audit_create(request, kind):
    if kind not in Kind.values:
        raise Http404("No such kind of audit.")
    form = AuditForm(request.POST or None, request.FILES or None, org=request.org, kind=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.audit_save(
                audit=form.save(commit=False),
                by=request.user,
                principles=data["principles"],
                services=data["services"],
                team=data.get("team", ()),
                report=data.get("report"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The audit has been planned."))
            return redirect(audit)
    return render(request, "audits/form.html", {"org": request.org, "form": form, "kind": Kind(kind)})


@org_view(roles=REVIEWERS)
def audit_edit(request, pk):
    audit = _audit(request, pk)
    _open_for_edit(request, audit)
    form = AuditForm(request.POST or None, request.FILES or None, org=request.org, kind=audit.kind, instance=audit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with form.guard(by=request.user):
                services.audit_save(
                    audit=form.save(commit=False),
                    by=request.user,
                    principles=data["principles"],
                    services=data["services"],
                    team=data.get("team", ()),
                    report=data.get("report"),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The audit has been saved."))
            return redirect(audit)
    return render(
        request, "audits/form.html", {"org": request.org, "form": form, "kind": Kind(audit.kind), "audit": audit}
    )


# ── The audit page ────────────────────────────────────────────────────────────────────────────────────────────────


def _corrected(findings):
    corrected = {f.corrects_id: f for f in findings if f.corrects_id}
    for f in findings:
        f.corrected_by = corrected.get(f.pk)
    return findings


@org_view(roles=INSIDERS, methods=("GET",))
def audit_detail(request, pk):
    audit = _audit(request, pk)
    findings = _corrected(checklist.findings_of(audit))
    actions = services.actions_of(findings)
    for f in findings:
        f.action_list = actions.get(f.pk, [])
    can_edit = _can_edit(request)
    items = list(audit.checklist.only("verdict")) if audit.is_internal else []
    return render(
        request,
        "audits/detail.html",
        {
            "org": request.org,
            "audit": audit,
            "principles": list(audit.principles.all()),
            "services": list(audit.services.all()),
            "team": list(audit.team.all()),
            "findings": findings,
            "progress": checklist.progress(items),
            "can_edit": can_edit,
            "can_manage": request.membership.role in MANAGERS,
            "finding_form": FindingForm(audit=audit) if can_edit and not audit.is_closed else None,
            "action_form": ActionForm(org=request.org) if can_edit else None,
        },
    )


@org_view(roles=REVIEWERS, methods=("POST",))
def audit_transition(request, pk):
    audit = _audit(request, pk)
    to = request.POST.get("to", "")
    if to == Status.CLOSED:
        return redirect("audits:close", request.org.slug, audit.pk)
    try:
        audit = services.audit_transition(audit=audit, to=to, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The audit is now “%(status)s”.") % {"status": audit.get_status_display()})
    return redirect(audit)


@org_view(roles=REVIEWERS)
def audit_close(request, pk):
    audit = _audit(request, pk)
    form = CloseForm(request.POST or None, initial={"summary": audit.summary})
    refusal = audit.transition_refusal(Status.CLOSED)
    if request.method == "POST" and form.is_valid() and not refusal:
        try:
            services.audit_close(audit=audit, by=request.user, summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The audit has been closed. Its findings can no longer be changed."))
            return redirect(audit)
    findings = checklist.findings_of(audit)
    actions = services.actions_of(findings)
    open_findings = [f for f in findings if f.is_actionable and f.pk not in actions]
    return render(
        request,
        "audits/close.html",
        {"org": request.org, "audit": audit, "form": form, "refusal": refusal, "without_action": open_findings},
        status=409 if request.method == "POST" and refusal else 200,
    )


@org_view(roles=INSIDERS, methods=("GET",))
def auditor_report(request, pk):
    audit = _audit(request, pk)
    if not audit.report_file:
        raise Http404("No report file.")
    return uploads.file_response(audit.report_file, audit.report_name, audit.report_type)


# ── Checklist and on-site mode ────────────────────────────────────────────────────────────────────────────────────


def _internal(audit):
    if not audit.is_internal:
        raise Http404("External audits have no checklist.")


@org_view(roles=INSIDERS, methods=("GET",))
def audit_checklist(request, pk):
    audit = _audit(request, pk)
    _internal(audit)
    items = checklist.decorate(list(checklist.items_of(audit)), audit, checklist.findings_of(audit))
    return render(
        request,
        "audits/checklist.html",
        {
            "org": request.org,
            "audit": audit,
            "groups": by_principle(items),
            "progress": checklist.progress(items),
            "can_edit": _can_edit(request) and not audit.is_closed,
        },
    )


@org_view(roles=REVIEWERS, methods=("GET",))
def onsite_start(request, pk):
    audit = _audit(request, pk)
    _internal(audit)
    items = list(audit.checklist.order_by(*checklist.ITEM_ORDER).only("pk", "verdict"))
    if not items:
        messages.error(request, _("The audit's scope has no indicators."))
        return redirect(audit)
    first = next((i for i in items if not i.verdict), items[0])
    return redirect("audits:onsite", request.org.slug, audit.pk, first.pk)


def _item(request, audit, item_pk):
    queryset = ChecklistItem.objects.for_org(request.org).select_related("indicator__criterion__principle")
    item = get_object_or_404(queryset, audit=audit, pk=item_pk)
    item.audit = audit
    return item


def _neighbours(audit, item):
    ids = list(audit.checklist.order_by(*checklist.ITEM_ORDER).values_list("pk", flat=True))
    index = ids.index(item.pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following, index + 1, len(ids)


def _onsite_context(request, audit, item, form):
    findings = checklist.attach_documents(
        audit.findings.filter(indicator=item.indicator).select_related("created_by").order_by("number")
    )
    checklist.decorate([item], audit, findings)
    actions = services.actions_of(findings)
    for f in findings:
        f.action_list = actions.get(f.pk, [])
    previous, following, position, total = _neighbours(audit, item)
    return {
        "org": request.org,
        "audit": audit,
        "item": item,
        "form": form,
        "interviewees": Interviewee.choices,
        "verdicts": Verdict.choices,
        "previous": previous,
        "following": following,
        "position": position,
        "total": total,
        "finding_form": FindingForm(audit=audit, place=False, prefix="finding"),
        "editable": not audit.is_closed,
    }


@org_view(roles=REVIEWERS)
def onsite(request, pk, item_pk):
    """One indicator per screen. The form posts here without JavaScript: save, then go to the chosen neighbour."""
    audit = _audit(request, pk)
    _internal(audit)
    item = _item(request, audit, item_pk)
    form = ChecklistItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        _open_for_edit(request, audit)
        if form.is_valid():
            try:
                with form.guard(by=request.user):
                    services.checklist_item_save(item=item, values=form.values(), by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                previous, following, _position, _total = _neighbours(audit, item)
                target = {"previous": previous, "next": following}.get(request.POST.get("go"), item.pk)
                if target is None:
                    return redirect("audits:checklist", request.org.slug, audit.pk)
                return redirect("audits:onsite", request.org.slug, audit.pk, target)
        item = _item(request, audit, item_pk)
    return render(
        request, "audits/onsite.html", _onsite_context(request, audit, item, form), status=400 if form.errors else 200
    )


@org_view(roles=REVIEWERS, methods=("POST",))
def onsite_save(request, pk, item_pk):
    """The htmx autosave of one field (named in `field`), answered with a one-line status: small both ways."""
    audit = _audit(request, pk)
    _internal(audit)
    item = _item(request, audit, item_pk)
    name = request.POST.get("field", "")
    if name not in ChecklistItem.FIELDS:
        return render(request, "audits/onsite.html#saved", {"error": _("Unknown field.")}, status=400)
    if audit.is_closed:
        return render(request, "audits/onsite.html#saved", {"error": _("The audit is closed.")}, status=409)
    form = ChecklistItemForm(request.POST, instance=item)
    for other in set(ChecklistItem.FIELDS) - {name}:
        del form.fields[other]
    if not form.is_valid():
        error = " ".join(" ".join(errors) for errors in form.errors.values())
        return render(request, "audits/onsite.html#saved", {"error": error}, status=422)
    try:
        with form.guard(by=request.user):
            services.checklist_item_save(item=item, values=form.values([name]), by=request.user)
    except StaleEdit as exc:
        # Another auditor saved this field meanwhile: say so, keep the typed text, and renew the page's state so
        # the person's next change here is saved over it knowingly.
        ctx = {"error": " ".join(exc.messages), "opened_state": form.data.get(OPENED_STATE, "")}
        return render(request, "audits/onsite.html#saved", ctx, status=409)
    ctx = {"saved_at": timezone.localtime()}
    if not request.htmx:
        return redirect("audits:onsite", request.org.slug, audit.pk, item.pk)
    return render(request, "audits/onsite.html#saved", ctx)


# ── Findings ──────────────────────────────────────────────────────────────────────────────────────────────────────


def _back(request, audit, fallback=None):
    """Back to the on-site screen a finding was recorded from, else to the audit page."""
    item_pk = request.POST.get("item") or request.GET.get("item")
    if item_pk and item_pk.isdigit() and audit.checklist.filter(pk=item_pk).exists():
        return redirect("audits:onsite", request.org.slug, audit.pk, int(item_pk))
    return redirect(fallback or audit)


@org_view(roles=REVIEWERS)
def finding_create(request, pk):
    audit = _audit(request, pk)
    _open_for_edit(request, audit)
    item = None
    if (request.POST.get("item") or "").isdigit():
        item = _item(request, audit, int(request.POST["item"]))
    prefix = "finding" if item else None
    form = FindingForm(request.POST or None, audit=audit, place=item is None, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_create(
                audit=audit,
                kind=data["kind"],
                text=data["text"],
                evidence=data["evidence"],
                indicator=item.indicator if item else data.get("indicator"),
                criterion=None if item else data.get("criterion"),
                documents=data["documents"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding %(number)s has been recorded.") % {"number": finding.number})
            return _back(request, audit)
    return render(
        request,
        "audits/finding_form.html",
        {"org": request.org, "audit": audit, "form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@org_view(roles=INSIDERS, methods=("GET",))
def finding_detail(request, pk, finding_pk):
    audit = _audit(request, pk)
    finding = _finding(request, audit, finding_pk)
    checklist.attach_documents([finding])
    links = [found.link for found in finding.documents]
    can_edit = _can_edit(request)
    correction = {"kind": finding.kind, "text": finding.text, "documents": link_keys(links)}
    return render(
        request,
        "audits/finding.html",
        {
            "org": request.org,
            "audit": audit,
            "finding": finding,
            "actions": list(finding.actions().select_related("owner")),
            "corrections": list(finding.corrections.select_related("created_by").order_by("number")),
            "can_edit": can_edit,
            "action_form": ActionForm(org=request.org) if can_edit else None,
            "correction_form": CorrectionForm(audit=audit, initial=correction, links=links) if can_edit else None,
        },
    )


@org_view(roles=REVIEWERS)
def finding_edit(request, pk, finding_pk):
    audit = _audit(request, pk)
    finding = _finding(request, audit, finding_pk)
    _open_for_edit(request, audit)
    links = list(finding.document_links.all())
    initial = {
        "kind": finding.kind,
        "text": finding.text,
        "evidence": finding.evidence,
        "indicator": finding.indicator_id,
        "criterion": finding.criterion_id,
        "documents": link_keys(links),
    }
    form = FindingForm(request.POST or None, audit=audit, initial=initial, links=links, edited=finding)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with form.guard(by=request.user):
                services.finding_update(finding=finding, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The finding has been saved."))
            return redirect(finding)
    return render(
        request, "audits/finding_form.html", {"org": request.org, "audit": audit, "form": form, "finding": finding}
    )


@org_view(roles=REVIEWERS, methods=("POST",))
def finding_delete(request, pk, finding_pk):
    audit = _audit(request, pk)
    finding = _finding(request, audit, finding_pk)
    _open_for_edit(request, audit)
    try:
        services.finding_delete(finding=finding, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect(finding)
    messages.success(request, _("The finding has been deleted."))
    return redirect(audit)


@org_view(roles=REVIEWERS, methods=("POST",))
def finding_correct(request, pk, finding_pk):
    audit = _audit(request, pk)
    finding = _finding(request, audit, finding_pk)
    form = CorrectionForm(request.POST, audit=audit, links=list(finding.document_links.all()))
    if form.is_valid():
        try:
            correction = services.finding_correct(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("Finding %(number)s records the correction; the original stays in the record.")
                % {"number": correction.number},
            )
            return redirect(correction)
    else:
        for error in form.errors.get("documents") or [_("Write the corrected finding.")]:
            messages.error(request, error)
    return redirect(finding)


@org_view(roles=REVIEWERS, methods=("POST",))
def finding_action(request, pk, finding_pk):
    """Finding → improvement action in one click (owner and due date optional)."""
    audit = _audit(request, pk)
    finding = _finding(request, audit, finding_pk)
    form = ActionForm(request.POST, org=request.org)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        action = services.finding_to_action(
            finding=finding, by=request.user, owner=data.get("owner"), due_date=data.get("due_date")
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Improvement action #%(number)s has been created from the finding.") % {"number": action.number}
        )
    return _back(request, audit, fallback=request.POST.get("back") == "finding" and finding or None)


# ── Report ────────────────────────────────────────────────────────────────────────────────────────────────────────


def _lang(request):
    lang = (request.GET.get("lang") or translation.get_language() or "lt")[:2]
    return lang if lang in reports.LANGUAGES else "lt"


def _download(content, audit, lang, ext):
    return downloads.attachment(content, reports.filename(audit, lang, ext))


@org_view(roles=INSIDERS, methods=("GET",))
def report_docx(request, pk):
    audit = _audit(request, pk)
    lang = _lang(request)
    return _download(reports.report_docx(audit, lang), audit, lang, "docx")


@org_view(roles=INSIDERS, methods=("GET",))
def report_pdf(request, pk):
    audit = _audit(request, pk)
    lang = _lang(request)
    return _download(reports.report_pdf(audit, lang), audit, lang, "pdf")
