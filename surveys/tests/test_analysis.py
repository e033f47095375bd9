"""The figures, checked against an independent computation (statistics module, hand formulas, published t values)."""

import math
import random
import statistics
from collections import Counter

import pytest

from surveys import analysis
from surveys.analysis import campaign_results, suppress, t_critical
from surveys.models import QuestionType
from surveys.tests.factories import add_response, make_campaign

# Published two-sided 95% critical values of Student's t (any statistics textbook table).
PUBLISHED_T = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086,
               25: 2.060, 29: 2.045, 30: 2.042, 35: 2.030, 40: 2.021, 50: 2.009, 60: 2.000, 80: 1.990, 100: 1.984,
               120: 1.980, 499: 1.965, 1000: 1.962, 100000: 1.960}  # fmt: skip


@pytest.mark.parametrize("df,expected", sorted(PUBLISHED_T.items()))
def test_t_critical_matches_published_values_to_three_decimals(df, expected):
    assert abs(t_critical(df) - expected) < 0.0015


def test_t_critical_is_continuous_where_the_table_ends():
    assert abs(t_critical(30) - t_critical(31)) < 0.003
    assert t_critical(31) < t_critical(30)


def _generated(seed, n, points=5):
    rng = random.Random(seed)
    return [min(points, max(1, round(rng.gauss(3.7, 1.1)))) for _ in range(n)]


@pytest.fixture
def answered(cast, version):
    """Alfa's survey with 240 generated answers to every scale question; returns (campaign, raw values)."""
    campaign = make_campaign(cast.alfa, version)
    rng = random.Random(2021)
    raw = {"rate": _generated(1, 240), "nps": [], "used": [], "years": [], "role": [], "areas": []}
    for i, rate in enumerate(raw["rate"]):
        answers = {"rate": rate}
        if i % 3:  # some leave optional questions out
            answers["nps"] = rng.randint(0, 10)
            answers["used"] = int(rng.random() < 0.3)
            answers["years"] = round(rng.uniform(0, 20), 1)
            answers["role"] = rng.choice(["user", "family"])
            answers["areas"] = [c for c in ("food", "staff", "rooms") if rng.random() < 0.4]
            if not answers["areas"]:
                del answers["areas"]
        if i % 7 == 0:
            answers["comment"] = f"Pastaba {i:03d}"
        for key, value in answers.items():
            if key in raw and key != "rate":
                raw[key].append(value)
        add_response(campaign, answers)
    return campaign, raw


def _result(results, code):
    return next(r for r in results.results if r.question.code == code)


def test_rating_mean_ci_distribution_and_top2_match_an_independent_computation(answered):
    campaign, raw = answered
    r = _result(campaign_results(campaign), "rate")
    values = raw["rate"]
    n = len(values)
    assert r.n == n
    assert r.mean == pytest.approx(statistics.fmean(values), abs=1e-9)
    assert r.sd == pytest.approx(statistics.stdev(values), abs=1e-9)
    half = 1.9699 * statistics.stdev(values) / math.sqrt(n)  # t(0.975, 239) from the published table: 1.970
    assert r.ci[0] == pytest.approx(statistics.fmean(values) - half, abs=1e-3)
    assert r.ci[1] == pytest.approx(statistics.fmean(values) + half, abs=1e-3)
    counts = Counter(values)
    assert [b.count for b in r.buckets] == [counts.get(p, 0) for p in range(1, 6)]
    assert [round(b.pct, 6) for b in r.buckets] == [round(100 * counts.get(p, 0) / n, 6) for p in range(1, 6)]
    assert r.top2 == pytest.approx(100 * (counts[4] + counts[5]) / n)


def test_small_sample_uses_student_t(cast, version):
    campaign = make_campaign(cast.alfa, version, anonymous=False)  # the arithmetic, not the anonymity rule
    values = [2, 4, 4, 5, 3]
    for v in values:
        add_response(campaign, {"rate": v})
    r = _result(campaign_results(campaign), "rate")
    half = 2.776 * statistics.stdev(values) / math.sqrt(5)
    # 3.6 + 1.42 would pass the top of the 1–5 scale: the interval stops there.
    assert r.ci == pytest.approx((statistics.fmean(values) - half, 5.0), abs=1e-3)


def test_interval_of_a_small_group_stops_at_the_ends_of_the_scale(cast, version):
    campaign = make_campaign(cast.alfa, version, anonymous=False)  # the arithmetic, not the anonymity rule
    values = [5, 5, 5, 4]  # mean 4.75; t(0.975, 3) · 0.5 / 2 = 0.80 would reach 5.55 on a 1–5 scale
    for v in values:
        add_response(campaign, {"rate": v})
    r = _result(campaign_results(campaign), "rate")
    half = 3.182 * statistics.stdev(values) / math.sqrt(4)
    assert r.ci == pytest.approx((statistics.fmean(values) - half, 5.0), abs=1e-3)


def test_one_answer_has_a_mean_but_no_interval(cast, version):
    campaign = make_campaign(cast.alfa, version, anonymous=False)  # the arithmetic, not the anonymity rule
    add_response(campaign, {"rate": 4})
    r = _result(campaign_results(campaign), "rate")
    assert (r.n, r.mean, r.sd, r.ci) == (1, 4.0, None, None)


def test_recommendation_score_is_share_of_9_10_minus_share_of_0_6(answered):
    campaign, raw = answered
    r = _result(campaign_results(campaign), "nps")
    values = raw["nps"]
    promoters = sum(v >= 9 for v in values)
    detractors = sum(v <= 6 for v in values)
    assert r.nps == pytest.approx(100 * (promoters - detractors) / len(values))
    assert r.mean == pytest.approx(statistics.fmean(values))
    assert [b.count for b in r.buckets] == [values.count(i) for i in range(11)]


def test_yes_no_share_numbers_choices_and_multiple_choice(answered):
    campaign, raw = answered
    results = campaign_results(campaign)
    used = _result(results, "used")
    assert used.yes_pct == pytest.approx(100 * sum(raw["used"]) / len(raw["used"]))
    assert used.mean is None and used.top2 is None
    years = _result(results, "years")
    assert years.n == len(raw["years"])
    assert years.mean == pytest.approx(statistics.fmean(raw["years"]), abs=1e-9)
    assert years.sd == pytest.approx(statistics.stdev(raw["years"]), abs=1e-6)
    assert (years.minimum, years.maximum) == (min(raw["years"]), max(raw["years"]))
    role = _result(results, "role")
    assert {b.key: b.count for b in role.buckets} == dict(Counter(raw["role"]))
    areas = _result(results, "areas")
    people = len(raw["areas"])
    assert areas.respondents == people
    for bucket in areas.buckets:
        ticked = sum(bucket.key in chosen for chosen in raw["areas"])
        assert bucket.count == ticked and bucket.pct == pytest.approx(100 * ticked / people)


def test_top_box_is_the_best_point_on_3_point_and_the_best_two_on_7_point_scales(version):
    question = version.questions.get(code="rate")
    question.scale_points = 3
    assert question.top_box_values() == {3}
    result = analysis.question_result(question, {1.0: 2, 2.0: 5, 3.0: 3})
    assert result.top2 == pytest.approx(30.0)
    question.scale_points = 7
    question.options = question.options + question.options[:2]
    result = analysis.question_result(question, {5.0: 1, 6.0: 2, 7.0: 1})
    assert result.top2 == pytest.approx(75.0)
    assert result.mean5 == pytest.approx(1 + (6.0 - 1) * 4 / 6)


def test_weak_results_follow_the_campaign_thresholds(cast, version):
    campaign = make_campaign(cast.alfa, version, weak_top2_below=60, weak_mean_below=3.5, weak_nps_below=0)
    for rate, nps in [(2, 3), (3, 5), (4, 9), (2, 6), (5, 10), (3, 2)]:
        add_response(campaign, {"rate": rate, "nps": nps})
    results = campaign_results(campaign)
    rate, nps = _result(results, "rate"), _result(results, "nps")
    assert rate.weak and len(rate.weak_reasons) == 2  # top-2-box 33% < 60%, mean 3.17 < 3.5
    assert nps.weak  # 2 promoters, 4 detractors of 6: −33
    assert nps.nps == pytest.approx(100 * (2 - 4) / 6)


def test_weak_results_need_at_least_the_smallest_group(cast, version):
    campaign = make_campaign(cast.alfa, version, min_group_size=5, anonymous=False)
    for _ in range(4):
        add_response(campaign, {"rate": 1})
    assert not _result(campaign_results(campaign), "rate").weak


def test_free_text_of_an_anonymous_survey_is_listed_alphabetically_not_by_arrival(answered):
    campaign, _raw = answered
    texts = _result(campaign_results(campaign), "comment").texts
    assert len(texts) == analysis.TEXT_SAMPLE
    assert texts == sorted(texts)


def test_response_rate_is_against_people_served_else_invitations(cast, version):
    from surveys.models import Invitation

    campaign = make_campaign(cast.alfa, version)
    for _ in range(3):
        add_response(campaign, {"rate": 4})
    assert campaign_results(campaign).response_rate is None
    for i in range(4):
        Invitation.objects.create(org=cast.alfa, campaign=campaign, email=f"a{i}@example.lt")
    assert campaign_results(campaign).response_rate == pytest.approx(75.0)
    campaign.served_count = 12
    assert campaign_results(campaign).response_rate == pytest.approx(25.0)


def test_suppression_hides_small_groups_and_one_more_when_only_one_is_small():
    assert suppress({"a": 10, "b": 7, "c": 2}, 5) == {"a"}  # c alone would be total − a − b
    assert suppress({"a": 10, "b": 7, "c": 2, "d": 1}, 5) == {"a", "b"}
    assert suppress({"a": 10, "b": 7}, 5) == {"a", "b"}
    assert suppress({"a": 4}, 5) == set()
    assert suppress({"a": 9, "b": 0}, 5) == {"a"}


def test_breakdown_shows_groups_of_at_least_the_minimum_only(cast, version):
    from orgs.models import Service

    big = Service.objects.create(org=cast.alfa, name="Dienos centras")
    middle = Service.objects.create(org=cast.alfa, name="Globos namai")
    small = Service.objects.create(org=cast.alfa, name="Laikinas apgyvendinimas")
    campaign = make_campaign(cast.alfa, version, min_group_size=5)
    rates = {big: [5, 4, 4, 5, 5, 3], middle: [2, 3, 3, 2, 1], small: [1, 1]}
    for service, values in rates.items():
        for v in values:
            add_response(campaign, {"rate": v}, service=service)
    questions = analysis.load_questions([campaign.version_id])
    labels = {s.pk: s.name for s in rates}
    groups, scale = analysis.breakdown(campaign, "service", questions, labels)
    shown = {g.label: g for g in groups if g.shown}
    # "small" is under 5, and as the only small group it would follow from the total: "middle" is hidden too.
    assert set(shown) == {"Dienos centras"}
    rate = shown["Dienos centras"].results[next(q.pk for q in scale if q.code == "rate")]
    assert rate.mean == pytest.approx(statistics.fmean(rates[big]))
    hidden = [g for g in groups if not g.shown]
    assert {g.label for g in hidden} == {"Globos namai", "Laikinas apgyvendinimas"} and not any(
        g.results for g in hidden
    )


def test_pooled_results_leave_out_organisations_below_the_minimum(cast, version):
    alfa = make_campaign(cast.alfa, version)
    beta = make_campaign(cast.beta, version)
    gamma_org = type(cast.alfa).objects.create(name="Gama", slug="gama")
    gamma = make_campaign(gamma_org, version)
    data = {alfa: [5, 4, 4, 3, 5, 4], beta: [2, 3, 2, 3, 3], gamma: [1, 1, 1]}
    for campaign, values in data.items():
        for v in values:
            add_response(campaign, {"rate": v})
    questions, pooled, orgs, n, _spreads = analysis.pooled([alfa, beta, gamma], 5)
    rate = next(r for r in pooled if r.question.code == "rate")
    # gamma (3) is small and alone: beta (5), the next smallest, is hidden too; the pool is alfa only.
    assert n == 6 and rate.n == 6 and rate.mean == pytest.approx(statistics.fmean(data[alfa]))
    assert [g.shown for g in orgs] == [True, False, False]


def test_spread_across_organisations_matches_an_independent_computation_and_needs_five_organisations(cast, version):
    Org = type(cast.alfa)
    data = {}
    for i, values in enumerate([[5, 4, 4, 3, 5], [2, 3, 2, 3, 3], [1, 2, 1, 1, 1], [5, 5, 5, 5, 4], [3, 3, 4, 4, 4]]):
        org = cast.alfa if i == 0 else Org.objects.create(name=f"Org {i}", slug=f"org-{i}")
        campaign = make_campaign(org, version)
        data[campaign] = values
        for v in values:
            add_response(campaign, {"rate": v, "used": int(v >= 4)})
    campaigns = list(data)
    questions, _pooled, orgs, _n, spreads = analysis.pooled(campaigns, 5, detail=campaigns[1].pk)
    rate = next(q for q in questions if q.code == "rate")
    means = [statistics.fmean(v) for v in data.values()]
    spread = spreads[rate.pk]
    assert spread.orgs == 5 and spread.low == pytest.approx(min(means)) and spread.high == pytest.approx(max(means))
    assert spread.median == pytest.approx(statistics.median(means))
    yes = next(q for q in questions if q.code == "used")
    shares = [100 * sum(v >= 4 for v in values) / len(values) for values in data.values()]
    assert spreads[yes.pk].median == pytest.approx(statistics.median(shares))
    # Full results for the one organisation asked for, none for the others.
    assert [bool(g.results) for g in orgs] == [False, True, False, False, False]
    assert orgs[1].results[rate.pk].mean == pytest.approx(means[1])
    # Four organisations are too few for a spread: it would all but name them.
    _q, _p, _o, _n, spreads = analysis.pooled(campaigns[:4], 5)
    assert spreads == {}


def test_a_pooled_study_is_counted_once_and_again_as_soon_as_one_more_answer_arrives(cast, version):
    """The pool is kept in the cache under every campaign's response count: a second view reads no answer, and a new
    response anywhere is in the very next view (responses are only ever added, each with its answers)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Org = type(cast.alfa)
    data = {}
    for i in range(5):
        org = cast.alfa if i == 0 else Org.objects.create(name=f"Org {i}", slug=f"org-{i}")
        campaign = make_campaign(org, version)
        data[campaign] = [1 + (i + k) % 5 for k in range(5)]
        for v in data[campaign]:
            add_response(campaign, {"rate": v})
    campaigns = list(data)
    first = analysis.pooled(campaigns, 5)
    with CaptureQueriesContext(connection) as queries:
        again = analysis.pooled(campaigns, 5)
    assert not [q for q in queries.captured_queries if "surveys_answer" in q["sql"]]
    rate = next(q for q in first[0] if q.code == "rate")
    assert [r.__dict__ for r in again[1]] == [r.__dict__ for r in first[1]] and again[4] == first[4]

    add_response(campaigns[2], {"rate": 5})
    data[campaigns[2]].append(5)
    _q, results, _orgs, n, spreads = analysis.pooled(campaigns, 5)
    everything = [v for values in data.values() for v in values]
    pooled_rate = next(r for r in results if r.question.pk == rate.pk)
    assert n == 26 and pooled_rate.n == 26 and pooled_rate.mean == pytest.approx(statistics.fmean(everything))
    assert spreads[rate.pk].high == pytest.approx(max(statistics.fmean(v) for v in data.values()))


def test_question_type_choices_cover_what_the_analysis_knows():
    assert set(QuestionType.values) == {"likert", "single", "multiple", "yes_no", "number", "text", "recommend"}


@pytest.mark.parametrize("by", ["service", "unit", "group", "channel"])
def test_breakdown_by_each_field_matches_an_independent_computation_from_the_responses(cast, version, by):
    """Group keys read from each response (not from the answers' copies of them), figures by the statistics module,
    and the one small group hidden with the next smallest."""
    from orgs.models import Service, Unit
    from surveys.models import Channel, Response

    units = [cast.alfa_unit, Unit.objects.create(org=cast.alfa, name="Dienos centras")]
    common = [Service.objects.create(org=cast.alfa, unit=units[i % 2], name=f"Paslauga {i}") for i in range(3)]
    rare_unit = Unit.objects.create(org=cast.alfa, name="Laikinas padalinys")
    rare = Service.objects.create(org=cast.alfa, unit=rare_unit, name="Laikinas apgyvendinimas")
    campaign = make_campaign(cast.alfa, version, min_group_size=5, respondent_groups="A\nB\nC\nD")
    rng = random.Random(7)
    for _ in range(60):
        service = rng.choice([*common, None])
        add_response(
            campaign,
            {"rate": rng.randint(1, 5), "used": rng.randint(0, 1), "nps": rng.randint(0, 10)},
            service=service,
            unit=service.unit if service else None,
            group=rng.choice("ABC") if rng.random() < 0.9 else "",
            channel=rng.choice([Channel.WEB, Channel.PAPER]),
        )
    for value in (1, 2, 2):
        add_response(campaign, {"rate": value}, service=rare, unit=rare_unit, group="D", channel=Channel.EASY_READ)

    def key(response):
        return {"service": response.service_id, "unit": response.unit_id, "group": response.group}.get(
            by, response.channel
        )

    sizes, values = Counter(), {}
    for response in Response.objects.filter(campaign=campaign).prefetch_related("answers__question"):
        sizes[key(response)] += 1
        for answer in response.answers.all():
            values.setdefault((key(response), answer.question.code), []).append(answer.value)
    small = [k for k, n in sizes.items() if n < 5]
    next_smallest = min((k for k in sizes if k not in small), key=lambda k: (sizes[k], str(k)))
    assert len(small) == 1

    groups, scale = analysis.breakdown(campaign, by, analysis.load_questions([campaign.version_id]), {})
    assert {g.key: g.respondents for g in groups} == dict(sizes)
    assert {g.key for g in groups if not g.shown} == {small[0], next_smallest}
    codes = {q.pk: q.code for q in scale}
    for group in groups:
        if not group.shown:
            assert not group.results
            continue
        for question_id, result in group.results.items():
            got = values.get((group.key, codes[question_id]), [])
            assert result.n == len(got)
            if codes[question_id] == "used":
                assert result.yes_pct == pytest.approx(100 * sum(got) / len(got))
            elif got:
                assert result.mean == pytest.approx(statistics.fmean(got))
                assert result.sd == pytest.approx(statistics.stdev(got))
