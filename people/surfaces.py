"""What person-centred outcomes contribute to shared surfaces (kokybe.surfaces): computed results, plan reviews on
My work and the calendar, a paragraph of the progress report, record evidence for the person-centred and result
indicators. Every figure is a roll-up with groups under five people suppressed; nothing names a person beyond the
reference, and only to the person's key worker."""

from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces

from . import rollup
from .models import Domain, Measurement, Plan, Review

# EQUASS 2018 principles: 6 participation, 7 person-centred approach, 9 result orientation.
PRINCIPLES = ("6", "7", "9")


# ── Results: computed KPIs ───────────────────────────────────────────────────────────────────────────────────────


def _measure(figure):
    if figure.value is None:
        return None
    return surfaces.Measure(figure.value, figure.numerator, figure.denominator, records=figure.people)


def _compute(what, *args):
    def compute(org, first, last, service=None):
        service_id = service.pk if service is not None else None
        return _measure(what(rollup.load(org, first, last), *args, service_id=service_id))

    return compute


@surfaces.result_sources
def outcome_results():
    sources = [
        surfaces.ResultSource(
            "people.measured",
            gettext_lazy("Service users whose quality of life was measured"),
            "count",
            _compute(rollup.measured),
            principles=("7", "9"),
            by_service=True,
            description=gettext_lazy("People with a quality-of-life measurement in the period (five or more)."),
        ),
        surfaces.ResultSource(
            "people.goals_reached",
            gettext_lazy("Individual goals reached or exceeded"),
            "%",
            _compute(rollup.goals_reached),
            principles=("7", "9"),
            by_service=True,
            description=gettext_lazy(
                "Of the goals assessed at each plan's last review in the period, the share at the expected level "
                "or above (Goal Attainment Scaling 0, +1, +2)."
            ),
        ),
        surfaces.ResultSource(
            "people.plans_reviewed_on_time",
            gettext_lazy("Individual plans reviewed on time"),
            "%",
            _compute(rollup.reviewed_on_time),
            principles=("6", "7"),
            by_service=True,
            description=gettext_lazy("Of the plans whose review date fell in the period, the share reviewed by it."),
        ),
    ]
    for domain in Domain:
        sources.append(
            surfaces.ResultSource(
                f"people.qol_change.{domain.value}",
                gettext_lazy("Quality-of-life change: %(domain)s") % {"domain": domain.label},
                "points",
                _compute(rollup.change, domain.value),
                principles=("9",),
                by_service=True,
                description=gettext_lazy(
                    "Mean change of the domain's score (0–100) between each person's first measurement and their "
                    "latest one in the period."
                ),
            )
        )
    return sources


# ── My work and the calendar: plan reviews due ───────────────────────────────────────────────────────────────────


def _plan_url(plan):
    return reverse("people:plan", args=[plan.org.slug, plan.service_user.reference, plan.version])


def _reviews_due(org_ids):
    """The plans waiting for a review: each current service user's latest plan version, when it has none yet."""
    latest = Plan.objects.filter(service_user=OuterRef("service_user")).order_by("-version").values("version")[:1]
    return (
        Plan.objects.filter(org_id__in=org_ids, version=Subquery(latest), service_user__ended__isnull=True)
        .due_for_review()
        .select_related("org", "service_user")
    )


@surfaces.work_items
def plan_reviews(user, today, memberships):
    items = []
    for plan in _reviews_due(list(memberships)).filter(service_user__key_worker=user):
        items.append(
            surfaces.WorkItem(
                org=plan.org,
                kind=_("Individual plan review"),
                title=_("Review the plan of %(reference)s") % {"reference": plan.service_user.reference},
                url=_plan_url(plan),
                due_date=plan.review_on,
                overdue=plan.review_on < today,
                key=f"people.plan_review:{plan.service_user.uuid}:{plan.version}",
                target=plan,
            )
        )
    return items


@surfaces.calendar_entries
def plan_review_dates(memberships, first: date, last: date, person):
    """Plan reviews due in the range, for the key worker (on the organisation's calendar too: only one's own
    people, since a reference is all it shows and other people's plans are not theirs to see)."""
    if not memberships:
        return []
    viewer = next(iter(memberships.values())).user_id
    entries = []
    plans = _reviews_due(list(memberships)).filter(review_on__range=(first, last), service_user__key_worker_id=viewer)
    for plan in plans:
        entries.append(
            surfaces.CalendarEntry(
                org=plan.org,
                kind=_("Individual plan review"),
                title=_("Review the plan of %(reference)s") % {"reference": plan.service_user.reference},
                url=_plan_url(plan),
                start=plan.review_on,
                key=f"people.plan_review:{plan.service_user.uuid}:{plan.version}",
                category="review",
                deadline=True,
            )
        )
    return entries


# ── Progress report and self-assessment evidence ─────────────────────────────────────────────────────────────────


def _pct(figure):
    return _("suppressed (fewer than 5 people)") if figure.value is None else f"{figure.value:.0f} %"


def year_lines(org, year):
    data = rollup.load(org, date(year, 1, 1), date(year, 12, 31))
    figures = rollup.table(data)
    if not figures["measured"].people and not figures["goals_reached"].people and not figures["on_time"].people:
        return []
    lines = [
        _("Person-centred outcomes in %(year)s (pseudonymous; groups under 5 people suppressed):") % {"year": year},
        "- "
        + _("people whose quality of life was measured: %(n)s")
        % {"n": _("fewer than 5") if figures["measured"].value is None else figures["measured"].people},
        "- " + _("goals reached or exceeded: %(share)s") % {"share": _pct(figures["goals_reached"])},
        "- " + _("plans reviewed on time: %(share)s") % {"share": _pct(figures["on_time"])},
    ]
    for _code, label, figure in figures["domains"]:
        if figure.value is not None:
            lines.append(
                "- "
                + _("%(domain)s: mean change %(change)s points (95 %% interval %(low)s to %(high)s; %(n)s people)")
                % {
                    "domain": label,
                    "change": f"{figure.value:+.1f}",
                    "low": f"{figure.low:+.1f}",
                    "high": f"{figure.high:+.1f}",
                    "n": figure.people,
                }
            )
    return lines


@surfaces.progress_report
def outcomes_of_the_year(org, year):
    lines = year_lines(org, year)
    return surfaces.ProgressText("readiness_text", 30, "\n".join(lines)) if lines else None


def _outcome_offers(org, answer, attached):
    """The outcomes roll-up, as a record reference, for the indicators of principles 6, 7 and 9, once there are
    reviews or measurements to count: at most two queries."""
    if answer.indicator.code.split(".")[0] not in PRINCIPLES:
        return []
    if not Review.objects.for_org(org).exists() and not Measurement.objects.for_org(org).exists():
        return []  # nothing measured or reviewed yet: nothing to prove
    reference = _("Person-centred outcomes roll-up (pseudonymous), Kokybė")
    if any(item.reference == reference for item in attached):
        return []
    url = reverse("people:outcomes", args=[org.slug])
    return [
        surfaces.EvidenceOffer(
            kind=_("Outcomes"),
            title=_("Individual goals and quality of life"),
            url=url,
            detail=_("Goals reached, plans reviewed on time, change per quality-of-life domain."),
            fields={"kind": "record", "title": _("Individual goals and quality of life"), "reference": reference},
        )
    ]


@surfaces.evidence_kinds
def outcome_evidence():
    return surfaces.EvidenceKind("people_outcomes", 40, offers=_outcome_offers)
