"""Certificates, yearly progress reports and management reviews."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import downloads, uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS

from . import minutes, progress, services_records
from .forms import CertificateForm, DecisionForm, ProgressReportCreateForm, ProgressReportForm, ReviewForm
from .models import Certificate, ManagementReview, ProgressReport
from .views import _lang


def _manager(request):
    return request.membership.role in MANAGERS


# ── Certificates ──────────────────────────────────────────────────────────────────────────────────────────────────


def _certificate(request, pk):
    queryset = Certificate.objects.for_org(request.org).select_related("version__framework", "audit")
    return get_object_or_404(queryset, pk=pk)


@org_view(roles=INSIDERS, methods=("GET",))
def certificate_list(request):
    certificates = Certificate.objects.for_org(request.org).select_related("version__framework").latest_first()
    return render(
        request,
        "audits/certificates.html",
        {
            "org": request.org,
            "certificates": list(certificates.prefetch_related("services")),
            "today": timezone.localdate(),
            "can_manage": _manager(request),
        },
    )


def _certificate_form(request, certificate=None):
    form = CertificateForm(request.POST or None, request.FILES or None, org=request.org, instance=certificate)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                saved = services_records.certificate_save(
                    certificate=form.save(commit=False),
                    by=request.user,
                    services=form.cleaned_data["services"],
                    upload=form.cleaned_data.get("upload"),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate has been saved."))
            return redirect(saved)
    return render(
        request, "audits/certificate_form.html", {"org": request.org, "form": form, "certificate": certificate}
    )


@org_view(roles=MANAGERS)
def certificate_create(request):
    return _certificate_form(request)


@org_view(roles=MANAGERS)
def certificate_edit(request, pk):
    return _certificate_form(request, _certificate(request, pk))


@org_view(roles=INSIDERS, methods=("GET",))
def certificate_detail(request, pk):
    certificate = _certificate(request, pk)
    return render(
        request,
        "audits/certificate.html",
        {
            "org": request.org,
            "certificate": certificate,
            "services": list(certificate.services.all()),
            "today": timezone.localdate(),
            "can_manage": _manager(request),
        },
    )


@org_view(roles=INSIDERS, methods=("GET",))
def certificate_file(request, pk):
    certificate = _certificate(request, pk)
    if not certificate.file:
        raise Http404("No file.")
    return uploads.file_response(certificate.file, certificate.original_name, certificate.content_type, inline=True)


# ── Progress reports ──────────────────────────────────────────────────────────────────────────────────────────────


def _report(request, pk):
    return get_object_or_404(ProgressReport.objects.for_org(request.org), pk=pk)


@org_view(roles=INSIDERS, methods=("GET",))
def progress_list(request):
    reports = ProgressReport.objects.for_org(request.org)
    form = ProgressReportCreateForm(initial={"year": timezone.localdate().year - 1}) if _manager(request) else None
    return render(
        request,
        "audits/progress_list.html",
        {"org": request.org, "reports": list(reports), "form": form, "can_manage": _manager(request)},
    )


@org_view(roles=MANAGERS, methods=("POST",))
def progress_create(request):
    form = ProgressReportCreateForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        existing = ProgressReport.objects.for_org(request.org).filter(year=year).first()
        if existing is not None:
            messages.error(request, _("There is already a progress report for this year."))
            return redirect(existing)
        try:
            report = services_records.progress_report_create(org=request.org, year=year, by=request.user)
        except (ValidationError, IntegrityError):
            messages.error(request, _("There is already a progress report for this year."))
            return redirect("audits:progress_list", request.org.slug)
        messages.success(request, _("The draft has been prepared from the year's data. Edit it as needed."))
        return redirect(report)
    messages.error(request, _("Enter a year between 2000 and 2100."))
    return redirect("audits:progress_list", request.org.slug)


@org_view(roles=INSIDERS, methods=("GET",))
def progress_detail(request, pk):
    report = _report(request, pk)
    return render(
        request, "audits/progress.html", {"org": request.org, "report": report, "can_manage": _manager(request)}
    )


@org_view(roles=MANAGERS)
def progress_edit(request, pk):
    report = _report(request, pk)
    if report.is_final:
        messages.error(request, _("The report is final: reopen it as a draft to change it."))
        return redirect(report)
    form = ProgressReportForm(request.POST or None, instance=report)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                services_records.progress_report_update(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress report has been saved."))
            return redirect(report)
    return render(request, "audits/progress_form.html", {"org": request.org, "form": form, "report": report})


@org_view(roles=MANAGERS, methods=("POST",))
def progress_refresh(request, pk):
    report = _report(request, pk)
    try:
        services_records.progress_report_refresh(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The sections have been collected again from the data."))
    return redirect(report)


@org_view(roles=MANAGERS, methods=("POST",))
def progress_status(request, pk):
    report = _report(request, pk)
    try:
        services_records.progress_report_status(report=report, to=request.POST.get("to", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is now “%(status)s”.") % {"status": report.get_status_display()})
    return redirect(report)


def _progress_args(report):
    return {
        "heading": _("Progress report"),
        "title": report.title,
        "facts": progress.report_facts(report),
        "sections": report.sections(),
    }


@org_view(roles=INSIDERS, methods=("GET",))
def progress_docx(request, pk):
    report = _report(request, pk)
    lang = _lang(request)
    content = progress.sections_docx(**_progress_args(report), lang=lang)
    return downloads.attachment(content, progress.filename(report.org, report.title, "docx"))


@org_view(roles=INSIDERS, methods=("GET",))
def progress_pdf(request, pk):
    report = _report(request, pk)
    lang = _lang(request)
    content = progress.sections_pdf(**_progress_args(report), org=report.org, lang=lang)
    return downloads.attachment(content, progress.filename(report.org, report.title, "pdf"))


# ── Management reviews ────────────────────────────────────────────────────────────────────────────────────────────


def _review(request, pk):
    return get_object_or_404(ManagementReview.objects.for_org(request.org), pk=pk)


@org_view(roles=INSIDERS, methods=("GET",))
def review_list(request):
    reviews = ManagementReview.objects.for_org(request.org)
    return render(
        request,
        "audits/reviews.html",
        {"org": request.org, "reviews": list(reviews), "can_manage": _manager(request)},
    )


def _review_form(request, review_obj=None):
    initial = None if review_obj else {"held_on": timezone.localdate(), "title": _("Management review")}
    form = ReviewForm(request.POST or None, instance=review_obj, initial=initial)
    form.instance.org = request.org
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                saved = services_records.review_save(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The management review has been saved."))
            return redirect(saved)
    return render(request, "audits/review_form.html", {"org": request.org, "form": form, "review": review_obj})


@org_view(roles=MANAGERS)
def review_create(request):
    return _review_form(request)


@org_view(roles=MANAGERS)
def review_edit(request, pk):
    review_obj = _review(request, pk)
    if review_obj.is_final:
        messages.error(request, _("The review is final: it can no longer be changed."))
        return redirect(review_obj)
    return _review_form(request, review_obj)


@org_view(roles=INSIDERS, methods=("GET",))
def review_detail(request, pk):
    review_obj = _review(request, pk)
    manager = _manager(request)
    return render(
        request,
        "audits/review.html",
        {
            "org": request.org,
            "review": review_obj,
            "inputs": review_obj.inputs,
            "decisions": review_obj.decision_rows(),
            "can_manage": manager,
            "decision_form": DecisionForm(org=request.org) if manager else None,
        },
    )


@org_view(roles=INSIDERS, methods=("GET",))
def review_docx(request, pk):
    review_obj = _review(request, pk)
    return downloads.attachment(minutes.minutes_docx(review_obj, _lang(request)), minutes.filename(review_obj, "docx"))


@org_view(roles=INSIDERS, methods=("GET",))
def review_pdf(request, pk):
    review_obj = _review(request, pk)
    return downloads.attachment(minutes.minutes_pdf(review_obj, _lang(request)), minutes.filename(review_obj, "pdf"))


@org_view(roles=MANAGERS, methods=("POST",))
def review_refresh(request, pk):
    review_obj = _review(request, pk)
    try:
        services_records.review_refresh_inputs(review_obj=review_obj, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The inputs have been gathered again."))
    return redirect(review_obj)


@org_view(roles=MANAGERS, methods=("POST",))
def review_decision(request, pk):
    review_obj = _review(request, pk)
    form = DecisionForm(request.POST, org=request.org)
    if form.is_valid():
        try:
            action = services_records.review_decision(review_obj=review_obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is improvement action #%(number)s.") % {"number": action.number})
    else:
        messages.error(request, _("Write the decision."))
    return redirect(review_obj)


@org_view(roles=MANAGERS, methods=("POST",))
def review_finalise(request, pk):
    review_obj = _review(request, pk)
    services_records.review_finalise(review_obj=review_obj, by=request.user)
    messages.success(request, _("The management review is final."))
    return redirect(review_obj)
