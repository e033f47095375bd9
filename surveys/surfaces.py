"""What surveys contribute to shared surfaces (kokybe.surfaces)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe import surfaces

from .evidence import finished_about
from .forms import SurveyEvidenceForm

# ── Self-assessment evidence kinds ───────────────────────────────────────────────────────────────────────────────


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
        for campaign, n in finished_about(org, answer.indicator.code, exclude=used)
    ]


@surfaces.evidence_kinds
def survey_evidence():
    return surfaces.EvidenceKind(
        "survey", 20, offers=_survey_offers, form_class=SurveyEvidenceForm, template="surveys/_evidence_form.html"
    )
