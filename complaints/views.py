from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import downloads, uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS

from . import letters, services, trends
from .forms import (
    CategoryForm,
    CloseForm,
    ComplaintForm,
    ContactForm,
    DecideForm,
    ExtendForm,
    ForwardForm,
    ReplySentForm,
    RootCauseForm,
    RulesForm,
    TimelineForm,
)
from .models import (
    Category,
    Channel,
    Complaint,
    ComplaintRules,
    Contact,
    IdentityMode,
    Kind,
    RootCause,
    Status,
)

PER_PAGE = 50


def _complaint(request, uuid):
    """The entry, if this member may see it; 404 otherwise (as if it did not exist)."""
    queryset = Complaint.objects.for_org(request.org).visible_to(request.membership)
    return get_object_or_404(queryset.select_related("org", "owner", "registered_by", "service", "unit"), uuid=uuid)


def _handled(request, uuid):
    complaint = _complaint(request, uuid)
    if not complaint.may_handle(request.membership):
        raise PermissionDenied
    return complaint


def safeguarding_link(complaint):
    """The address that starts a safeguarding record for this complaint, when the safeguarding app is installed."""
    try:
        return f"{reverse('safeguarding:new', args=[complaint.org.slug])}?complaint={complaint.uuid}"
    except NoReverseMatch:
        return ""


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def complaint_list(request):
    org = request.org
    Category.objects.ensure_starter(org)
    entries = Complaint.objects.for_org(org).visible_to(request.membership).with_lists()
    params = request.GET
    filters = {name: params.get(name, "") for name in ("kind", "status", "channel", "year", "category", "q", "due")}
    if filters["kind"] in Kind.values:
        entries = entries.filter(kind=filters["kind"])
    if filters["status"] in Status.values:
        entries = entries.filter(status=filters["status"])
    if filters["channel"] in Channel.values:
        entries = entries.filter(channel=filters["channel"])
    if filters["year"].isdigit():
        entries = entries.filter(year=int(filters["year"]))
    if filters["category"].isdigit():
        entries = entries.filter(
            Q(categories=int(filters["category"])) | Q(categories__parent=int(filters["category"]))
        ).distinct()
    if filters["due"] == "overdue":
        entries = entries.open().filter(decision_due__lt=timezone.localdate())
    if filters["q"].strip():
        entries = entries.filter(Q(subject__icontains=filters["q"].strip()))
    page = Paginator(entries, PER_PAGE).get_page(params.get("page"))
    ctx = {
        "org": org,
        "page": page,
        "entries": list(page),
        "filters": filters,
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "categories": Category.objects.for_org(org).filter(parent=None),
        "years": list(Complaint.objects.for_org(org).order_by("-year").values_list("year", flat=True).distinct()),
        "today": timezone.localdate(),
        "is_manager": request.membership.role in MANAGERS,
    }
    template = "complaints/list.html#results" if request.htmx else "complaints/list.html"
    return render(request, template, ctx)


@org_view(roles=CONTRIBUTORS)
def complaint_create(request):
    org = request.org
    Category.objects.ensure_starter(org)
    form = ComplaintForm(request.POST or None, request.FILES or None, org=org)
    contact_form = ContactForm(request.POST or None, prefix="contact")
    if request.method == "POST" and form.is_valid() and contact_form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("categories", "people_concerned", "upload")}
        try:
            complaint = services.complaint_register(
                org=org,
                by=request.user,
                fields=fields,
                contact=contact_form.cleaned_data,
                categories=form.cleaned_data["categories"],
                people_concerned=form.cleaned_data["people_concerned"],
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"original": "upload"})
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": complaint.number})
            return redirect(complaint.get_absolute_url())
    return render(request, "complaints/form.html", {"org": org, "form": form, "contact_form": contact_form})


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def complaint_detail(request, uuid):
    complaint = _complaint(request, uuid)
    membership = request.membership
    can_handle = complaint.may_handle(membership)
    rule = complaint.the_rule()
    ctx = {
        "org": request.org,
        "c": complaint,
        "categories": list(complaint.categories.select_related("parent")),
        "concerned": list(complaint.people_concerned.all()),
        "timeline": list(complaint.timeline.select_related("by")),
        "actions": services.linked_actions(complaint),
        "rule": rule,
        "next_deadline": complaint.next_deadline(),
        "today": timezone.localdate(),
        "can_handle": can_handle,
        "may_see_identity": complaint.may_see_identity(membership),
        "identity_logged": complaint.identity == IdentityMode.CONFIDENTIAL or complaint.restricted,
        "timeline_form": TimelineForm() if can_handle else None,
        "reply_form": ReplySentForm(initial={"via": complaint.channel}) if can_handle else None,
        "safeguarding_url": safeguarding_link(complaint) if complaint.possible_abuse and can_handle else "",
    }
    # An identified person's details are shown with the case; a confidential one's only on request (and logged).
    if complaint.identity == IdentityMode.IDENTIFIED and ctx["may_see_identity"] and not complaint.restricted:
        ctx["contact"] = Contact.objects.filter(complaint=complaint).first()
    return render(request, "complaints/detail.html", ctx)


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def complaint_contact(request, uuid):
    complaint = _complaint(request, uuid)
    contact = services.contact_read(complaint=complaint, by=request.user)
    return render(request, "complaints/contact.html", {"org": request.org, "c": complaint, "contact": contact})


@org_view(roles=CONTRIBUTORS)
def complaint_edit(request, uuid):
    complaint = _handled(request, uuid)
    form = ComplaintForm(request.POST or None, instance=complaint, org=request.org)
    show_contact = complaint.may_see_identity(request.membership)
    contact = Contact.objects.filter(complaint=complaint).first() or Contact(complaint=complaint)
    contact_form = ContactForm(request.POST or None, instance=contact, prefix="contact") if show_contact else None
    if request.method == "POST" and form.is_valid() and (contact_form is None or contact_form.is_valid()):
        try:
            with form.guard(by=request.user):
                services.complaint_update(complaint=complaint, form=form, contact_form=contact_form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(complaint.get_absolute_url())
    ctx = {"org": request.org, "c": complaint, "form": form, "contact_form": contact_form}
    return render(request, "complaints/form.html", ctx)


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def timeline_add(request, uuid):
    complaint = _handled(request, uuid)
    form = TimelineForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.timeline_add(
                complaint=complaint,
                type=form.cleaned_data["type"],
                text=form.cleaned_data["text"],
                happened_on=form.cleaned_data["happened_on"],
                upload=request.FILES.get("upload"),
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Added to the timeline."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(complaint.get_absolute_url() + "#timeline")


def _step(request, uuid, form_class, run, heading, form_kwargs, intro=lambda c: ""):
    """A handling step's page: its form, the service it runs, back to the entry."""
    complaint = _handled(request, uuid)
    form = form_class(request.POST or None, **form_kwargs(complaint))
    if request.method == "POST" and form.is_valid():
        try:
            run(complaint, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(complaint.get_absolute_url())
    ctx = {"org": request.org, "c": complaint, "form": form, "heading": heading, "intro": intro(complaint)}
    return render(request, "complaints/step.html", ctx)


@org_view(roles=CONTRIBUTORS)
def complaint_extend(request, uuid):
    def run(complaint, form):
        services.complaint_extend(complaint=complaint, by=request.user, **form.cleaned_data)

    def intro(c):
        rule = c.the_rule()
        return _(
            "The term may be extended once, by up to %(most)s working days, for an objective reason; the person "
            "must be told, with the reason, within %(notice)s working days."
        ) % {"most": rule.extension_max_days, "notice": rule.extension_notice_days}

    return _step(request, uuid, ExtendForm, run, _("Extend the term"), lambda c: {"rule": c.the_rule()}, intro=intro)


@org_view(roles=CONTRIBUTORS)
def complaint_forward(request, uuid):
    def run(complaint, form):
        services.complaint_forward(complaint=complaint, by=request.user, **form.cleaned_data)

    def intro(c):
        rule = c.the_rule()
        return _(
            "A complaint for another body is forwarded to it within %(days)s working days of receipt (here by "
            "%(due)s), and the person is told within %(notice)s working days of forwarding."
        ) % {
            "days": rule.forward_days,
            "due": rule.forward_due(c.received_on).isoformat(),
            "notice": rule.forward_notice_days,
        }

    return _step(request, uuid, ForwardForm, run, _("Forward to the competent body"), lambda c: {}, intro=intro)


@org_view(roles=CONTRIBUTORS)
def complaint_decide(request, uuid):
    def run(complaint, form):
        services.complaint_decide(complaint=complaint, form=form, by=request.user)

    return _step(request, uuid, DecideForm, run, _("Decision and reply"), lambda c: {"instance": c, "org": request.org})


@org_view(roles=CONTRIBUTORS)
def complaint_close(request, uuid):
    def run(complaint, form):
        services.complaint_close(complaint=complaint, effect=form.cleaned_data["effect"], by=request.user)

    def intro(c):
        if services.linked_actions(c):
            return _("Improvement actions came of this entry: before closing it, say whether they took effect.")
        return ""

    return _step(request, uuid, CloseForm, run, _("Close the entry"), lambda c: {}, intro=intro)


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def reply_sent(request, uuid):
    complaint = _handled(request, uuid)
    form = ReplySentForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_reply_sent(complaint=complaint, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The reply is recorded as sent."))
    else:
        messages.error(request, _("Give the date and the way the reply was sent."))
    return redirect(complaint.get_absolute_url())


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def complaint_action(request, uuid):
    complaint = _handled(request, uuid)
    try:
        action = services.complaint_action(complaint=complaint, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(complaint.get_absolute_url())
    messages.success(request, _("Improvement action created. Plan it here."))
    return redirect(reverse("actions:detail", args=[request.org.slug, action.number]))


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def original_file(request, uuid):
    complaint = _complaint(request, uuid)
    if not complaint.original:
        raise Http404
    return uploads.file_response(complaint.original, complaint.original_name, complaint.original_type, inline=True)


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def timeline_file(request, uuid, entry_pk):
    complaint = _complaint(request, uuid)
    entry = get_object_or_404(complaint.timeline.exclude(file=""), pk=entry_pk)
    return uploads.file_response(entry.file, entry.file_name, entry.file_type, inline=True)


@org_view(roles=CONTRIBUTORS, methods=("GET",))
def letter(request, uuid, fmt):
    complaint = _handled(request, uuid)
    if fmt not in ("docx", "pdf"):
        raise Http404
    contact = (
        services.contact_read(complaint=complaint, by=request.user)
        if complaint.may_see_identity(request.membership)
        else None
    )
    content = letters.docx(complaint, contact) if fmt == "docx" else letters.pdf(complaint, contact)
    return downloads.attachment(content, downloads.filename(complaint.number, _("reply"), ext=fmt))


@org_view(roles=INSIDERS, methods=("GET",))
def trends_page(request):
    org = request.org
    year = timezone.localdate().year
    ctx = {"org": org, **trends.overview(org, year)}
    return render(request, "complaints/trends.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def trends_xlsx(request):
    org = request.org
    content = trends.workbook(org, timezone.localdate().year)
    return downloads.attachment(content, downloads.filename(org, _("complaints"), ext="xlsx"))


@org_view(roles=MANAGERS)
def rules_edit(request):
    org = request.org
    rules = ComplaintRules.of(org)
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. New entries follow these terms; entries already received keep theirs."))
        return redirect("complaints:rules", org.slug)
    Category.objects.ensure_starter(org)
    ctx = {
        "org": org,
        "form": form,
        "categories": Category.objects.for_org(org).select_related("parent"),
        "root_causes": RootCause.objects.for_org(org),
        "category_form": CategoryForm(org=org),
        "cause_form": RootCauseForm(),
    }
    return render(request, "complaints/rules.html", ctx)


@org_view(roles=MANAGERS, methods=("POST",))
def category_add(request):
    org = request.org
    form = CategoryForm(request.POST, org=org, instance=Category(org=org))
    if form.is_valid():
        form.save()
        messages.success(request, _("Category added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("complaints:rules", org.slug)


@org_view(roles=MANAGERS, methods=("POST",))
def cause_add(request):
    org = request.org
    form = RootCauseForm(request.POST, instance=RootCause(org=org))
    if form.is_valid():
        form.save()
        messages.success(request, _("Root cause added."))
    else:
        messages.error(request, _("Give the root cause a name."))
    return redirect("complaints:rules", org.slug)
