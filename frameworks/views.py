from django.contrib import messages
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from kokybe.lib.uploads import content_disposition
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS

from .exporting import export_yaml, with_tree
from .forms import UploadForm
from .importing import FrameworkImportError, import_framework
from .models import FrameworkVersion
from .xlsx import export_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(request, pk):
    """A version this organisation may see: shipped, or its own import (another organisation's → 404)."""
    return get_object_or_404(with_tree(FrameworkVersion.objects.visible_to(request.org)), pk=pk)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(version, suffix):
    return f"{slugify(version.framework.code)}-{slugify(version.label) or version.pk}.{suffix}"


@org_view(roles=INSIDERS, methods=("GET",))
def framework_list(request):
    versions = (
        FrameworkVersion.objects.visible_to(request.org)
        .select_related("framework")
        .with_counts()
        .order_by(F("org").asc(nulls_first=True), "framework__code", "framework_id", "-year", "-imported_at")
    )
    return render(
        request,
        "frameworks/list.html",
        {"versions": list(versions), "can_upload": request.membership.role in MANAGERS},
    )


@org_view(roles=INSIDERS, methods=("GET",))
def version_detail(request, pk):
    version = _version(request, pk)
    return render(request, "frameworks/detail.html", {"version": version})


@org_view(roles=MANAGERS)
def version_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_framework(form.document(), org=request.org, by=request.user)
        except FrameworkImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, result.message)
            return redirect("frameworks:version", org_slug=request.org.slug, pk=result.version.pk)
    return render(request, "frameworks/upload.html", {"form": form, "problems": problems})


@org_view(roles=INSIDERS, methods=("GET",))
def version_export_yaml(request, pk):
    version = _version(request, pk)
    return _download(export_yaml(version), "application/yaml; charset=utf-8", _filename(version, "yaml"))


@org_view(roles=INSIDERS, methods=("GET",))
def version_export_xlsx(request, pk):
    version = _version(request, pk)
    return _download(export_xlsx(version), XLSX, _filename(version, "xlsx"))


@org_view(roles=INSIDERS, methods=("GET",))
def template_download(request):
    return _download(template_xlsx(), XLSX, "kokybe-framework-template.xlsx")
