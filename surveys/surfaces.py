"""What surveys contribute to shared surfaces (kokybe.surfaces)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe import surfaces
from orgs.roles import INSIDERS

from . import evidence
from .forms import SurveyEvidenceForm
from .models import Campaign, CampaignStatus


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
