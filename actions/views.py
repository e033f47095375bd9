"""One improvement action: create, read, edit, move along the PDCA path, verify, discuss, attach evidence."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe.lib import uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view, require_role
from orgs.models import ActivityEntry
from orgs.roles import COMMENTERS, CONTRIBUTORS, INSIDERS, MANAGERS, REVIEWERS

from . import services
from .forms import ActionForm, AttachmentForm, CommentForm, TransitionForm, VerifyForm
from .models import ImprovementAction, Status

# Keys of the history that are not fields of the action.
HISTORY_LABELS = {"attachment": gettext_lazy("Attachment")}
# Whole sentences per verb, so a translator never sees glued pieces.
HISTORY_SENTENCES = {
    ActivityEntry.Verb.CREATED: gettext_lazy("%(actor)s created the action."),
    ActivityEntry.Verb.UPDATED: gettext_lazy("%(actor)s changed the action."),
    ActivityEntry.Verb.STATUS: gettext_lazy("%(actor)s changed the status."),
    ActivityEntry.Verb.COMMENTED: gettext_lazy("%(actor)s commented."),
}


def _action(request, number):
    queryset = ImprovementAction.objects.for_org(request.org).select_related(
        "org", "owner", "unit__parent", "service", "principle", "verified_by", "created_by", "source_type"
    )
    return get_object_or_404(queryset, number=number)


def _editable(request, number):
    action = _action(request, number)
    if not action.can_edit(request.membership):
        raise PermissionDenied
    return action


def _label(name):
    if name in HISTORY_LABELS:
        return HISTORY_LABELS[name]
    try:
        return ImprovementAction._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def _history(action):
    """[(entry, sentence, [(label, before, after)])] of everything recorded about this action, newest first."""
    entries = ActivityEntry.objects.for_org(action.org).select_related("actor")
    entries = entries.filter(target_type=ContentType.objects.get_for_model(ImprovementAction), target_id=str(action.pk))
    history = []
    for entry in entries:
        actor = entry.actor or _("System")
        sentence = HISTORY_SENTENCES.get(entry.verb, gettext_lazy("%(actor)s changed the action.")) % {"actor": actor}
        rows = [(_label(name), *(list(pair) + ["", ""])[:2]) for name, pair in (entry.changes or {}).items()]
        history.append((entry, sentence, rows))
    return history


def _detail_context(request, action, **forms):
    membership = request.membership
    return {
        "org": request.org,
        "action": action,
        "source_url": getattr(action.source_object, "get_absolute_url", lambda: None)(),
        "indicators": list(action.indicators.select_related("version")),
        "participants": list(action.participants.all()),
        "transitions": [(to, Status(to).label) for to in action.allowed_transitions(membership)],
        "can_edit": action.can_edit(membership),
        "can_verify": action.can_verify(membership),
        "can_comment": membership.role in COMMENTERS,
        "can_attach": membership.role in CONTRIBUTORS,
        "comments": list(action.comments.select_related("author").prefetch_related("mentions")),
        "attachments": list(action.attachments.select_related("uploaded_by")),
        "history": _history(action),
        "handles": services.mention_handles(request.org),
        "verify_form": forms.get("verify_form") or VerifyForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "is_manager": membership.role in MANAGERS,
        "user_id": request.user.pk,
    }


@org_view(roles=CONTRIBUTORS)
def action_create(request):
    form = ActionForm(request.POST or None, org=request.org)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            action = services.action_create(
                org=request.org,
                by=request.user,
                title=data.pop("title"),
                source=data.pop("source"),
                indicators=data.pop("indicators"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Improvement action #%(number)s created.") % {"number": action.number})
            return redirect(action)
    return render(request, "actions/action_form.html", {"org": request.org, "form": form})


@org_view(roles=INSIDERS, methods=("GET",))
def action_detail(request, number):
    action = _action(request, number)
    return render(request, "actions/action_detail.html", _detail_context(request, action))


@org_view(roles=CONTRIBUTORS)
def action_edit(request, number):
    action = _editable(request, number)
    form = ActionForm(request.POST or None, instance=action, org=request.org)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                services.action_update(action=action, form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(action)
    return render(request, "actions/action_form.html", {"org": request.org, "form": form, "action": action})


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def action_transition(request, number):
    action = _action(request, number)
    if not action.can_edit(request.membership):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.action_transition(
                action=action, to=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status changed to “%(status)s”.") % {"status": action.get_status_display()})
    else:
        messages.error(request, _("Choose a status."))
    return redirect(action)


@org_view(roles=REVIEWERS, methods=("POST",))
def action_verify(request, number):
    action = _action(request, number)
    form = VerifyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_verify(
                action=action, effective=data["result"], on=data["on"], note=data["note"], by=request.user
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the action is not (or no longer) waiting for a check
                messages.error(request, " ".join(exc.messages))
                return redirect(action)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Verification recorded."))
            return redirect(action)
    ctx = _detail_context(request, action, verify_form=form)
    return render(request, "actions/action_detail.html", ctx, status=400)


@org_view(roles=COMMENTERS, methods=("POST",))
def action_comment(request, number):
    action = _action(request, number)
    form = CommentForm(request.POST)
    status = 200 if request.htmx else 400  # htmx swaps only 2xx answers: the form with its errors must come back
    if form.is_valid():
        services.action_comment(action=action, body=form.cleaned_data["body"], by=request.user)
        if not request.htmx:
            return redirect(f"{action.get_absolute_url()}#comments")
        form, status = CommentForm(), 200
    ctx = _detail_context(request, action, comment_form=form)
    template = "actions/action_detail.html#comments" if request.htmx else "actions/action_detail.html"
    return render(request, template, ctx, status=status)


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def attachment_upload(request, number):
    action = _action(request, number)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment = services.attachment_add(action=action, upload=form.cleaned_data["file"], by=request.user)
        messages.success(request, _("“%(name)s” attached.") % {"name": attachment.original_name})
        return redirect(f"{action.get_absolute_url()}#attachments")
    ctx = _detail_context(request, action, attachment_form=form)
    return render(request, "actions/action_detail.html", ctx, status=400)


def _attachment(request, number, pk):
    action = _action(request, number)
    return get_object_or_404(action.attachments.filter(org=request.org), pk=pk)


@org_view(roles=INSIDERS, methods=("GET",))
def attachment_download(request, number, pk):
    attachment = _attachment(request, number, pk)
    inline = request.GET.get("inline") == "1"
    return uploads.file_response(attachment.file, attachment.original_name, attachment.content_type, inline=inline)


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def attachment_delete(request, number, pk):
    attachment = _attachment(request, number, pk)
    if attachment.uploaded_by_id != request.user.pk:
        require_role(request, MANAGERS)
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("“%(name)s” deleted.") % {"name": attachment.original_name})
    return redirect(f"{attachment.action.get_absolute_url()}#attachments")
