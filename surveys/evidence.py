"""Survey results as evidence, for other modules (self-assessment, progress reports, management review).

    from surveys.evidence import campaign_summary, summaries_for

    summary = campaign_summary(campaign)          # one campaign's figures, plain data
    summary.url                                   # its stable page: /o/<org>/surveys/<pk>/summary/
    summary.for_indicator("6.3.1")                # the questions tagged with that indicator code
    summaries_for(org, year=2021)                 # every campaign of the org that ended in that year, oldest first

The summary holds aggregates only (counts, means, confidence intervals, top-2-box, recommendation score) and never
free text. Its page is for the organisation's insiders; an external auditor reads only what a grant opens, so a
granted page that meets a survey summary among its evidence should show these figures itself (and log the read).
"""

from dataclasses import dataclass, field
from datetime import date

from .analysis import campaign_results
from .models import Campaign, Question


@dataclass(frozen=True)
class QuestionFigures:
    code: str
    text: str
    type: str
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    top2_pct: float | None
    recommendation_score: float | None
    yes_pct: float | None
    principle_codes: tuple
    indicator_codes: tuple
    weak: bool


@dataclass(frozen=True)
class CampaignSummary:
    campaign_id: int
    org_id: int
    title: str
    questionnaire: str
    version: str
    audience: str
    starts_on: date
    ends_on: date
    status: str
    closed: bool
    anonymous: bool
    responses: int
    response_rate_pct: float | None
    url: str  # the summary page (a path within Kokybė)
    pdf_url: str
    questions: tuple = field(default_factory=tuple)

    def for_indicator(self, code):
        return [q for q in self.questions if code in q.indicator_codes]

    def for_principle(self, code):
        return [q for q in self.questions if code in q.principle_codes]

    @property
    def indicator_codes(self):
        return sorted({c for q in self.questions for c in q.indicator_codes})


def campaign_summary(campaign):
    """The figures of one campaign (a fixed handful of queries, whatever its size)."""
    results = campaign_results(campaign, with_texts=False)
    questions = tuple(
        QuestionFigures(
            code=r.question.code,
            text=r.question.text,
            type=r.question.type,
            n=r.n,
            mean=r.mean,
            ci_low=r.ci[0] if r.ci else None,
            ci_high=r.ci[1] if r.ci else None,
            top2_pct=r.top2,
            recommendation_score=r.nps,
            yes_pct=r.yes_pct,
            principle_codes=tuple(r.question.principle_codes),
            indicator_codes=tuple(r.question.indicator_codes),
            weak=r.weak,
        )
        for r in results.results
    )
    instrument = campaign.version.instrument
    return CampaignSummary(
        campaign_id=campaign.pk,
        org_id=campaign.org_id,
        title=campaign.title,
        questionnaire=instrument.title,
        version=campaign.version.label,
        audience=instrument.get_audience_display(),
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        status=campaign.get_status_display(),
        closed=campaign.is_closed(),
        anonymous=campaign.anonymous,
        responses=results.responses,
        response_rate_pct=results.response_rate,
        url=campaign.summary_url(),
        pdf_url=campaign.summary_url().removesuffix("summary/") + "summary.pdf",
        questions=questions,
    )


def summaries_for(org, *, year=None, indicator_code=None):
    """Summaries of the organisation's campaigns (those that ended in `year`, or touch `indicator_code`)."""
    campaigns = Campaign.objects.for_org(org).select_related("version__instrument", "org").order_by("ends_on", "pk")
    if year is not None:
        campaigns = campaigns.filter(ends_on__year=year)
    campaigns = list(campaigns)
    if indicator_code is not None:
        tagged = tagged_questions(campaigns, indicator_code)
        campaigns = [c for c in campaigns if c.version_id in tagged]
    return [campaign_summary(c) for c in campaigns]


def tagged_questions(campaigns, indicator_code):
    """{questionnaire version id: how many of its questions are tagged with the indicator code}, one query."""
    counts = {}
    rows = Question.objects.filter(version_id__in={c.version_id for c in campaigns}).values_list(
        "version_id", "indicator_codes"
    )
    for version_id, codes in rows:
        if indicator_code in (codes or []):
            counts[version_id] = counts.get(version_id, 0) + 1
    return counts


def finished_about(org, indicator_code, exclude=()):
    """[(campaign, number of its questions tagged with the code)] of the organisation's finished campaigns, newest
    first: what the self-assessment offers as evidence for that indicator."""
    campaigns = list(Campaign.objects.for_org(org).finished().exclude(pk__in=exclude).order_by("-ends_on", "-pk"))
    tagged = tagged_questions(campaigns, indicator_code)
    return [(c, tagged[c.version_id]) for c in campaigns if c.version_id in tagged]
