from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kokybe.lib import downloads
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS

from .exporting import export_yaml, with_tree
from .forms import UploadForm
from .importing import FrameworkImportError, import_framework
from .models import FrameworkVersion
from .xlsx import export_xlsx, template_xlsx


def _version(request, pk):
    """A version this organisation may see: shipped, or its own import (another organisation's → 404)."""
    return get_object_or_404(with_tree(FrameworkVersion.objects.visible_to(request.org)), pk=pk)


def _filename(version, suffix):
    return downloads.filename(version.framework.code, version.label or version.pk, ext=suffix)


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
    return downloads.attachment(export_yaml(version), _filename(version, "yaml"))


@org_view(roles=INSIDERS, methods=("GET",))
def version_export_xlsx(request, pk):
    version = _version(request, pk)
    return downloads.attachment(export_xlsx(version), _filename(version, "xlsx"))


@org_view(roles=INSIDERS, methods=("GET",))
def template_download(request):
    return downloads.attachment(template_xlsx(), downloads.filename("kokybe", _("framework import form"), ext="xlsx"))
