"""What surveys contribute to the shared surfaces (kokybe/surfaces.py): each campaign's period on the quality
calendar."""

from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from .models import Campaign, CampaignStatus


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
