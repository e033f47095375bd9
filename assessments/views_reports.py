"""Read-only outputs of a cycle: the evidence matrix, evidence files, the DOCX/PDF report and the XLSX ratings."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from kokybe.lib import downloads, uploads
from orgs.gate import org_view
from orgs.roles import INSIDERS

from . import pages, reports
from .models import EvidenceItem, EvidenceKind
from .views import assessment_for


@org_view(roles=INSIDERS, methods=("GET",))
def evidence_matrix(request, pk):
    assessment = assessment_for(request, pk)
    items, groups = pages.matrix(assessment)
    return render(
        request,
        "assessments/matrix.html",
        {"org": request.org, "assessment": assessment, "items": items, "groups": groups},
    )


@org_view(roles=INSIDERS, methods=("GET",))
def evidence_download(request, evidence_pk):
    item = get_object_or_404(EvidenceItem.objects.for_org(request.org), pk=evidence_pk, kind=EvidenceKind.FILE)
    if not item.file:
        raise Http404("No file.")
    inline = request.GET.get("inline") == "1"
    return uploads.file_response(item.file, item.original_name, item.content_type, inline=inline)


def _lang(request):
    lang = request.GET.get("lang") or translation.get_language() or "lt"
    return lang[:2] if lang[:2] in reports.LANGUAGES else "lt"


def _download(content, assessment, lang, ext):
    return downloads.attachment(content, reports.filename(assessment, lang, ext))


@org_view(roles=INSIDERS, methods=("GET",))
def report_docx(request, pk):
    assessment = assessment_for(request, pk)
    lang = _lang(request)
    return _download(reports.report_docx(assessment, lang), assessment, lang, "docx")


@org_view(roles=INSIDERS, methods=("GET",))
def report_pdf(request, pk):
    assessment = assessment_for(request, pk)
    lang = _lang(request)
    return _download(reports.report_pdf(assessment, lang), assessment, lang, "pdf")


@org_view(roles=INSIDERS, methods=("GET",))
def ratings_xlsx(request, pk):
    assessment = assessment_for(request, pk)
    lang = _lang(request)
    return _download(reports.ratings_xlsx(assessment, lang), assessment, lang, "xlsx")
