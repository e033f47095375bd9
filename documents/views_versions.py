"""Reading versions inside the organisation: a version's page (with a banner when it is not the one in force), its
file, its PDF, and the difference between two versions written in the app."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kokybe.lib import downloads, uploads
from kokybe.lib.pdf import render_pdf
from orgs.gate import org_view
from orgs.models import Unit
from orgs.roles import INSIDERS

from . import pdf
from .markup import diff_counts, line_diff
from .models import VersionKind, VersionState
from .readers import audience_user_ids, audiences
from .views import _document


def _version(request, uuid, number):
    document = _document(request, uuid)
    version = get_object_or_404(document.versions.select_related("approved_by", "created_by"), number=number)
    version.document = document
    return document, version


def banner_text(document, version):
    """Why this version is not (or not yet) the one in force, in one sentence; "" for the version in force."""
    if version.state == VersionState.DRAFT:
        return _("Draft: not approved, not in force.")
    if version.state == VersionState.IN_REVIEW:
        return _("In review: waiting for approval, not in force yet.")
    if document.status == "archived":
        return _("This document has been archived and is no longer in force.")
    if version.is_obsolete(document):
        return _("This version is no longer in force: version %(number)s replaced it.") % {
            "number": document.current_version.number
        }
    return ""


def _must_confirm(request, document, version):
    """Whether the signed-in person is asked to confirm this version, and whether they already have."""
    if not version.is_approved or document.current_version_id != version.pk:
        return False, False
    confirmed = version.acknowledgements.filter(user=request.user).exists()
    found = audiences(request.org, documents=[document])
    if not found:
        return False, confirmed
    asked = request.user.pk in audience_user_ids(
        found[0], [request.membership], list(Unit.objects.for_org(request.org))
    )
    return asked, confirmed


@org_view(roles=INSIDERS, methods=("GET",))
def version_detail(request, uuid, number):
    document, version = _version(request, uuid, number)
    asked, confirmed = _must_confirm(request, document, version)
    ctx = {
        "org": request.org,
        "document": document,
        "version": version,
        "banner": banner_text(document, version),
        "asked": asked,
        "confirmed": confirmed,
        "can_confirm": version.is_approved and document.current_version_id == version.pk and not confirmed,
    }
    return render(request, "documents/version.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def version_file(request, uuid, number):
    document, version = _version(request, uuid, number)
    if version.kind != VersionKind.FILE or not version.file:
        raise Http404("This version has no file.")
    return uploads.file_response(version.file, version.download_name(), version.content_type, inline=True)


@org_view(roles=INSIDERS, methods=("GET",))
def version_pdf(request, uuid, number):
    document, version = _version(request, uuid, number)
    if version.kind != VersionKind.TEXT:
        raise Http404("Only a version written in Kokybė has a PDF.")
    html = pdf.version_html(org=request.org, document=document, version=version, banner=banner_text(document, version))
    return downloads.attachment(render_pdf(html), pdf.filename(document, version))


def _number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@org_view(roles=INSIDERS, methods=("GET",))
def version_diff(request, uuid):
    """The difference between two versions written in the app (by default: the last two)."""
    document = _document(request, uuid)
    versions = list(document.versions.filter(kind=VersionKind.TEXT).order_by("number"))
    if len(versions) < 2:
        raise Http404("There are not two versions to compare.")
    by_number = {v.number: v for v in versions}
    old = by_number.get(_number(request.GET.get("a"), None)) or versions[-2]
    new = by_number.get(_number(request.GET.get("b"), None)) or versions[-1]
    hunks = line_diff(old.body, new.body)
    added, removed = diff_counts(hunks)
    ctx = {
        "org": request.org,
        "document": document,
        "versions": versions,
        "old": old,
        "new": new,
        "hunks": hunks,
        "added": added,
        "removed": removed,
    }
    return render(request, "documents/diff.html", ctx)
