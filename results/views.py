"""Results pages: the indicators in use, one indicator's trend and values, the results sheet per principle, the
library of definitions, and the imports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe import surfaces
from kokybe.lib import downloads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS

from . import charts, exports, imports, library, pages, periods, requests, services
from .forms import (
    CorrectionForm,
    DefinitionsImportForm,
    IndicatorForm,
    RequestForm,
    TargetsForm,
    TemplateForm,
    ValueForm,
    ValuesImportForm,
)
from .models import PRINCIPLES, Definition, Indicator, Request, ValueLocked, principle_name


def _indicator(request, pk):
    queryset = Indicator.objects.for_org(request.org).select_related("definition", "owner", "unit", "service", "org")
    return get_object_or_404(queryset, pk=pk)


def _may_enter(request, indicator):
    membership = request.membership
    return membership.role in MANAGERS or (membership.role in CONTRIBUTORS and indicator.owner_id == membership.user_id)


def _error(request, exc):
    messages.error(request, " ".join(exc.messages))


@org_view(roles=INSIDERS, methods=("GET",))
def results_overview(request):
    all_series = pages.series_for(request.org)
    return render(
        request,
        "results/overview.html",
        {
            "org": request.org,
            "series": all_series,
            "can_manage": request.membership.role in MANAGERS,
            "computed": sum(1 for s in all_series if s.computed),
        },
    )


@org_view(roles=MANAGERS)
def indicator_add(request):
    initial = {}
    chosen = request.GET.get("definition")
    if chosen and chosen.isdigit():
        definition = Definition.objects.visible_to(request.org).filter(pk=chosen).first()
        if definition:
            initial = {"definition": definition, "frequency": definition.frequency}
    form = IndicatorForm(request.POST or None, org=request.org, initial=initial)
    if form.is_valid():
        indicator = form.save(commit=False)
        indicator.created_by = request.user
        try:
            services.indicator_save(indicator=indicator, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if indicator.definition.source:
                services.recompute(request.org, indicators=[indicator])
            messages.success(request, _("The indicator is in use."))
            return redirect("results:detail", request.org.slug, indicator.pk)
    return render(request, "results/indicator_form.html", {"org": request.org, "form": form})


@org_view(roles=MANAGERS)
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    form = IndicatorForm(request.POST or None, instance=indicator, org=request.org)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                services.indicator_save(indicator=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("results:detail", request.org.slug, indicator.pk)
    return render(request, "results/indicator_form.html", {"org": request.org, "form": form, "indicator": indicator})


def _detail_context(request, indicator, **forms):
    series = pages.series_for(request.org, [indicator])[0]
    definition = indicator.definition
    context = {
        "org": request.org,
        "indicator": indicator,
        "definition": definition,
        "series": series,
        "points": list(reversed(series.points)),
        "years": series.years(),
        "chart": charts.trend(
            "trend",
            _("%(name)s: values and targets by period") % {"name": definition.name},
            series.chart_points(),
            unit=definition.unit,
            statuses=[p.status for p in series.points],
        ),
        "may_enter": _may_enter(request, indicator),
        "can_manage": request.membership.role in MANAGERS,
        "records_url": None,
        "principles": [(code, principle_name(code)) for code in definition.principles if code in PRINCIPLES],
    }
    latest = series.latest
    if series.source and series.source.records_url and latest:
        context["records_url"] = series.source.records_url(request.org, latest.first, latest.last)
    default_period = periods.last_complete(indicator.frequency, timezone.localdate())
    context["value_form"] = forms.get("value_form") or ValueForm(
        indicator=indicator, initial={"period": default_period}
    )
    context["correction_form"] = forms.get("correction_form") or CorrectionForm(
        indicator=indicator, prefix="correction"
    )
    targets_text = "\n".join(f"{k}: {v.normalize():f}" for k, v in sorted(series.targets.items()))
    context["targets_form"] = forms.get("targets_form") or TargetsForm(
        indicator=indicator, initial={"targets": targets_text}
    )
    return context


@org_view(roles=INSIDERS, methods=("GET",))
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    return render(request, "results/indicator.html", _detail_context(request, indicator))


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def value_save(request, pk):
    indicator = _indicator(request, pk)
    if not _may_enter(request, indicator):
        raise PermissionDenied
    form = ValueForm(request.POST, indicator=indicator)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.value_record(
                indicator=indicator,
                period=data["period"],
                value=data["value"],
                comment=data["comment"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value for %(period)s is saved.") % {"period": data["period"]})
            return redirect("results:detail", request.org.slug, indicator.pk)
    context = _detail_context(request, indicator, value_form=form)
    return render(request, "results/indicator.html", context)


@org_view(roles=MANAGERS, methods=("POST",))
def value_approve(request, pk):
    indicator = _indicator(request, pk)
    period = request.POST.get("period", "")
    try:
        services.value_approve(indicator=indicator, period=period, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(period)s is approved: its value is locked.") % {"period": period})
    return redirect("results:detail", request.org.slug, indicator.pk)


@org_view(roles=MANAGERS, methods=("POST",))
def value_correct(request, pk):
    indicator = _indicator(request, pk)
    form = CorrectionForm(request.POST, indicator=indicator, prefix="correction")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.value_correct(
                indicator=indicator,
                period=data["period"],
                value=data["value"],
                reason=data["reason"],
                comment=data["comment"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The correction for %(period)s is recorded.") % {"period": data["period"]})
            return redirect("results:detail", request.org.slug, indicator.pk)
    context = _detail_context(request, indicator, correction_form=form)
    return render(request, "results/indicator.html", context)


@org_view(roles=MANAGERS, methods=("POST",))
def indicator_targets(request, pk):
    indicator = _indicator(request, pk)
    form = TargetsForm(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            services.targets_set(indicator=indicator, targets=form.cleaned_data["targets"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The targets are saved."))
            return redirect("results:detail", request.org.slug, indicator.pk)
    context = _detail_context(request, indicator, targets_form=form)
    return render(request, "results/indicator.html", context)


@org_view(roles=MANAGERS, methods=("POST",))
def results_recompute(request):
    n_indicators, n_values = services.recompute(request.org, by=request.user)
    messages.success(
        request,
        _("Recomputed %(values)s values of %(indicators)s computed indicators.")
        % {"values": n_values, "indicators": n_indicators},
    )
    return redirect("results:overview", request.org.slug)


def _sheet_series(request):
    principle = request.GET.get("principle") or None
    if principle not in (None, *PRINCIPLES):
        principle = None
    all_series = pages.series_for(request.org)
    groups = []
    for code, name, found in pages.by_principle(all_series, principle):
        rows = []
        for s in found:
            chart = charts.trend(
                f"p{code}-i{s.indicator.pk}",
                _("%(name)s: values and targets by period") % {"name": s.definition.name},
                s.chart_points(),
                unit=s.definition.unit,
                statuses=[p.status for p in s.points],
                width=640,
                height=180,
            )
            rows.append((s, s.years(), chart))
        groups.append((code, name, rows))
    return principle, groups


@org_view(roles=INSIDERS, methods=("GET",))
def results_sheet(request):
    principle, groups = _sheet_series(request)
    return render(
        request,
        "results/sheet.html",
        {
            "org": request.org,
            "groups": groups,
            "principle": principle,
            "principles": [(code, principle_name(code)) for code in PRINCIPLES],
            "today": timezone.localdate(),
        },
    )


@org_view(roles=INSIDERS, methods=("GET",))
def results_sheet_pdf(request):
    principle, groups = _sheet_series(request)
    content = exports.sheet_pdf(request.org, groups, timezone.localdate())
    return downloads.attachment(content, downloads.filename(request.org.slug, _("results"), ext="pdf"))


@org_view(roles=INSIDERS, methods=("GET",))
def results_sheet_xlsx(request):
    principle, groups = _sheet_series(request)
    content = exports.sheet_xlsx(request.org, groups)
    return downloads.attachment(content, downloads.filename(request.org.slug, _("results"), ext="xlsx"))


@org_view(roles=INSIDERS, methods=("GET",))
def definition_list(request):
    definitions = list(Definition.objects.visible_to(request.org).order_by("code", "version"))
    in_use = set(Indicator.objects.for_org(request.org).active().values_list("definition_id", flat=True))
    sources = surfaces.result_sources_all()
    return render(
        request,
        "results/library.html",
        {
            "org": request.org,
            "definitions": definitions,
            "in_use": in_use,
            "can_manage": request.membership.role in MANAGERS,
            "sources": sources,
            "per_service": {code for code, source in sources.items() if source.by_service},
        },
    )


@org_view(roles=INSIDERS, methods=("GET",))
def definition_export(request):
    own = Definition.objects.filter(org=request.org).order_by("code", "version")
    chosen = own if request.GET.get("which") != "all" else Definition.objects.visible_to(request.org)
    text = library.export_definitions(chosen.order_by("code", "version"))
    return downloads.attachment(text.encode("utf-8"), downloads.filename(request.org.slug, _("results"), ext="yaml"))


@org_view(roles=MANAGERS)
def definition_import(request):
    form = DefinitionsImportForm(request.POST or None, request.FILES or None)
    errors = []
    if form.is_valid():
        try:
            created, unchanged = library.import_definitions(request.org, form.cleaned_data["file"].read())
        except library.DefinitionErrors as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported %(created)s definitions (%(unchanged)s were there already).")
                % {"created": created, "unchanged": unchanged},
            )
            return redirect("results:library", request.org.slug)
    return render(request, "results/definition_import.html", {"org": request.org, "form": form, "errors": errors})


@org_view(roles=MANAGERS)
def values_import(request):
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    template_form = TemplateForm(org=request.org)
    errors = []
    if form.is_valid():
        try:
            n = imports.import_values(request.org, form.cleaned_data["file"], by=request.user)
        except imports.ImportErrors as exc:
            errors = exc.errors
        except ValueLocked as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Imported %(n)s values.") % {"n": n})
            return redirect("results:overview", request.org.slug)
    return render(
        request,
        "results/import.html",
        {"org": request.org, "form": form, "template_form": template_form, "errors": errors},
    )


@org_view(roles=MANAGERS, methods=("GET",))
def values_template(request):
    form = TemplateForm(request.GET or None, org=request.org)
    if not form.is_valid():
        return render(
            request,
            "results/import.html",
            {"org": request.org, "form": ValuesImportForm(), "template_form": form, "errors": []},
        )
    content = imports.template(form.cleaned_data["indicators"], form.cleaned_data["first_year"], timezone.localdate())
    return downloads.attachment(content, downloads.filename(request.org.slug, _("results template"), ext="xlsx"))


@org_view(roles=MANAGERS)
def request_answer(request, pk):
    """A programme's request for values: enter them (saved in the organisation's own indicators), then submit,
    ticking the values shared with the programme; nothing else leaves the organisation."""
    value_request = get_object_or_404(Request.objects.for_org(request.org).select_related("org"), pk=pk)
    rows = requests.rows(value_request)
    form = RequestForm(request.POST or None, rows=rows)
    if request.method == "POST" and not value_request.is_submitted and form.is_valid():
        try:
            with transaction.atomic():  # a refused submission writes nothing, not even the values saved with it
                recorded = requests.request_save(request=value_request, values=form.values(), by=request.user)
                if request.POST.get("action") == "submit":
                    requests.request_submit(request=value_request, share=form.shared(), by=request.user)
        except ValidationError as exc:
            value_request.refresh_from_db()
            add_service_errors(form, exc)
        else:
            if value_request.is_submitted:
                messages.success(request, _("Submitted: the programme sees only the values you chose to share."))
            else:
                messages.success(request, _("Saved. Values recorded in your results: %(n)s.") % {"n": recorded})
            return redirect(value_request)
    return render(
        request,
        "results/request.html",
        {
            "org": request.org,
            "value_request": value_request,
            "form": form,
            "period": periods.label(value_request.period),
        },
    )
