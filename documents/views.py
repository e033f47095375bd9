"""Documents inside the organisation: list and search, checklist, create, details, the draft editor, approval,
publication, review, settings."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frameworks.models import FrameworkVersion, Indicator
from kokybe.lib import uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.models import ActivityEntry
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS, OVERSEERS, REVIEWERS

from . import library, public, services
from .forms import ApproveForm, DocumentCreateForm, DocumentForm, DraftForm, IndicatorLinkForm, NoteForm, SettingsForm
from .markup import render_markdown
from .models import (
    Document,
    DocumentSettings,
    DocumentType,
    DocumentVersion,
    Status,
    VersionKind,
)
from .readers import coverage


def _document(request, uuid):
    queryset = Document.objects.for_org(request.org).select_related(
        "org", "type", "owner", "current_version", "published_version"
    )
    return get_object_or_404(queryset, uuid=uuid)


def _fail(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _can_revise(document, membership):
    return document.in_force and (
        membership.role in MANAGERS or (membership.role in CONTRIBUTORS and document.owner_id == membership.user_id)
    )


# Lists


# A page of the register at a time: a national-scale provider keeps a thousand documents.
DOCUMENTS_PER_PAGE = 50


@org_view(roles=INSIDERS, methods=("GET",))
def document_list(request):
    org = request.org
    docs = Document.objects.for_org(org).select_related("org", "type", "owner", "current_version").with_working_number()
    status, type_code, query = request.GET.get("status", ""), request.GET.get("type", ""), request.GET.get("q", "")
    if status in Status.values:
        docs = docs.filter(status=status)
    elif status != "all":
        docs = docs.active()
    if type_code:
        docs = docs.filter(type__code=type_code)
    if request.GET.get("review") == "due":
        docs = docs.review_due(timezone.localdate(), DocumentSettings.of(org).review_warning_days)
    if query.strip():
        docs = docs.search(query)
    page = Paginator(docs, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "org": org,
        "page": page,
        "documents": list(page),
        "types": list(DocumentType.objects.visible_to(org)),
        "statuses": Status.choices,
        "filters": {"status": status, "type": type_code, "q": query, "review": request.GET.get("review", "")},
        "today": timezone.localdate(),
        "warning_days": DocumentSettings.of(org).review_warning_days,
        "can_create": request.membership.role in OVERSEERS,
    }
    template = "documents/list.html#results" if request.htmx else "documents/list.html"
    return render(request, template, ctx)


CHECK_ORDER = ["ok", "overdue", "in_review", "draft", "missing"]


def checklist_rows(types, documents, today):
    """[(type, state, documents)]: the best state among the type's documents, "missing" without any."""
    by_type = {}
    for doc in documents:
        by_type.setdefault(doc.type_id, []).append(doc)
    rows = []
    for doc_type in types:
        docs = by_type.get(doc_type.pk, [])
        states = set()
        for doc in docs:
            if doc.current_version_id:
                # A revision under way does not take the approved version out of force.
                overdue = doc.next_review_on is not None and doc.next_review_on < today
                states.add("overdue" if overdue else "ok")
            elif doc.status == Status.IN_REVIEW:
                states.add("in_review")
            else:
                states.add("draft")
        state = next((s for s in CHECK_ORDER if s in states), "missing")
        rows.append((doc_type, state, docs))
    return rows


@org_view(roles=INSIDERS, methods=("GET",))
def checklist(request):
    today = timezone.localdate()
    types = list(DocumentType.objects.visible_to(request.org))
    documents = list(
        Document.objects.for_org(request.org)
        .active()
        .select_related("org", "current_version", "owner")
        .with_working_number()
    )
    rows = checklist_rows(types, documents, today)
    required = [row for row in rows if row[0].required]
    optional = [row for row in rows if not row[0].required]
    ctx = {
        "org": request.org,
        "required_rows": required,
        # The organisation's own types are its decision to keep such a document: listed even before there is one.
        "other_rows": [row for row in optional if row[2] or not row[0].is_shipped],
        "optional_rows": [row for row in optional if not row[2] and row[0].is_shipped and row[0].code != "other"],
        "in_order": sum(state == "ok" for _t, state, _d in required),
        "can_create": request.membership.role in OVERSEERS,
    }
    return render(request, "documents/checklist.html", ctx)


# Creating and editing


@org_view(roles=OVERSEERS)
def document_create(request):
    org = request.org
    initial_type = DocumentType.objects.visible_to(org).filter(code=request.GET.get("type", "")).first()
    initial = {"owner": request.user.pk}
    if initial_type:
        initial.update(type=initial_type, title=initial_type.name, is_public=initial_type.public_by_default)
    form = DocumentCreateForm(request.POST or None, request.FILES or None, org=org, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                org=org,
                by=request.user,
                type=data["type"],
                title=data["title"],
                owner=data["owner"],
                units=data["units"],
                services=data["services"],
                is_public=data["is_public"],
                start=data["start"],
                upload=data.get("file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document has been created as a draft."))
            return redirect("documents:draft", org.slug, document.uuid)
    return render(request, "documents/form.html", {"org": org, "form": form, "creating": True})


@org_view(roles=CONTRIBUTORS)
def document_edit(request, uuid):
    document = _document(request, uuid)
    membership = request.membership
    if not (Document.can_manage(membership) or document.owner_id == membership.user_id):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, instance=document, org=request.org)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                services.document_update(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document's details have been saved."))
            return redirect(document)
    return render(request, "documents/form.html", {"org": request.org, "form": form, "document": document})


@org_view(roles=CONTRIBUTORS)
def document_draft(request, uuid):
    """The editor of the working version: Markdown with preview (htmx or a plain button), or an uploaded file."""
    document = _document(request, uuid)
    if not document.can_edit(request.membership):
        raise PermissionDenied
    version = document.working_version()
    initial = {"kind": version.kind, "body": version.body, "change_summary": version.change_summary}
    form = DraftForm(request.POST or None, request.FILES or None, initial=initial, edited=version)
    preview = None
    if request.method == "POST" and request.POST.get("preview"):
        preview = render_markdown(request.POST.get("body", ""))
        if request.htmx:
            return render(request, "documents/draft.html#preview", {"preview": preview})
    elif form.is_valid():
        data = form.cleaned_data
        try:
            with form.guard(by=request.user):
                services.version_save(
                    version=version,
                    by=request.user,
                    kind=data["kind"],
                    body=data["body"],
                    upload=data.get("file"),
                    change_summary=data["change_summary"],
                )
            if request.POST.get("submit"):
                services.document_submit(document=document, by=request.user)
                messages.success(request, _("The draft has been sent for approval."))
                return redirect(document)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("documents:draft", request.org.slug, document.uuid)
    ctx = {
        "org": request.org,
        "document": document,
        "version": version,
        "form": form,
        "preview": preview,
        "guidance": library.sections(document.type.template_code, translation.get_language()),
        "max_mb": uploads.max_megabytes(),
    }
    return render(request, "documents/draft.html", ctx)


# One document


def _history(document, version_ids):
    entries = ActivityEntry.objects.for_org(document.org).with_related()
    doc_type = ContentType.objects.get_for_model(Document)
    version_type = ContentType.objects.get_for_model(DocumentVersion)
    return list(
        entries.filter(
            Q(target_type=doc_type, target_id=str(document.pk))
            | Q(target_type=version_type, target_id__in=[str(pk) for pk in version_ids])
        )[:50]
    )


def _suggested_indicators(org, document, linked_ids):
    codes = document.type.indicator_codes or {}
    if not codes:
        return []
    query = Q()
    for framework_code, indicator_codes in codes.items():
        query |= Q(version__framework__code=framework_code, code__in=indicator_codes)
    visible = FrameworkVersion.objects.visible_to(org).exclude(status=FrameworkVersion.Status.RETIRED)
    found = Indicator.objects.filter(query, version__in=visible).select_related("version__framework")
    return [i for i in found if i.pk not in linked_ids]


@org_view(roles=INSIDERS, methods=("GET",))
def document_detail(request, uuid):
    document = _document(request, uuid)
    membership = request.membership
    doc_settings = DocumentSettings.of(request.org)
    versions = list(document.versions.select_related("approved_by", "created_by"))
    links = list(document.indicator_links.select_related("indicator__version__framework", "version"))
    can_link = membership.role in REVIEWERS
    found = coverage(request.org, documents=[document])
    pending = found and any(m.user_id == request.user.pk for m in found[0].pending)
    ctx = {
        "org": request.org,
        "document": document,
        "versions": versions,
        "working": document.working_version(versions),
        "reviews": list(document.reviews.select_related("reviewed_by")[:10]),
        "links": links,
        "suggested": _suggested_indicators(request.org, document, {link.indicator_id for link in links})
        if can_link
        else [],
        "link_form": IndicatorLinkForm(org=request.org, document=document, versions=versions) if can_link else None,
        "coverage": found[0] if found else None,
        "mine_to_confirm": found[0] if pending else None,
        "history": _history(document, [v.pk for v in versions]),
        "today": timezone.localdate(),
        "review_state": document.review_state(timezone.localdate(), doc_settings.review_warning_days),
        "can_edit": document.can_edit(membership),
        "can_submit": document.can_submit(membership),
        "can_approve": document.status == Status.IN_REVIEW and Document.can_approve(membership, doc_settings),
        "can_manage": Document.can_manage(membership),
        "can_revise": _can_revise(document, membership),
        "can_edit_details": Document.can_manage(membership) or document.owner_id == membership.user_id,
        "can_link": can_link,
        "approvers_note": doc_settings.coordinator_may_approve,
        "text_versions": [v for v in versions if v.kind == VersionKind.TEXT],
    }
    return render(request, "documents/detail.html", ctx)


# What each button may do, and who may press it.
def _may(action, document, membership, doc_settings):
    if action == "submit":
        return document.can_submit(membership)
    if action == "return":
        return Document.can_approve(membership, doc_settings)
    if action == "revise":
        return _can_revise(document, membership)
    return Document.can_manage(membership)


TRANSITION_SERVICES = {
    "submit": (services.document_submit, _("The draft has been sent for approval.")),
    "return": (services.document_return, _("The version has been returned for changes.")),
    "publish": (services.document_publish, _("The document is published.")),
    "unpublish": (services.document_unpublish, _("The document is no longer published.")),
    "archive": (services.document_archive, _("The document has been archived.")),
    "restore": (services.document_restore, _("The document has been restored from the archive.")),
    "revise": (services.document_new_version, _("A new version has been started as a draft.")),
}


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def document_transition(request, uuid):
    document = _document(request, uuid)
    action = request.POST.get("action", "")
    if action not in TRANSITION_SERVICES:
        messages.error(request, _("Unknown action."))
        return redirect(document)
    if not _may(action, document, request.membership, DocumentSettings.of(request.org)):
        raise PermissionDenied
    service, done = TRANSITION_SERVICES[action]
    kwargs = {"note": request.POST.get("note", "")} if action == "return" else {}
    try:
        service(document=document, by=request.user, **kwargs)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect(document)
    messages.success(request, str(done))
    if action == "revise":
        return redirect("documents:draft", request.org.slug, document.uuid)
    return redirect(document)


@org_view(roles=MANAGERS)
def document_approve(request, uuid):
    document = _document(request, uuid)
    if not Document.can_approve(request.membership, DocumentSettings.of(request.org)):
        raise PermissionDenied
    version = document.working_version()
    if document.status != Status.IN_REVIEW or version is None:
        messages.error(request, _("Only a version in review can be approved."))
        return redirect(document)
    form = ApproveForm(request.POST or None)
    if form.is_valid():
        try:
            services.document_approve(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Version %(number)s is approved.") % {"number": version.number})
            return redirect(document)
    ctx = {"org": request.org, "document": document, "version": version, "form": form}
    return render(request, "documents/approve.html", ctx)


@org_view(roles=MANAGERS, methods=("POST",))
def document_review(request, uuid):
    document = _document(request, uuid)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        review = services.document_review(document=document, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("Review recorded. The next review is due on %(date)s.") % {"date": review.next_review_on.isoformat()},
        )
    return redirect(document)


@org_view(roles=MANAGERS)
def document_settings(request):
    doc_settings = DocumentSettings.of(request.org)
    form = SettingsForm(request.POST or None, instance=doc_settings, membership=request.membership)
    if form.is_valid():
        from orgs.services import form_save

        try:
            with form.guard(by=request.user):
                form_save(form=form, org=request.org, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document settings have been saved."))
            return redirect("documents:settings", request.org.slug)
    # The public page exists only once something is on it (views_public.quality_page).
    live = public.is_live(request.org)
    return render(request, "documents/settings.html", {"org": request.org, "form": form, "public_page_live": live})


# Evidence links


@org_view(roles=REVIEWERS, methods=("POST",))
def indicator_link(request, uuid):
    document = _document(request, uuid)
    versions = list(document.versions.all())
    form = IndicatorLinkForm(request.POST, org=request.org, document=document, versions=versions)
    if form.is_valid():
        try:
            services.indicator_link(
                document=document,
                by=request.user,
                indicator=form.cleaned_data["indicator"],
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The document is linked as evidence."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{document.get_absolute_url()}#evidence")


@org_view(roles=REVIEWERS, methods=("POST",))
def indicator_unlink(request, uuid, pk):
    document = _document(request, uuid)
    link = get_object_or_404(document.indicator_links.all(), pk=pk)
    services.indicator_unlink(link=link, by=request.user)
    messages.success(request, _("The evidence link has been removed."))
    return redirect(f"{document.get_absolute_url()}#evidence")
