"""What surveys contribute to shared surfaces (kokybe.surfaces)."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kokybe import surfaces
from orgs.roles import INSIDERS

from . import analysis, evidence
from .forms import SurveyEvidenceForm
from .models import Audience, Campaign, CampaignStatus, Invitation, QuestionType, Response


def _survey_offers(org, answer, attached):
    """Finished surveys with questions tagged with the indicator's code, not attached yet: two queries."""
    used = {item.campaign_id for item in attached if item.campaign_id}
    return [
        surfaces.EvidenceOffer(
            kind=_("Survey results"),
            title=campaign.title,
            url=reverse("surveys:summary", args=[org.slug, campaign.pk]),
            detail=f"{campaign.starts_on.isoformat()} – {campaign.ends_on.isoformat()} · "
            + ngettext("%(n)s question about this indicator", "%(n)s questions about this indicator", n) % {"n": n},
            fields={"form": "survey", "survey-campaign": campaign.pk},
        )
        for campaign, n in evidence.finished_about(org, answer.indicator.code, exclude=used)
    ]


@surfaces.evidence_kinds
def survey_evidence():
    return surfaces.EvidenceKind(
        "survey", 20, offers=_survey_offers, form_class=SurveyEvidenceForm, template="surveys/_evidence_form.html"
    )


# ── Progress report ──────────────────────────────────────────────────────────────────────────────────────────────


def _figure(q):
    if q.mean is not None:
        return _("mean %(mean)s") % {"mean": f"{q.mean:.2f}"}
    if q.yes_pct is not None:
        return _("yes %(pct)s %%") % {"pct": round(q.yes_pct)}
    return ""


@surfaces.progress_report
def surveys_of_the_year(org, year):
    """The year's surveys (aggregates only), with the questions below their thresholds."""
    summaries = evidence.summaries_for(org, year=year)
    if not summaries:
        return None
    lines = [_("Surveys that ended in %(year)s: %(n)s.") % {"year": year, "n": len(summaries)}]
    for summary in summaries:
        lines.append(
            "- "
            + _("%(title)s (%(start)s – %(end)s): %(n)s responses.")
            % {
                "title": summary.title,
                "start": summary.starts_on.isoformat() if summary.starts_on else "—",
                "end": summary.ends_on.isoformat() if summary.ends_on else "—",
                "n": summary.responses,
            }
        )
        for q in summary.questions:
            if q.weak and _figure(q):
                lines.append(
                    "- " + _("Weak result: %(question)s — %(figure)s.") % {"question": q.text, "figure": _figure(q)}
                )
    return surfaces.ProgressText("surveys_text", 0, "\n".join(lines))


# ── My work, the quality calendar, notifications (rendered by the work app) ────────────────────────────────────


@surfaces.calendar_entries
def survey_periods(memberships, first, last, person):
    """Every survey campaign's first..last day, for insiders (an event of the organisation: in every insider's feed
    too). One being prepared says so."""
    org_ids = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    campaigns = (
        Campaign.objects.filter(org_id__in=org_ids, starts_on__lte=last, ends_on__gte=first)
        .select_related("org")
        .order_by("starts_on", "pk")
    )
    return [
        surfaces.CalendarEntry(
            org=campaign.org,
            kind=_("Survey period"),
            title=campaign.title,
            url=campaign.get_absolute_url(),
            start=campaign.starts_on,
            end=campaign.ends_on,
            key=f"surveys.campaign:{campaign.pk}",
            category="survey-period",
            badge=campaign.get_status_display() if campaign.status == CampaignStatus.DRAFT else "",
        )
        for campaign in campaigns
    ]


# ── Results (computed KPIs, kokybe.surfaces.result_sources) ──────────────────────────────────────────────────────
# A survey's figures belong to the period in which it ends (its last day), like its report.


def _count(queryset):
    counted = queryset.order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _ended(org, first, last):
    return (
        Campaign.objects.for_org(org)
        .exclude(status=CampaignStatus.DRAFT)
        .filter(ends_on__range=(first, last))
        .annotate(
            # Subqueries, not two joins: responses × invitations would multiply the rows counted.
            n_responses=_count(Response.objects.filter(campaign=OuterRef("pk"))),
            n_invited=_count(Invitation.objects.filter(campaign=OuterRef("pk"))),
        )
        .select_related("version__instrument")
    )


def _response_rate(org, first, last):
    """Responses to the surveys that ended in the period against the people asked: the number served that the
    survey states, else its personal invitations; a survey with neither has no rate and is left out. One query."""
    responses = asked = 0
    for campaign in _ended(org, first, last):
        base = campaign.served_count or campaign.n_invited
        if base:
            responses += campaign.n_responses
            asked += base
    return surfaces.Measure.share(responses, asked, records=responses)


def _satisfaction(audience):
    def compute(org, first, last):
        """The top-2-box share of every rating answer (surveys.analysis: the two best points of the scale, the best
        of three) in the surveys of this respondent group that ended in the period. An anonymous survey with too
        few answers to show its results adds nothing here either. Three queries."""
        campaigns = [
            c
            for c in _ended(org, first, last).filter(version__instrument__audience=audience)
            if not analysis.too_few_to_show(c, c.n_responses)
        ]
        if not campaigns:
            return None
        questions = [
            q for q in analysis.load_questions({c.version_id for c in campaigns}) if q.type == QuestionType.LIKERT
        ]
        counts = analysis.answer_counts([c.pk for c in campaigns], questions) if questions else {}
        by_id = {q.pk: q for q in questions}
        top = total = 0
        for (_campaign, question_id), dist in counts.items():
            best = by_id[question_id].top_box_values()
            for value, n in dist.items():
                if isinstance(value, (int, float)):
                    total += n
                    top += n if int(value) in best else 0
        return surfaces.Measure.share(top, total)

    return compute


def _surveys_url(org, first, last):
    return reverse("surveys:list", args=[org.slug])


_GROUPS = [
    (Audience.SERVICE_USERS, gettext_lazy("Service user satisfaction index"), ("7", "9")),
    (Audience.CARERS, gettext_lazy("Carer and family satisfaction index"), ("6", "7")),
    (Audience.STAFF, gettext_lazy("Staff satisfaction index"), ("2",)),
    (Audience.PARTNERS, gettext_lazy("Partner satisfaction index"), ("5",)),
]
_RESULTS = [
    surfaces.ResultSource(
        code="surveys.response_rate",
        name=gettext_lazy("Survey response rate"),
        unit="%",
        compute=_response_rate,
        principles=("6",),
        description=gettext_lazy("Responses to the surveys that ended in the period against the people asked."),
        records_url=_surveys_url,
    ),
    *[
        surfaces.ResultSource(
            code=f"surveys.satisfaction.{audience}",
            name=name,
            unit="%",
            compute=_satisfaction(audience),
            principles=principles,
            description=gettext_lazy(
                "The share of the answers to rating questions in the two best points of the scale, in this group's "
                "surveys that ended in the period."
            ),
            records_url=_surveys_url,
        )
        for audience, name, principles in _GROUPS
    ],
]


@surfaces.result_sources
def results():
    return _RESULTS
