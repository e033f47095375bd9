"""Document types: the shipped ones (read-only) and those the organisation defines for itself."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import MANAGERS

from . import services
from .forms import DocumentTypeForm, indicator_lines
from .models import DocumentType


def _own_type(request, pk):
    return get_object_or_404(DocumentType.objects.for_org(request.org), pk=pk)


@org_view(roles=MANAGERS, methods=("GET",))
def type_list(request):
    types = DocumentType.objects.visible_to(request.org).annotate(
        n_documents=Count("documents", filter=Q(documents__org=request.org))
    )
    rows = list(types)
    for doc_type in rows:
        doc_type.indicator_text = indicator_lines(doc_type.indicator_codes)
    ctx = {
        "org": request.org,
        "own": [t for t in rows if not t.is_shipped],
        "shipped": [t for t in rows if t.is_shipped],
    }
    return render(request, "documents/types.html", ctx)


def _form_page(request, form, doc_type=None):
    ctx = {"org": request.org, "form": form, "doc_type": doc_type, "frameworks": form.frameworks}
    return render(request, "documents/type_form.html", ctx, status=400 if form.errors else 200)


@org_view(roles=MANAGERS)
def type_create(request):
    form = DocumentTypeForm(request.POST or None, org=request.org)
    if form.is_valid():
        doc_type = services.document_type_save(form=form, org=request.org, by=request.user)
        messages.success(request, _("The document type “%(name)s” has been created.") % {"name": doc_type.name})
        return redirect("documents:types", request.org.slug)
    return _form_page(request, form)


@org_view(roles=MANAGERS)
def type_edit(request, pk):
    doc_type = _own_type(request, pk)
    form = DocumentTypeForm(request.POST or None, instance=doc_type, org=request.org)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                services.document_type_save(form=form, org=request.org, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document type has been saved."))
            return redirect("documents:types", request.org.slug)
    return _form_page(request, form, doc_type)


@org_view(roles=MANAGERS, methods=("POST",))
def type_delete(request, pk):
    doc_type = _own_type(request, pk)
    try:
        services.document_type_delete(doc_type=doc_type, org=request.org, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The document type “%(name)s” has been deleted.") % {"name": doc_type.name})
    return redirect("documents:types", request.org.slug)
