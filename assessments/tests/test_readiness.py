"""The scoring rule on hand-made data: no database, every number worked out by hand in the comments."""

from types import SimpleNamespace

import pytest

from assessments.readiness import MET, NA, NOT_MET, PARTLY, compute, rating_buckets

SCORING = {
    "ratings": [
        {"code": "met", "score": 1},
        {"code": "partly", "score": 0.5},
        {"code": "not_met", "score": 0},
        {"code": "na", "score": None, "needs_reason": True},
    ],
    "pass_threshold": 0.8,
    "mandatory_must_be_met": True,
}
P1, P2 = SimpleNamespace(pk=1, code="L", name="Lyderystė"), SimpleNamespace(pk=2, code="S", name="Personalas")


def scoring(**changes):
    return {**SCORING, **changes}


def test_buckets_follow_the_scores_not_the_codes():
    assert rating_buckets(SCORING) == {"met": MET, "partly": PARTLY, "not_met": NOT_MET, "na": NA}
    four_levels = {"ratings": [{"code": c, "score": s} for c, s in (("a", 3), ("b", 2), ("c", 1), ("d", 0))]}
    assert rating_buckets(four_levels) == {"a": MET, "b": PARTLY, "c": PARTLY, "d": NOT_MET}


def test_share_is_sum_of_scores_over_applicable_rated_indicators():
    rows = [(1, False, "met"), (1, False, "partly"), (1, False, "na"), (1, False, ""), (2, False, "not_met")]
    r = compute(scoring(mandatory_must_be_met=False), [P1, P2], rows)
    p1, p2 = r.principles
    assert (p1.score, p1.maximum, p1.share) == (1.5, 2.0, 0.75)  # not applicable and unrated left out
    assert (p2.score, p2.maximum, p2.share) == (0.0, 1.0, 0.0)
    assert r.value == pytest.approx(1.5 / 3)
    assert r.percent == 50
    assert r.counts.as_dict() == {"met": 1, "partly": 1, "not_met": 1, "na": 1, "unrated": 1}
    assert p1.counts.as_dict() == {"met": 1, "partly": 1, "not_met": 0, "na": 1, "unrated": 1}


def test_principle_weights_change_the_overall_share():
    rows = [(1, False, "met"), (2, False, "not_met")]
    even = compute(scoring(mandatory_must_be_met=False), [P1, P2], rows)
    weighted = compute(scoring(mandatory_must_be_met=False, weights={"L": 3}), [P1, P2], rows)
    assert even.value == pytest.approx(0.5)
    assert weighted.value == pytest.approx(3 / 4)  # (3·1 + 1·0) ÷ (3·1 + 1·1)
    assert [p.share for p in weighted.principles] == [1.0, 0.0]  # a principle's own share is not weighted


def test_passes_at_the_threshold_and_fails_below():
    four_met_one_not = [(1, False, "met")] * 4 + [(1, False, "not_met")]
    assert compute(scoring(), [P1], four_met_one_not).passes  # 0.8 ≥ 0.8
    three_met_one_partly_one_not = [(1, False, "met")] * 3 + [(1, False, "partly"), (1, False, "not_met")]
    result = compute(scoring(), [P1], three_met_one_partly_one_not)
    assert result.value == pytest.approx(0.7) and not result.passes


def test_a_mandatory_indicator_not_met_fails_whatever_the_score():
    rows = [(1, False, "met")] * 9 + [(1, True, "partly")]
    result = compute(scoring(), [P1], rows)
    assert result.value == pytest.approx(0.95)
    assert result.mandatory_open == 1 and not result.passes
    assert compute(scoring(mandatory_must_be_met=False), [P1], rows).passes


def test_unrated_mandatory_indicator_is_not_met_but_not_applicable_one_is_fine():
    assert compute(scoring(), [P1], [(1, False, "met"), (1, True, "")]).mandatory_open == 1
    assert compute(scoring(), [P1], [(1, False, "met"), (1, True, "na")]).passes


def test_nothing_rated_has_no_value_and_does_not_pass():
    result = compute(scoring(pass_threshold=None, mandatory_must_be_met=False), [P1, P2], [(1, False, "")])
    assert result.value is None and result.principles[1].share is None and not result.passes


def test_points_method_compares_the_weighted_sum_with_the_threshold():
    points = {
        "method": "points",
        "ratings": [{"code": str(n), "score": n} for n in range(4)],
        "pass_threshold": 5,
        "weights": {"S": 2},
    }
    result = compute(points, [P1, P2], [(1, False, "3"), (2, False, "1")])
    assert result.value == 5  # 1·3 + 2·1
    assert result.passes and result.percent is None
    assert result.principles[0].share == 1.0  # the radar still shows a 0–1 share per principle
