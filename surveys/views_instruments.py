"""The questionnaire library: shipped questionnaires and an organisation's own, YAML import and export."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kokybe.lib import downloads
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS

from . import library, pdf
from .forms import ImportForm
from .models import Instrument, InstrumentVersion, Pictogram


def _version(request, pk):
    queryset = InstrumentVersion.objects.filter(instrument__in=Instrument.objects.visible_to(request.org))
    return get_object_or_404(queryset.select_related("instrument"), pk=pk)


@org_view(roles=INSIDERS, methods=("GET",))
def instrument_list(request):
    versions = (
        InstrumentVersion.objects.filter(instrument__in=Instrument.objects.visible_to(request.org))
        .select_related("instrument")
        .order_by("instrument__audience", "instrument__code", "-created_at")
    )
    ctx = {"org": request.org, "versions": list(versions), "can_manage": request.membership.role in MANAGERS}
    return render(request, "surveys/instruments.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def instrument_detail(request, version_pk):
    version = _version(request, version_pk)
    questions = list(version.questions.select_related("section", "show_if").order_by("order"))
    sections = []
    for q in questions:
        if not sections or sections[-1][0].pk != q.section_id:
            sections.append((q.section, []))
        sections[-1][1].append(q)
    frozen = version.is_frozen()
    ctx = {
        "org": request.org,
        "version": version,
        "sections": sections,
        "easy_count": sum(q.in_easy_read for q in questions),
        "pictograms": dict(Pictogram.choices),
        "can_manage": request.membership.role in MANAGERS,
        "frozen": frozen,
        "editable": version.status == InstrumentVersion.Status.DRAFT
        and version.instrument.org_id == request.org.pk
        and not frozen,
    }
    return render(request, "surveys/instrument.html", ctx)


def printed_questionnaire(*, version, easy, org, campaign=None):
    """The questionnaire as a PDF to print, standard or easy-read (404 where the questionnaire has no easy-read
    form)."""
    if easy and not version.instrument.easy_read_available:
        raise Http404("This questionnaire has no easy-read form.")
    content = pdf.questionnaire_pdf(version=version, easy=easy, org=org, campaign=campaign)
    words = [campaign.title if campaign else version.instrument.title, version.label]
    if easy:
        words.append(_("easy-read form"))
    return downloads.attachment(content, downloads.filename(*words, ext="pdf"))


@org_view(roles=INSIDERS, methods=("GET",))
def instrument_print(request, version_pk, easy=False):
    return printed_questionnaire(version=_version(request, version_pk), easy=easy, org=request.org)


@org_view(roles=INSIDERS, methods=("GET",))
def instrument_export(request, version_pk):
    version = _version(request, version_pk)
    name = downloads.filename(version.instrument.code, version.label, ext="yaml")
    return downloads.attachment(library.export_yaml(version), name)


@org_view(roles=MANAGERS)
def instrument_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if form.is_valid():
        try:
            result = library.import_instrument(form.cleaned_data["file"].read(), org=request.org, by=request.user)
        except library.InstrumentImportError as exc:
            problems = exc.problems
        else:
            if result.created:
                messages.success(request, _("Imported: %(name)s.") % {"name": result.version})
            else:
                messages.info(request, _("This questionnaire is already in the library: nothing changed."))
            return redirect("surveys:instrument", request.org.slug, result.version.pk)
    return render(request, "surveys/import.html", {"org": request.org, "form": form, "problems": problems})
