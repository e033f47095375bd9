"""Every computed result the existing apps ship, against an independent count of the same records, per period:
including Europe/Vilnius period boundaries (23:30 UTC on the last day of a month is the next month in Vilnius) and
empty periods (no value, never 0)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from actions.models import ImprovementAction, Status
from kokybe import surfaces
from results import periods

pytestmark = pytest.mark.django_db

QUARTERS = periods.periods(periods.QUARTER, 2024, date(2026, 12, 31))
MONTHS = periods.periods(periods.MONTH, 2024, date(2026, 12, 31))


def source(code):
    return surfaces.result_sources_all()[code]


def share(part, whole):
    return None if not whole else 100 * part / whole


def assert_measure(measure, numerator, denominator):
    if not denominator:
        assert measure is None, "a period with nothing to count has no value, not 0"
        return
    assert measure is not None
    assert (measure.numerator, measure.denominator, measure.records) == (numerator, denominator, denominator)
    assert measure.value == pytest.approx(100 * numerator / denominator)


def random_day(rng):
    return date(2024, 1, 1) + timedelta(days=rng.randrange(3 * 365))


def test_every_shipped_computed_source_is_declared_once():
    found = surfaces.result_sources_all()
    for code in (
        "actions.closed_on_time",
        "actions.overdue_share",
        "documents.reviewed_on_time",
        "documents.read_coverage",
        "audits.findings_closed",
        "audits.finding_actions_on_time",
        "surveys.response_rate",
        "surveys.satisfaction.service_users",
        "surveys.satisfaction.carers",
        "surveys.satisfaction.staff",
        "surveys.satisfaction.partners",
    ):
        assert code in found and found[code].unit == "%" and found[code].principles


def _actions(cast, n=300, seed=17, **extra):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        due = random_day(rng) if rng.random() < 0.9 else None
        done = None
        if rng.random() < 0.7:
            done = (due or random_day(rng)) + timedelta(days=rng.randrange(-40, 40))
        rows.append(
            ImprovementAction(
                org=cast.alfa,
                number=i + 1,
                title=f"Veiksmas {i}",
                due_date=due,
                completed_on=done,
                status=Status.DONE if done else Status.PLANNED,
                **extra,
            )
        )
    ImprovementAction.objects.bulk_create(rows)
    # Another organisation's actions never count.
    ImprovementAction.objects.create(
        org=cast.beta, number=1, title="Kitur", due_date=date(2025, 5, 1), completed_on=date(2025, 5, 2)
    )
    return rows


def test_actions_closed_on_time_matches_an_independent_count_per_quarter_and_month(cast):
    rows = _actions(cast)
    compute = source("actions.closed_on_time").compute
    for key in QUARTERS + MONTHS:
        first, last = periods.bounds(key)
        done = [a for a in rows if a.completed_on and a.due_date and first <= a.completed_on <= last]
        on_time = [a for a in done if a.completed_on <= a.due_date]
        assert_measure(compute(cast.alfa, first, last), len(on_time), len(done))
    assert compute(cast.alfa, date(2022, 1, 1), date(2022, 12, 31)) is None


def test_actions_overdue_share_matches_an_independent_count(cast):
    rows = _actions(cast, seed=5)
    compute = source("actions.overdue_share").compute
    for key in QUARTERS:
        first, last = periods.bounds(key)
        due = [a for a in rows if a.due_date and first <= a.due_date <= last]
        late = [a for a in due if a.completed_on is None or a.completed_on > a.due_date]
        assert_measure(compute(cast.alfa, first, last), len(late), len(due))
    assert compute(cast.alfa, date(2030, 1, 1), date(2030, 3, 31)) is None


def test_documents_reviewed_on_time_meets_the_date_then_in_force(cast):
    from documents import services as document_services
    from documents.models import DocumentReview
    from documents.tests.factories import approved, submitted

    compute = source("documents.reviewed_on_time").compute
    doc = submitted(cast)
    document_services.document_approve(
        document=doc, by=cast.ona, approved_on=date(2024, 3, 1), effective_from=date(2024, 3, 1),
        next_review_on=date(2025, 3, 1),
    )  # fmt: skip
    doc.refresh_from_db()
    version = doc.current_version
    make = DocumentReview.objects.create
    # The first review meets the version's date (on time); the second is late against the first review's next date.
    make(org=cast.alfa, document=doc, version=version, outcome="no_change", reviewed_on=date(2025, 2, 10),
         next_review_on=date(2026, 3, 1))  # fmt: skip
    make(org=cast.alfa, document=doc, version=version, outcome="no_change", reviewed_on=date(2026, 4, 15),
         next_review_on=date(2027, 4, 15))  # fmt: skip
    # A review with no date to meet (no earlier review, no version) is not counted.
    other = approved(cast, title="Kita tvarka")
    make(org=cast.alfa, document=other, version=None, outcome="no_change", reviewed_on=date(2026, 5, 1))
    assert_measure(compute(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)), 1, 1)
    assert_measure(compute(cast.alfa, date(2026, 1, 1), date(2026, 12, 31)), 0, 1)
    assert_measure(compute(cast.alfa, date(2025, 1, 1), date(2026, 12, 31)), 1, 2)
    assert compute(cast.alfa, date(2024, 1, 1), date(2024, 12, 31)) is None
    assert compute(cast.beta, date(2025, 1, 1), date(2026, 12, 31)) is None


def test_read_coverage_counts_a_confirmation_by_its_vilnius_date(cast):
    from documents.models import Acknowledgement, ReadAudience
    from documents.tests.factories import approved

    compute = source("documents.read_coverage").compute
    doc = approved(cast)
    audience = ReadAudience.objects.create(org=cast.alfa, document=doc, since=date(2026, 3, 17), due_days=14)
    audience.users.set([cast.rasa, cast.jonas, cast.vida])
    assert audience.due_on(doc.current_version) == date(2026, 3, 31)
    # 23:30 UTC on 31 March is 02:30 on 1 April in Vilnius: a day late. 20:00 UTC is 23:00 in Vilnius: on time.
    Acknowledgement.objects.create(
        org=cast.alfa,
        version=doc.current_version,
        user=cast.rasa,
        confirmed_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
    )
    Acknowledgement.objects.create(
        org=cast.alfa,
        version=doc.current_version,
        user=cast.jonas,
        confirmed_at=datetime(2026, 3, 31, 20, 0, tzinfo=UTC),
    )
    assert_measure(compute(cast.alfa, date(2026, 1, 1), date(2026, 3, 31)), 1, 3)
    assert_measure(compute(cast.alfa, date(2026, 3, 1), date(2026, 3, 31)), 1, 3)
    assert compute(cast.alfa, date(2026, 4, 1), date(2026, 6, 30)) is None


def _finding(audit, number, kind, at):
    from audits.models import AuditFinding

    finding = AuditFinding.objects.create(
        org=audit.org, audit=audit, number=number, kind=kind, text=f"Radinys {number}"
    )
    AuditFinding.objects.filter(pk=finding.pk).update(created_at=at)
    return finding


def test_audit_findings_closed_by_the_vilnius_date_they_were_recorded(cast):
    from audits.models import AuditFinding
    from audits.tests.factories import make_audit

    compute = source("audits.findings_closed").compute
    audit = make_audit(cast)
    finding_type = ContentType.objects.get_for_model(AuditFinding)
    late_march = datetime(2026, 3, 31, 20, 30, tzinfo=UTC)  # 23:30 in Vilnius: March
    april = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # 02:30 on 1 April in Vilnius
    closed = _finding(audit, 1, "minor_nc", late_march)
    still_open = _finding(audit, 2, "observation", late_march)
    _finding(audit, 3, "minor_nc", late_march)  # no action at all: not closed
    _finding(audit, 4, "strength", late_march)  # calls for no action: not counted
    april_closed = _finding(audit, 5, "major_nc", april)
    n = 0

    def action(finding, completed):
        nonlocal n
        n += 1
        ImprovementAction.objects.create(
            org=cast.alfa, number=n, title=f"A{n}", source_type=finding_type, source_id=str(finding.pk),
            due_date=date(2026, 6, 1), completed_on=completed,
        )  # fmt: skip

    action(closed, date(2026, 5, 1))
    action(closed, date(2026, 5, 20))
    action(still_open, date(2026, 5, 1))
    action(still_open, None)
    action(april_closed, date(2026, 7, 1))
    assert_measure(compute(cast.alfa, date(2026, 3, 1), date(2026, 3, 31)), 1, 3)
    assert_measure(compute(cast.alfa, date(2026, 4, 1), date(2026, 4, 30)), 1, 1)
    assert_measure(compute(cast.alfa, date(2026, 1, 1), date(2026, 6, 30)), 2, 4)
    assert compute(cast.alfa, date(2026, 5, 1), date(2026, 12, 31)) is None

    on_time = source("audits.finding_actions_on_time").compute
    # Completed in Q2 with a due date of 1 June: 2026-05-01 ×2 and 2026-05-20 on time; 2026-07-01 (Q3) late.
    assert_measure(on_time(cast.alfa, date(2026, 4, 1), date(2026, 6, 30)), 3, 3)
    assert_measure(on_time(cast.alfa, date(2026, 7, 1), date(2026, 9, 30)), 0, 1)
    assert on_time(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)) is None


def test_survey_response_rate_and_satisfaction_by_the_period_a_survey_ends(cast):
    from surveys.models import CampaignStatus
    from surveys.tests.factories import add_response, make_campaign, make_version

    version = make_version()  # a service users' questionnaire with two 5-point rating questions
    rng = random.Random(3)
    spring = make_campaign(
        cast.alfa, version, by=cast.jonas, status=CampaignStatus.CLOSED, starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 31), served_count=40,
    )  # fmt: skip
    autumn = make_campaign(
        cast.alfa, version, by=cast.jonas, status=CampaignStatus.CLOSED, starts_on=date(2025, 10, 1),
        ends_on=date(2025, 10, 31), served_count=20, title="Rudens apklausa",
    )  # fmt: skip
    tiny = make_campaign(
        cast.alfa, version, by=cast.jonas, status=CampaignStatus.CLOSED, starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 31), served_count=10, title="Maža apklausa",
    )  # fmt: skip
    expected = {}
    for campaign, n in ((spring, 23), (autumn, 9), (tiny, 2)):
        top = total = 0
        for _ in range(n):
            rate = rng.randint(1, 5)
            answers = {"rate": rate, "used": 1}
            if rng.random() < 0.6:
                answers["followup"] = rng.randint(1, 5)
            for v in (answers["rate"], answers.get("followup")):
                if v is not None:
                    total += 1
                    top += v >= 4
            add_response(campaign, answers)
        expected[campaign.pk] = (n, top, total)

    rate = source("surveys.response_rate").compute
    m = rate(cast.alfa, date(2025, 1, 1), date(2025, 12, 31))
    assert (m.numerator, m.denominator) == (23 + 9, 40 + 20) and m.value == pytest.approx(100 * 32 / 60)
    assert rate(cast.alfa, date(2025, 1, 1), date(2025, 6, 30)).value == pytest.approx(100 * 23 / 40)
    assert rate(cast.alfa, date(2024, 1, 1), date(2024, 12, 31)) is None

    satisfaction = source("surveys.satisfaction.service_users").compute
    top = expected[spring.pk][1] + expected[autumn.pk][1]
    total = expected[spring.pk][2] + expected[autumn.pk][2]
    assert_measure(satisfaction(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)), top, total)
    assert_measure(satisfaction(cast.alfa, date(2025, 10, 1), date(2025, 12, 31)), *expected[autumn.pk][1:])
    # Two answers to an anonymous survey are too few to show: the index shows nothing either.
    assert satisfaction(cast.alfa, date(2026, 1, 1), date(2026, 12, 31)) is None
    # Another respondent group's index has nothing to count.
    assert source("surveys.satisfaction.staff").compute(cast.alfa, date(2025, 1, 1), date(2025, 12, 31)) is None
