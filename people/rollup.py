"""Roll-ups of person-centred outcomes for a period, the whole organisation or one service: people measured, mean
change per quality-of-life domain with its 95 % interval, the share of goals reached or exceeded, the share of plans
reviewed on time. Every figure about fewer than MIN_PEOPLE people is suppressed (None), so nobody can be picked out.

The records are read in a fixed number of queries and counted in Python, so a page of every service costs what one
figure costs.

Definitions (for the auditor and the funder):
- *measured*: people with a quality-of-life measurement taken in the period;
- *change*: for each person and instrument with a measurement in the period and an earlier one, the latest score
  in the period minus the first score ever, per domain; the mean over people, with a Student-t 95 % interval;
- *goals reached*: of the goals assessed at the last review in the period of each plan, the share at level 0 (as
  expected) or above;
- *reviewed on time*: of the plans whose review date falls in the period (and has come), the share reviewed by it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from . import scoring
from .models import Domain, GoalLevel, Measurement, Plan, Review, ServiceUser

MIN_PEOPLE = 5


@dataclass
class Figure:
    value: float | None  # None: suppressed or nothing to count
    people: int
    numerator: float | None = None
    denominator: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self):
        return 0 < self.people < MIN_PEOPLE


@dataclass
class Data:
    first: date
    last: date
    services: dict = field(default_factory=dict)  # person id → {service ids}
    measurements: list = field(default_factory=list)  # (person, instrument, taken_on, scores)
    levels: list = field(default_factory=list)  # (person, plan, review id, reviewed_on, level)
    plans: list = field(default_factory=list)  # (person, plan id, review_on, first reviewed_on or None)


def load(org, first, last):
    """Everything the figures need, for `org` up to `last`: four queries."""
    data = Data(first, last)
    through = ServiceUser.services.through
    for person_id, service_id in through.objects.filter(serviceuser__org=org).values_list(
        "serviceuser_id", "service_id"
    ):
        data.services.setdefault(person_id, set()).add(service_id)
    data.measurements = list(
        Measurement.objects.for_org(org)
        .filter(taken_on__lte=last)
        .order_by("taken_on", "pk")
        .values_list("service_user_id", "instrument", "taken_on", "scores")
    )
    data.levels = list(
        GoalLevel.objects.for_org(org)
        .filter(review__reviewed_on__range=(first, last))
        .values_list("review__plan__service_user_id", "review__plan_id", "review_id", "review__reviewed_on", "level")
    )
    first_reviews = {}
    for plan_id, reviewed_on in (
        Review.objects.for_org(org).filter(plan__review_on__range=(first, last)).values_list("plan_id", "reviewed_on")
    ):
        first_reviews[plan_id] = min(reviewed_on, first_reviews.get(plan_id, reviewed_on))
    data.plans = [
        (person_id, plan_id, review_on, first_reviews.get(plan_id))
        for person_id, plan_id, review_on in Plan.objects.for_org(org)
        .filter(review_on__range=(first, last))
        .values_list("service_user_id", "pk", "review_on")
    ]
    return data


def _in(data, person_id, service_id):
    return service_id is None or service_id in data.services.get(person_id, ())


def _share(numerator, denominator, people):
    if not denominator:
        return Figure(None, people)
    if people < MIN_PEOPLE:
        return Figure(None, people)
    return Figure(100 * numerator / denominator, people, numerator, denominator)


def measured(data, service_id=None):
    people = {
        p for p, _i, taken, _s in data.measurements if data.first <= taken <= data.last and _in(data, p, service_id)
    }
    n = len(people)
    return Figure(float(n) if n >= MIN_PEOPLE else None, n)


def changes(data, domain, service_id=None):
    """Per person: latest-in-period minus first score of `domain` (one instrument per person: the first that has
    both)."""
    series = defaultdict(list)
    for person_id, instrument, taken, scores in data.measurements:
        if domain in scores and _in(data, person_id, service_id):
            series[(person_id, instrument)].append((taken, scores[domain]))
    found = {}
    for (person_id, _instrument), points in series.items():
        in_period = [p for p in points if data.first <= p[0] <= data.last]
        if person_id in found or not in_period or in_period[-1] is points[0]:
            continue
        found[person_id] = in_period[-1][1] - points[0][1]
    return list(found.values())


def change(data, domain, service_id=None):
    values = changes(data, domain, service_id)
    if len(values) < MIN_PEOPLE:
        return Figure(None, len(values))
    mean, low, high = scoring.mean_with_interval(values)
    return Figure(mean, len(values), low=low, high=high)


def goals_reached(data, service_id=None):
    last_review = {}
    for person_id, plan_id, review_id, reviewed_on, _level in data.levels:
        if _in(data, person_id, service_id):
            last_review[plan_id] = max(last_review.get(plan_id, (reviewed_on, review_id)), (reviewed_on, review_id))
    chosen = {review_id for _d, review_id in last_review.values()}
    rows = [(p, level) for p, _plan, review_id, _d, level in data.levels if review_id in chosen]
    reached = sum(1 for _p, level in rows if level >= 0)
    return _share(reached, len(rows), len({p for p, _l in rows}))


def reviewed_on_time(data, service_id=None, today=None):
    today = today or timezone.localdate()
    rows = [
        (p, first_review is not None and first_review <= review_on)
        for p, _plan, review_on, first_review in data.plans
        if review_on <= today and _in(data, p, service_id)
    ]
    return _share(sum(1 for _p, ok in rows if ok), len(rows), len({p for p, _ok in rows}))


def table(data, service_id=None, today=None):
    """All the figures for one group (the organisation, or one service)."""
    return {
        "measured": measured(data, service_id),
        "goals_reached": goals_reached(data, service_id),
        "on_time": reviewed_on_time(data, service_id, today),
        "domains": [(d.value, d.label, change(data, d.value, service_id)) for d in Domain],
    }
