"""A long export: ask for it (a form on the app's page), follow its progress, download it. Only the person who asked
sees it, and only while their role still lets them make it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from kokybe import surfaces
from kokybe.lib import uploads
from orgs.gate import org_view

from . import services
from .models import Export, Status


def _kind(request, code):
    kind = surfaces.background_exports_all().get(code)
    if kind is None:
        raise Http404
    if request.membership.role not in kind.roles:
        raise PermissionDenied
    return kind


def _export_for(request, pk):
    export = get_object_or_404(Export.objects.for_org(request.org), pk=pk)
    if export.requested_by_id != request.user.pk:
        raise PermissionDenied  # someone else's file, in the person's own organisation
    _kind(request, export.code)
    return export


@org_view(methods=("POST",))
def export_start(request, code):
    kind = _kind(request, code)
    try:
        export = services.export_start(org=request.org, code=code, params=request.GET.urlencode(), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(kind.back_url(request.org, request.GET))
    return redirect(export)


@org_view(methods=("GET",))
def export_detail(request, pk):
    export = _export_for(request, pk)
    ctx = {
        "org": request.org,
        "export": export,
        "back_url": export.kind.back_url(request.org, QueryDict(export.params)),
    }
    return render(request, "exports/detail.html#progress" if request.htmx else "exports/detail.html", ctx)


@org_view(methods=("GET",))
def export_download(request, pk):
    export = _export_for(request, pk)
    if export.status != Status.READY or not export.file:
        return redirect(export)
    return uploads.file_response(export.file, export.filename, export.content_type)
