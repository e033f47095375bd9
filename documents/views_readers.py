"""Read-acknowledgements: who must read a document, who has confirmed, reminders, and "read and understood"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view, require_role
from orgs.roles import INSIDERS, MANAGERS, OVERSEERS

from . import readers, services
from .forms import AudienceForm
from .models import ReadAudience
from .views import _document
from .views_versions import _version


@org_view(roles=OVERSEERS)
def document_readers(request, uuid):
    """Coverage of one document (who has and has not confirmed), and the form saying who must read it."""
    document = _document(request, uuid)
    audience = ReadAudience.objects.filter(document=document).prefetch_related("units", "users").first()
    initial = {"due_days": 14}
    if audience:
        initial = {
            "units": list(audience.units.all()),
            "roles": audience.roles,
            "users": list(audience.users.all()),
            "due_days": audience.due_days,
        }
    form = AudienceForm(request.POST or None, org=request.org, initial=initial)
    if request.method == "POST":
        require_role(request, MANAGERS)
        if form.is_valid():
            try:
                services.audience_set(document=document, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved: who must read the document."))
                return redirect("documents:readers", request.org.slug, document.uuid)
    found = readers.coverage(request.org, documents=[document])
    ctx = {
        "org": request.org,
        "document": document,
        "audience": audience,
        "coverage": found[0] if found else None,
        "form": form,
        "can_manage": request.membership.role in MANAGERS,
    }
    return render(request, "documents/readers.html", ctx)


@org_view(roles=MANAGERS, methods=("POST",))
def document_remind(request, uuid):
    document = _document(request, uuid)
    count = services.acknowledgement_remind(document=document, by=request.user)
    if count:
        messages.success(request, _("Reminder sent to %(count)s people.") % {"count": count})
    else:
        messages.info(request, _("Everyone has confirmed: nobody to remind."))
    return redirect("documents:readers", request.org.slug, document.uuid)


@org_view(roles=INSIDERS, methods=("POST",))
def version_acknowledge(request, uuid, number):
    document, version = _version(request, uuid, number)
    try:
        services.acknowledge(version=version, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: you have confirmed that you read and understood the document."))
    return redirect(version)


@org_view(roles=OVERSEERS, methods=("GET",))
def coverage_by_unit(request):
    """Per unit: every person who must read documents, and which they have not confirmed yet."""
    coverages = readers.coverage(request.org)
    ctx = {
        "org": request.org,
        "coverages": coverages,
        "groups": readers.by_unit(coverages),
    }
    return render(request, "documents/coverage.html", ctx)
