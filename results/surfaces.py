"""What results contribute to shared surfaces (kokybe.surfaces): the values due from their owners (My work and the
digest), results as self-assessment evidence, the management review's and the progress report's results with
their trend, and the results an organisation chose to publish."""

from datetime import timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from kokybe import surfaces

from . import pages, periods
from .charts import figure
from .models import Indicator, Value


def _status_word(status):
    return {"green": _("on target"), "amber": _("near target"), "red": _("off target")}.get(status)


@surfaces.work_items
def values_due(user, today, memberships):
    """Indicators entered by hand whose owner is this person and whose last complete period has no value yet:
    due within 30 days of the period's end, overdue after. Two queries."""
    indicators = list(
        Indicator.objects.active()
        .filter(org_id__in=list(memberships), owner=user)
        .select_related("definition", "org", "unit", "service")
    )
    if not indicators:
        return []
    computed = set(surfaces.result_sources_all())
    wanted = {
        i.pk: periods.last_complete(i.frequency, today) for i in indicators if i.definition.source not in computed
    }
    have = set(
        Value.objects.filter(indicator_id__in=list(wanted), period__in=set(wanted.values())).values_list(
            "indicator_id", "period"
        )
    )
    items = []
    for indicator in indicators:
        key = wanted.get(indicator.pk)
        if key is None or (indicator.pk, key) in have or periods.year_of(key) < indicator.baseline_year:
            continue
        due = periods.bounds(key)[1] + timedelta(days=pages.GRACE_DAYS)
        items.append(
            surfaces.WorkItem(
                org=indicator.org,
                kind=_("Result value"),
                title=_("%(indicator)s: the value for %(period)s")
                % {"indicator": indicator, "period": periods.label(key)},
                url=reverse("results:detail", args=[indicator.org.slug, indicator.pk]),
                due_date=due,
                overdue=due < today,
                key=f"results.value:{indicator.pk}:{key}",
                target=indicator,
            )
        )
    return items


def _offers(org, answer, attached):
    """The organisation's indicators in use whose definition names the answer's indicator code, as record
    references: one query."""
    code = getattr(answer.indicator, "code", None)
    references = {item.reference for item in attached}
    offers = []
    for indicator in Indicator.objects.for_org(org).active().select_related("definition", "unit", "service"):
        if code not in indicator.definition.indicators:
            continue
        reference = _("Kokybė results, indicator %(number)s: %(name)s") % {"number": indicator.pk, "name": indicator}
        if reference in references:
            continue
        offers.append(
            surfaces.EvidenceOffer(
                kind=_("Result"),
                title=str(indicator),
                url=reverse("results:detail", args=[org.slug, indicator.pk]),
                detail=_("Values by period against targets, with the trend."),
                fields={"kind": "record", "title": str(indicator), "reference": reference},
            )
        )
    return offers


@surfaces.evidence_kinds
def result_evidence():
    return surfaces.EvidenceKind("result", 40, offers=_offers)


def _trend_line(series, last_year):
    years = [y for y in series.years() if y.year <= last_year and y.value is not None]
    if not years:
        return None
    unit = series.definition.unit
    trend = " → ".join(f"{y.year}: {figure(y.value, unit)}" for y in years[-3:])
    newest = years[-1]
    if newest.target is not None:
        return _("%(name)s — %(trend)s (target %(target)s, %(status)s)") % {
            "name": series.indicator,
            "trend": trend,
            "target": figure(newest.target, unit),
            "status": _status_word(newest.status),
        }
    return _("%(name)s — %(trend)s") % {"name": series.indicator, "trend": trend}


@surfaces.review_inputs
def results_for_review(org, today):
    """Every indicator in use with its last three years and the newest year against its target: three queries."""
    lines = [line for s in pages.series_for(org, today=today) if (line := _trend_line(s, today.year))]
    if not lines:
        return None
    return surfaces.ReviewInput(key="results", order=35, title=_("Results against targets"), lines=lines)


@surfaces.progress_report
def results_for_year(org, year):
    """The results of the year with their trend, in the self-assessment results chapter: three queries."""
    lines = [line for s in pages.series_for(org) if (line := _trend_line(s, year))]
    if not lines:
        return None
    text = _("Results against targets (%(year)s):") % {"year": year} + "\n" + "\n".join(f"- {line}" for line in lines)
    return surfaces.ProgressText("readiness_text", 30, text)


@surfaces.public_sections
def published_results(org):
    """The results the organisation chose to publish, by year against target: one query for the stamp."""
    public = Indicator.objects.for_org(org).active().filter(public=True)
    stamp = Value.objects.filter(indicator__in=public).aggregate(
        n=Count("pk"), last=Max("pk"), indicators=Count("indicator", distinct=True)
    )
    targets = public.aggregate(n=Count("targets"), last=Max("targets__pk"), band=Max("amber_band"))

    def context():
        chosen = list(public.select_related("definition", "unit", "service", "org", "owner"))
        rows = [(s, [y for y in s.years() if y.value is not None]) for s in pages.series_for(org, chosen)]
        return {"result_rows": [(s, years) for s, years in rows if years]}

    return surfaces.PublicSection(
        "results/_public.html",
        40,
        stamp=(stamp["n"], stamp["last"], stamp["indicators"], targets["n"], targets["last"], targets["band"]),
        publishes=bool(stamp["n"]),
        context=context,
    )


@surfaces.programme_round_kinds
def results_round():
    """A request for the values of chosen definitions for one period, made in each provider of a programme's results
    round; the provider answers on its own page (requests.py) and shares only the values it ticks."""
    from django.utils import timezone

    from . import requests
    from .models import Definition

    def options():
        return [
            (key, _("period %(period)s") % {"period": label})
            for key, label in requests.offered_periods(timezone.localdate())
        ]

    def picks():
        return [(d.code, d.name) for d in requests.shipped_definitions()]

    def create(org, option, title, due_date, by, picks=()):
        newest = {d.code: d for d in Definition.objects.filter(org__isnull=True, code__in=picks).order_by("version")}
        request = requests.request_create(
            org=org,
            title=title,
            period=option,
            due_date=due_date,
            definitions=[newest[code] for code in picks if code in newest],
            by=by,
        )
        return str(request.pk)

    def progress(references):
        states = requests.progress([int(r) for r in references])
        return {str(pk): state for pk, state in states.items()}

    def figures(references):
        shared = requests.figures([int(r) for r in references])
        return {str(pk): rows for pk, rows in shared.items()}

    def url(org, reference):
        return reverse("results:request", args=[org.slug, int(reference)])

    return surfaces.ProgrammeRoundKind(
        "results",
        _("Results"),
        options,
        create,
        progress,
        url,
        picks=picks,
        picks_label=_("Results asked for"),
        figures=figures,
    )
