"""A campaign's results: analysis, breakdowns, free text, year on year, the evidence summary and its exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kokybe.lib import downloads
from orgs.gate import org_view
from orgs.models import Service, Unit
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS

from . import analysis, charts, pdf, services, xlsx
from .models import Answer, Channel, Question, QuestionType
from .views import _campaign

TEXTS_PER_PAGE = 50


def _results_context(request, campaign):
    results = analysis.campaign_results(campaign)
    likert = [(r.question.text, r) for r in results.results if r.question.type == QuestionType.LIKERT]
    return {
        "org": request.org,
        "campaign": campaign,
        "res": results,
        "likert_chart": charts.likert_bars("likert", likert),
        "distribution_charts": {
            r.question.pk: charts.distribution_bars(f"dist-{r.question.code}", r.question.text, r.buckets)
            for r in results.results
            if r.question.type
            in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.RECOMMEND, QuestionType.YES_NO)
        },
        "can_act": request.membership.role in CONTRIBUTORS,
        "can_export_raw": request.membership.role in MANAGERS,
    }


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_results(request, pk):
    campaign = _campaign(request, pk)
    return render(request, "surveys/results.html", _results_context(request, campaign))


def _labels(campaign, by):
    if by == "service":
        return {s.pk: s.name for s in Service.objects.for_org(campaign.org)}
    if by == "unit":
        return {u.pk: u.name for u in Unit.objects.for_org(campaign.org)}
    if by == "channel":
        return dict(Channel.choices)
    return {g: g for g in campaign.group_choices()}


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_breakdown(request, pk):
    campaign = _campaign(request, pk)
    by = request.GET.get("by", "service")
    if by not in analysis.BREAKDOWNS:
        by = "service"
    questions = analysis.load_questions([campaign.version_id])
    groups, scale = analysis.breakdown(campaign, by, questions, _labels(campaign, by))
    rows = [(q, [(g, g.results.get(q.pk)) for g in groups]) for q in scale]
    ctx = {
        "org": request.org,
        "campaign": campaign,
        "by": by,
        "choices": [
            ("service", _("Service")),
            ("unit", _("Unit")),
            ("group", _("Respondent group")),
            ("channel", _("Channel")),
        ],
        "groups": groups,
        "rows": rows,
        "hidden": [g for g in groups if not g.shown],
    }
    return render(request, "surveys/breakdown.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_texts(request, pk, code):
    campaign = _campaign(request, pk)
    question = get_object_or_404(Question, version_id=campaign.version_id, code=code, type=QuestionType.TEXT)
    order = ["text"] if campaign.anonymous else ["response__submitted_on", "response_id"]
    texts = Answer.objects.filter(campaign=campaign, question=question).exclude(text="").order_by(*order)
    responses = campaign.responses.count()
    if analysis.too_few_to_show(campaign, responses):
        messages.error(request, analysis.withheld_message(campaign, responses))
        texts = texts.none()
    page = Paginator(texts.values_list("text", flat=True), TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "surveys/texts.html", {"org": request.org, "campaign": campaign, "question": question, "page": page}
    )


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_trend(request, pk):
    campaign = _campaign(request, pk)
    campaigns = analysis.comparable_campaigns(campaign)
    order, rows = analysis.trend(campaigns)
    items = []
    for question in order:
        points = rows[question.code]
        if question.type == QuestionType.LIKERT:
            series = [(c.starts_on.strftime("%Y-%m"), r.top2 if r else None) for c, r in points]
            title = _("Top-2-box by survey (%%): %(question)s") % {"question": question.text}
            chart = charts.trend_line(f"trend-{question.code}", title, series)
        elif question.type == QuestionType.RECOMMEND:
            series = [(c.starts_on.strftime("%Y-%m"), r.nps if r else None) for c, r in points]
            title = _("Recommendation score by survey: %(question)s") % {"question": question.text}
            chart = charts.trend_line(f"trend-{question.code}", title, series, minimum=-100, unit="")
        else:
            series = [(c.starts_on.strftime("%Y-%m"), r.yes_pct if r else None) for c, r in points]
            title = _("Share of “yes” by survey (%%): %(question)s") % {"question": question.text}
            chart = charts.trend_line(f"trend-{question.code}", title, series)
        items.append({"question": question, "points": points, "chart": chart})
    ctx = {"org": request.org, "campaign": campaign, "campaigns": campaigns, "items": items}
    return render(request, "surveys/trend.html", ctx)


def _summary_context(request, campaign):
    results = analysis.campaign_results(campaign, with_texts=False)
    likert = [(r.question.text, r) for r in results.results if r.question.type == QuestionType.LIKERT]
    return {
        "org": campaign.org,
        "campaign": campaign,
        "res": results,
        "likert_chart": charts.likert_bars("summary-likert", likert),
    }


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_summary(request, pk):
    """The campaign's results as evidence: a stable address an assessment or a report can link to.

    Not for the external auditor directly: an auditor reads only what a grant opens (audits.access); a granted page
    can show these figures through surveys.evidence.campaign_summary()."""
    campaign = _campaign(request, pk)
    ctx = _summary_context(request, campaign)
    ctx["can_export_raw"] = request.membership.role in MANAGERS
    return render(request, "surveys/summary.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def summary_pdf(request, pk):
    campaign = _campaign(request, pk)
    content = pdf.summary_pdf(_summary_context(request, campaign))
    return downloads.attachment(content, downloads.filename(campaign.title, _("results summary"), ext="pdf"))


@org_view(roles=INSIDERS, methods=("GET",))
def summary_xlsx(request, pk):
    campaign = _campaign(request, pk)
    content = xlsx.summary_workbook(analysis.campaign_results(campaign, with_texts=False))
    return downloads.attachment(content, downloads.filename(campaign.title, _("results summary"), ext="xlsx"))


@org_view(roles=MANAGERS, methods=("GET",))
def raw_xlsx(request, pk):
    """Every answer, one row per questionnaire, with nothing that identifies a person in an anonymous survey."""
    campaign = _campaign(request, pk)
    responses = campaign.responses.count()
    if analysis.too_few_to_show(campaign, responses):
        messages.error(request, analysis.withheld_message(campaign, responses))
        return redirect("surveys:results", request.org.slug, campaign.pk)
    content = xlsx.raw_workbook(campaign)
    return downloads.attachment(content, downloads.filename(campaign.title, _("all answers"), ext="xlsx"))


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def result_action(request, pk, code):
    campaign = _campaign(request, pk)
    question = Question.objects.filter(version_id=campaign.version_id, code=code).first()
    if question is None:
        raise Http404("No such question.")
    results = analysis.campaign_results(campaign, with_texts=False)
    result = next(r for r in results.results if r.question.pk == question.pk)
    if not result.weak:
        messages.error(request, _("This result is not below the survey's thresholds."))
        return redirect("surveys:results", request.org.slug, campaign.pk)
    try:
        action = services.action_from_result(campaign=campaign, question=question, result=result, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:results", request.org.slug, campaign.pk)
    messages.success(request, _("Improvement action #%(number)s has been created.") % {"number": action.number})
    return redirect(action)
