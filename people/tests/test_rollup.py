from datetime import date, timedelta

import pytest

from kokybe import surfaces
from kokybe.lib.demo import DemoContext
from kokybe.test import client_for, url
from orgs import demo as orgs_demo
from orgs.models import Organisation
from people import demo, rollup
from people.models import Goal, GoalLevel, Measurement, Plan, Review, ServiceUser

pytestmark = pytest.mark.django_db
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _people(cast, n, service=None):
    made = []
    for _ in range(n):
        p = ServiceUser.objects.create(org=cast.alfa, started=date(2025, 1, 1), age_group="adult")
        if service:
            p.services.add(service)
        made.append(p)
    return made


def _measure(p, day, score):
    Measurement.objects.create(
        org=p.org, service_user=p, instrument="kokybe-qol8", taken_on=day, scores={"rights": score}
    )


def test_change_per_domain_is_suppressed_under_five_people_and_shown_from_five(cast):
    people = _people(cast, 4)
    for i, p in enumerate(people):
        _measure(p, date(2025, 3, 1), 40)
        _measure(p, date(2026, 3, 1), 50 + i)
    data = rollup.load(cast.alfa, *YEAR)
    assert rollup.change(data, "rights").value is None and rollup.change(data, "rights").people == 4
    fifth = _people(cast, 1)[0]
    _measure(fifth, date(2025, 3, 1), 40)
    _measure(fifth, date(2026, 3, 1), 54)
    figure = rollup.change(rollup.load(cast.alfa, *YEAR), "rights")
    # Changes 10, 11, 12, 13, 14: mean 12, SD √2.5, t(4) = 2.776 → ± 1.963.
    assert figure.value == pytest.approx(12) and figure.people == 5
    assert figure.low == pytest.approx(12 - 1.963, abs=1e-3) and figure.high == pytest.approx(12 + 1.963, abs=1e-3)
    assert rollup.measured(rollup.load(cast.alfa, *YEAR)).value == 5


def _plan_reviewed(p, review_on, reviewed_on, levels):
    plan = Plan.objects.create(
        org=p.org, service_user=p, version=1, starts_on=review_on - timedelta(days=100), review_on=review_on
    )
    if reviewed_on is None:
        return plan
    review = Review.objects.create(org=p.org, plan=plan, reviewed_on=reviewed_on, t_score=50)
    for level in levels:
        goal = Goal.objects.create(org=p.org, plan=plan, title="T", domain="rights", level_0="x")
        GoalLevel.objects.create(org=p.org, review=review, goal=goal, level=level)
    return plan


def test_goals_reached_and_plans_reviewed_on_time(cast):
    people = _people(cast, 6)
    for p in people[:4]:
        _plan_reviewed(p, date(2026, 6, 1), date(2026, 5, 30), [0, 1, -1])
    _plan_reviewed(people[4], date(2026, 6, 1), date(2026, 6, 20), [-2, 2, 0])  # late
    _plan_reviewed(people[5], date(2026, 6, 1), None, [])  # not reviewed at all
    data = rollup.load(cast.alfa, *YEAR)
    goals = rollup.goals_reached(data)
    assert (goals.numerator, goals.denominator, goals.people) == (10, 15, 5)
    on_time = rollup.reviewed_on_time(data, today=date(2026, 12, 31))
    assert (on_time.numerator, on_time.denominator) == (4, 6) and on_time.value == pytest.approx(400 / 6)
    # One service with three of them: fewer than five people, suppressed.
    service = cast.alfa_service
    for p in people[:3]:
        p.services.add(service)
    assert rollup.goals_reached(rollup.load(cast.alfa, *YEAR), service.pk).value is None


def test_outcome_results_are_declared_as_computed_kpis(cast):
    sources = surfaces.result_sources_all()
    assert {"people.measured", "people.goals_reached", "people.plans_reviewed_on_time"} <= set(sources)
    assert "people.qol_change.rights" in sources
    assert sources["people.goals_reached"].compute(cast.alfa, *YEAR) is None  # nothing to count: no Measure


def test_demo_has_sixty_people_in_six_services_with_plans_reviews_and_measurements():
    ctx = DemoContext()
    orgs_demo.load(ctx)
    demo.load(ctx)
    org = Organisation.objects.get(slug="klaipeda")
    people = ServiceUser.objects.filter(org=org)
    assert people.count() == 60
    through = ServiceUser.services.through
    assert len(set(through.objects.filter(serviceuser__org=org).values_list("service_id", flat=True))) == 6
    assert Plan.objects.filter(org=org).count() == 180 and Review.objects.filter(org=org).count() >= 120
    counts = {p.pk: p.measurements.count() for p in people.prefetch_related("measurements")}
    assert set(counts.values()) <= {2, 3}
    demo.load(ctx)  # a second run adds nothing
    assert ServiceUser.objects.filter(org=org).count() == 60

    last = ctx.today
    data = rollup.load(org, last - timedelta(days=364), last)
    figures = rollup.table(data, today=last)
    changes = {code: f for code, _label, f in figures["domains"]}
    assert figures["measured"].value >= 40
    assert 40 <= figures["goals_reached"].value <= 95
    assert 50 <= figures["on_time"].value <= 100
    assert sum(1 for f in changes.values() if f.value and f.value > 0) >= 6  # plausible improvement
    print(
        "\nDemo roll-up, last 12 months:",
        f"measured {figures['measured'].value:.0f},",
        f"goals reached {figures['goals_reached'].value:.1f} % ({figures['goals_reached'].numerator:.0f}/"
        f"{figures['goals_reached'].denominator:.0f}),",
        f"on time {figures['on_time'].value:.1f} % ({figures['on_time'].numerator:.0f}/"
        f"{figures['on_time'].denominator:.0f});",
        "; ".join(f"{c} {f.value:+.1f} [{f.low:+.1f}, {f.high:+.1f}] n={f.people}" for c, f in changes.items()),
    )
    staff = ctx.users["darbuotojas@klaipeda.demo"] if ctx.users else None
    if staff is not None:
        assert client_for(staff).get(url("people:list", org)).status_code == 200
