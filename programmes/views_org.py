"""A provider's side of its programmes, under /o/<org_slug>/programmes/: what each programme sees about it, and the
programme indicators it reports (a monthly form, or an XLSX upload taken all or nothing)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view, require_role
from orgs.roles import INSIDERS, MANAGERS

from . import pages, services
from .forms import ContributionForm, ContributionUploadForm
from .models import EventAttendance, Milestone, ProgrammeIndicator, ProgrammeParticipation


@org_view(roles=INSIDERS, methods=("GET",))
def seen_by_programmes(request):
    """Per programme the organisation takes part in: exactly what the programme sees about it, and where it stands
    against the anonymous distributions."""
    today = timezone.localdate()
    participations = list(
        ProgrammeParticipation.objects.filter(org=request.org)
        .select_related("programme", "wave", "consultant")
        .order_by("-programme__start")
    )
    milestones = {}
    for m in Milestone.objects.filter(participation__in=participations).select_related("step"):
        milestones.setdefault(m.participation_id, []).append((m, m.light(today)))
    # The programme's visits and trainings this organisation took part in: its timeline with the programme.
    events = {}
    for a in (
        EventAttendance.objects.filter(participation__in=participations)
        .select_related("event")
        .order_by("-event__on", "-event__pk")
    ):
        events.setdefault(a.participation_id, []).append(a)
    items = []
    for p in participations:
        items.append(
            {
                "participation": p,
                "milestones": sorted(milestones.get(p.pk, []), key=lambda pair: pair[0].step.order),
                "events": events.get(p.pk, []),
                "indicators": list(p.programme.indicators.all()) if p.programme.shares_indicators else [],
                "benchmarks": pages.benchmarks(p.programme, own_org_id=request.org.pk),
            }
        )
    return render(
        request, "programmes/org_seen.html", {"items": items, "may_report": request.membership.role in MANAGERS}
    )


def _indicator_for(request, programme_pk, indicator_pk):
    participation = get_object_or_404(
        ProgrammeParticipation.objects.select_related("programme"),
        org=request.org,
        programme_id=programme_pk,
        programme__shares_indicators=True,
    )
    indicator = get_object_or_404(ProgrammeIndicator, programme_id=programme_pk, pk=indicator_pk)
    return participation, indicator


@org_view(roles=INSIDERS)
def report_indicator(request, programme_pk, indicator_pk):
    participation, indicator = _indicator_for(request, programme_pk, indicator_pk)
    form = ContributionForm(indicator=indicator)
    upload_form = ContributionUploadForm()
    if request.method == "POST":
        require_role(request, MANAGERS)
        if "file" in request.FILES or request.POST.get("form") == "upload":
            upload_form = ContributionUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    n = services.contributions_import(
                        indicator=indicator,
                        participation=participation,
                        upload=upload_form.cleaned_data["file"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    add_service_errors(upload_form, exc)
                else:
                    messages.success(request, _("Rows imported: %(n)s.") % {"n": n})
                    return redirect(request.path)
        elif not indicator.counts_persons:
            form = ContributionForm(request.POST, indicator=indicator)
            if form.is_valid():
                try:
                    services.contribution_save(
                        indicator=indicator,
                        participation=participation,
                        month=form.cleaned_data["month"],
                        value=form.cleaned_data["value"],
                        by=request.user,
                        **form.dimensions(),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("The value is saved."))
                    return redirect(request.path)
    gains = pages.monthly_gains(indicator, participation_ids=[participation.pk])
    ctx = {
        "participation": participation,
        "indicator": indicator,
        "form": form,
        "upload_form": upload_form,
        "months": sorted(gains.items(), reverse=True)[:24],
        "may_report": request.membership.role in MANAGERS,
    }
    return render(request, "programmes/org_indicator.html", ctx)
