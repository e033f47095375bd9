"""Safeguarding pages. Who sees a case's content is decided once, by `Event.objects.visible_to(user, org)`; the gate
lets every insider in (anyone may record), and each view narrows to the leads, the named people or the recorder."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS, Role

from . import figures as prevention
from . import services
from .forms import (
    ActionForm,
    AttachmentForm,
    AuthorityForm,
    BreakGlassForm,
    EntryForm,
    EventForm,
    HandlingForm,
    LeadForm,
    MemberForm,
    NoticeForm,
    RuleForm,
    TransitionForm,
)
from .models import Authority, CaseMember, CaseRead, Event, Lead, Rule, is_lead
from .rules import DISCLAIMER

DIRECTOR = frozenset({Role.DIRECTOR})


def _lead_only(request):
    if not is_lead(request.user, request.org):
        raise PermissionDenied


def _visible(request, uuid):
    """The case whose content this person may see, or 403 (404 when it is not this organisation's)."""
    event = get_object_or_404(Event.objects.for_org(request.org).select_related("org"), uuid=uuid)
    if not Event.objects.visible_to(request.user, request.org).filter(pk=event.pk).exists():
        raise PermissionDenied
    return event


def _led(request, uuid):
    event = get_object_or_404(Event.objects.for_org(request.org).select_related("org"), uuid=uuid)
    _lead_only(request)
    return event


@org_view(roles=INSIDERS, methods=("GET",))
def event_list(request):
    lead = is_lead(request.user, request.org)
    if lead:
        # An overdue notice alerts the leads at once, even before the next cron run.
        services.alerts_send(org=request.org)
    now = timezone.now()
    visible = (
        Event.objects.visible_to(request.user, request.org)
        .select_related("org", "service_user")
        .annotate(
            overdue=Count("notices", filter=Q(notices__status="due", notices__due_at__lt=now)),
            due=Count("notices", filter=Q(notices__status="due")),
        )
    )
    status = request.GET.get("status", "")
    if status in Event.Status.values:
        visible = visible.filter(status=status)
    own = Event.objects.for_org(request.org).recorded_by(request.user).exclude(pk__in=visible.values("pk"))
    ctx = {
        "org": request.org,
        "is_lead": lead,
        "events": list(visible),
        "own": list(own.only("uuid", "number", "type", "aware_at", "org")),
        "statuses": Event.Status.choices,
        "status": status,
        "may_name_leads": request.membership.role == Role.DIRECTOR,
        "may_see_figures": lead or request.membership.role in MANAGERS,
    }
    return render(request, "safeguarding/list.html", ctx)


@org_view(roles=INSIDERS)
def event_create(request):
    form = EventForm(request.POST or None, org=request.org)
    complaint = request.GET.get("complaint") or request.POST.get("complaint") or ""
    if form.is_valid():
        fields = form.event_fields()
        try:
            fields["complaint_uuid"] = _uuid_or_none(complaint, request.org)
            event = services.event_record(org=request.org, by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recorded as %(event)s. The safeguarding leads have been told.") % {"event": event},
            )
            return redirect(event)
    ctx = {"org": request.org, "form": form, "complaint": complaint}
    return render(request, "safeguarding/event_form.html", ctx, status=400 if form.is_bound else 200)


def _uuid_or_none(value, org):
    """The uuid of a complaint of this organisation that raised the event, or None."""
    import uuid

    from complaints.models import Complaint

    try:
        found = uuid.UUID(str(value)) if value else None
    except ValueError:
        found = None
    if value and (found is None or not Complaint.objects.for_org(org).filter(uuid=found).exists()):
        raise ValidationError(_("The complaint link is not valid."))
    return found


def _complaint(event):
    from complaints.models import Complaint

    if event.complaint_uuid is None:
        return None
    return Complaint.objects.for_org(event.org).select_related("org").filter(uuid=event.complaint_uuid).first()


def _detail_context(request, event, **forms):
    return {
        "org": request.org,
        "event": event,
        "complaint": _complaint(event),
        "is_lead": is_lead(request.user, request.org),
        "chronology": list(event.chronology.select_related("by", "corrects")),
        "notices": list(event.notices.all()),
        "attachments": list(event.attachments.select_related("uploaded_by")),
        "members": list(event.members.select_related("user", "added_by")),
        "reads": list(event.reads.select_related("user")[:200]),
        "now": timezone.now(),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "transitions": [(to, Event.Status(to).label) for to in event.allowed_transitions()],
        "entry_form": forms.get("entry_form") or EntryForm(event=event),
        "member_form": forms.get("member_form") or MemberForm(org=request.org),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
    }


@org_view(roles=INSIDERS, methods=("GET",))
def event_detail(request, uuid):
    event = get_object_or_404(
        Event.objects.for_org(request.org).select_related("org", "unit", "service_user", "recorded_by"), uuid=uuid
    )
    if Event.objects.visible_to(request.user, request.org).filter(pk=event.pk).exists():
        services.read_logged(event, request.user)
        return render(request, "safeguarding/detail.html", _detail_context(request, event))
    if event.recorded_by_id == request.user.pk:
        return render(request, "safeguarding/own_record.html", {"org": request.org, "event": event})
    # Everyone else learns that a restricted case exists, nothing more; the director may open it break-glass.
    ctx = {"org": request.org, "event_uuid": event.uuid, "may_break_glass": request.membership.role == Role.DIRECTOR}
    return render(request, "safeguarding/restricted.html", ctx, status=403)


@org_view(roles=INSIDERS, methods=("POST",))
def event_transition(request, uuid):
    event = _led(request, uuid)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            created = services.event_transition(
                event=event, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("%(n)s notifications to authorities are now due.") % {"n": len(created)})
            return redirect(event)
    return render(
        request, "safeguarding/detail.html", _detail_context(request, event, transition_form=form), status=400
    )


@org_view(roles=INSIDERS)
def event_handling(request, uuid):
    event = _led(request, uuid)
    form = HandlingForm(request.POST or None, instance=event)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in HandlingForm.Meta.fields}
        try:
            with form.guard(by=request.user):  # two leads editing at once: the later save is refused, not lost
                services.event_update(event=event, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(event)
    return _form_page(request, form, _("Handling of %(event)s") % {"event": event}, event.get_absolute_url())


def _form_page(request, form, title, back, intro="", multipart=False):
    ctx = {"org": request.org, "form": form, "title": title, "back": back, "intro": intro, "multipart": multipart}
    return render(request, "safeguarding/form.html", ctx, status=400 if form.is_bound else 200)


@org_view(roles=INSIDERS, methods=("POST",))
def entry_add(request, uuid):
    event = _visible(request, uuid)
    form = EntryForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.entry_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{event.get_absolute_url()}#chronology")
    return render(request, "safeguarding/detail.html", _detail_context(request, event, entry_form=form), status=400)


@org_view(roles=INSIDERS)
def notice_record(request, uuid, pk):
    event = _led(request, uuid)
    notice = get_object_or_404(event.notices.all(), pk=pk)
    form = NoticeForm(request.POST or None, initial={"channel": notice.terms.get("channel", "")[:100]})
    if form.is_valid():
        try:
            services.notice_record(notice=notice, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{event.get_absolute_url()}#notices")
    title = _("Notification to %(authority)s") % {"authority": notice.terms.get("authority", "")}
    return _form_page(request, form, title, event.get_absolute_url())


@org_view(roles=INSIDERS, methods=("POST",))
def member_add(request, uuid):
    event = _led(request, uuid)
    form = MemberForm(request.POST, org=request.org)
    if form.is_valid():
        services.member_add(event=event, user=form.cleaned_data["membership"].user, by=request.user)
        return redirect(f"{event.get_absolute_url()}#members")
    return render(request, "safeguarding/detail.html", _detail_context(request, event, member_form=form), status=400)


@org_view(roles=INSIDERS, methods=("POST",))
def member_remove(request, uuid, pk):
    event = _led(request, uuid)
    member = get_object_or_404(CaseMember.objects.filter(event=event), pk=pk)
    services.member_remove(member=member, by=request.user)
    return redirect(f"{event.get_absolute_url()}#members")


@org_view(roles=INSIDERS, methods=("POST",))
def attachment_upload(request, uuid):
    event = _visible(request, uuid)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(event=event, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(f"{event.get_absolute_url()}#attachments")
    ctx = _detail_context(request, event, attachment_form=form)
    return render(request, "safeguarding/detail.html", ctx, status=400)


@org_view(roles=INSIDERS, methods=("GET",))
def attachment_download(request, uuid, pk):
    event = _visible(request, uuid)
    attachment = get_object_or_404(event.attachments.all(), pk=pk)
    services.read_logged(event, request.user, CaseRead.How.DOWNLOAD)
    # The one place an attachment is decrypted: after the gate, the case's visibility and the logged read.
    content = ContentFile(attachment.content(), name=attachment.original_name)
    return uploads.file_response(content, attachment.original_name, attachment.content_type)


@org_view(roles=INSIDERS)
def action_create(request, uuid):
    event = _led(request, uuid)
    form = ActionForm(request.POST or None)
    if form.is_valid():
        try:
            services.action_from_event(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Improvement action created."))
            return redirect(event)
    return _form_page(
        request, form, _("Improvement action from %(event)s") % {"event": event}, event.get_absolute_url()
    )


@org_view(roles=DIRECTOR)
def break_glass(request, uuid):
    event = get_object_or_404(Event.objects.for_org(request.org).select_related("org"), uuid=uuid)
    if Event.objects.visible_to(request.user, request.org).filter(pk=event.pk).exists():
        return redirect(event)
    form = BreakGlassForm(request.POST or None)
    if form.is_valid():
        services.break_glass(event=event, by=request.user, reason=form.cleaned_data["reason"])
        return redirect(event)
    intro = _(
        "You are not a safeguarding lead and were not added to this case. Opening it is recorded with your reason, "
        "the leads are told at once, and your access ends after a few hours."
    )
    return _form_page(request, form, _("Open a restricted case"), _list_url(request), intro)


def _list_url(request):
    return reverse("safeguarding:list", args=[request.org.slug])


@org_view(roles=DIRECTOR)
def lead_list(request):
    form = LeadForm(request.POST or None, org=request.org)
    if form.is_valid():
        try:
            services.lead_name(
                org=request.org,
                user=form.cleaned_data["membership"].user,
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"user": "membership"})
        else:
            return redirect("safeguarding:leads", request.org.slug)
    leads = list(Lead.objects.for_org(request.org).select_related("user"))
    ctx = {"org": request.org, "form": form, "leads": leads}
    return render(request, "safeguarding/leads.html", ctx, status=400 if form.is_bound else 200)


@org_view(roles=DIRECTOR, methods=("POST",))
def lead_remove(request, pk):
    lead = get_object_or_404(Lead.objects.for_org(request.org), pk=pk)
    services.lead_remove(lead=lead, by=request.user)
    return redirect("safeguarding:leads", request.org.slug)


def _lead_or_director(request):
    if request.membership.role != Role.DIRECTOR:
        _lead_only(request)


@org_view(roles=INSIDERS, methods=("GET",))
def authority_list(request):
    _lead_or_director(request)
    services.ensure_defaults(request.org)
    ctx = {
        "org": request.org,
        "authorities": list(Authority.objects.for_org(request.org)),
        "rules": list(Rule.objects.for_org(request.org)),
        "disclaimer": DISCLAIMER,
    }
    return render(request, "safeguarding/authorities.html", ctx)


@org_view(roles=INSIDERS)
def authority_edit(request, pk):
    authority = get_object_or_404(Authority.objects.for_org(request.org), pk=pk)
    _lead_or_director(request)
    form = AuthorityForm(request.POST or None, instance=authority)
    if form.is_valid():
        try:
            with form.guard(by=request.user):  # refused if someone saved the authority after the form was opened
                services.authority_update(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("safeguarding:authorities", request.org.slug)
    back = reverse("safeguarding:authorities", args=[request.org.slug])
    return _form_page(request, form, authority.get_kind_display(), back)


@org_view(roles=INSIDERS)
def rule_edit(request, pk):
    rule = get_object_or_404(Rule.objects.for_org(request.org), pk=pk)
    _lead_or_director(request)
    form = RuleForm(request.POST or None, instance=rule)
    if form.is_valid():
        try:
            with form.guard(by=request.user):  # refused if someone saved the rule after the form was opened
                services.rule_update(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("safeguarding:authorities", request.org.slug)
    back = reverse("safeguarding:authorities", args=[request.org.slug])
    intro = str(DISCLAIMER) + " " + _("Notifications already created keep the terms they were created under.")
    return _form_page(request, form, _("Notification rule %(code)s") % {"code": rule.code}, back, intro)


@org_view(roles=INSIDERS, methods=("GET",))
def person_chronology(request, person):
    from people.models import ServiceUser

    service_user = get_object_or_404(ServiceUser.objects.for_org(request.org), uuid=person)
    _lead_only(request)
    events = list(
        Event.objects.visible_to(request.user, request.org)
        .filter(service_user=service_user)
        .select_related("org")
        .order_by("happened_at", "number")
        .prefetch_related("chronology")
    )
    CaseRead.objects.bulk_create([CaseRead(event=e, user=request.user, how=CaseRead.How.PERSON) for e in events])
    from complaints.models import Complaint

    # The complaints about the same person, by number, date and status only: their content stays behind their own
    # page and its rule.
    complaints = list(
        Complaint.objects.for_org(request.org)
        .filter(service_user=service_user)
        .select_related("org")
        .order_by("received_at")
    )
    ctx = {"org": request.org, "person": service_user, "events": events, "complaints": complaints}
    return render(request, "safeguarding/person.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def figures(request):
    if request.membership.role not in MANAGERS:
        _lead_only(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    ctx = {"org": request.org, "year": year, "figures": prevention.for_year(request.org, year)}
    return render(request, "safeguarding/figures.html", ctx)
