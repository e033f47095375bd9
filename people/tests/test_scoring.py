"""Scoring against worked examples and against independent computations written here from the manuals (not from
people.scoring or the shipped definitions)."""

import math
import random
from statistics import mean

import pytest

from people import instruments, scoring

# ── Goal Attainment Scaling ──────────────────────────────────────────────────────────────────────────────────────


def test_three_unweighted_goals_at_the_expected_level_give_50():
    assert scoring.gas_t_score([(0, 1), (0, 1), (0, 1)]) == pytest.approx(50)


def test_three_unweighted_goals_all_at_plus_one_give_about_63_7():
    assert scoring.gas_t_score([(1, 1)] * 3) == pytest.approx(63.69, abs=0.01)


def test_three_unweighted_goals_all_at_minus_one_give_about_36_3():
    assert scoring.gas_t_score([(-1, 1)] * 3) == pytest.approx(36.31, abs=0.01)


def test_gas_t_score_by_hand_with_weights():
    # Goals: +2 (weight 3), 0 (weight 1), −1 (weight 2). Σwx = 6 + 0 − 2 = 4; Σw² = 9 + 1 + 4 = 14; Σw = 6.
    # T = 50 + 40 / √(0.7·14 + 0.3·36) = 50 + 40 / √20.6 = 50 + 8.8131…
    assert scoring.gas_t_score([(2, 3), (0, 1), (-1, 2)]) == pytest.approx(58.8131, abs=1e-4)


def test_gas_t_score_matches_an_independent_computation():
    rng = random.Random(19)
    for _ in range(200):
        goals = [(rng.choice([-2, -1, 0, 1, 2]), rng.randint(1, 5)) for _ in range(rng.randint(1, 8))]
        numerator = 10 * sum(w * x for x, w in goals)
        sw = sum(w for _, w in goals)
        sw2 = sum(w**2 for _, w in goals)
        expected = 50 + numerator / math.sqrt(0.7 * sw2 + 0.3 * sw**2)
        assert scoring.gas_t_score(goals) == pytest.approx(expected)


def test_gas_refuses_a_level_outside_minus_two_to_plus_two_and_has_no_score_without_goals():
    with pytest.raises(ValueError):
        scoring.gas_t_score([(3, 1)])
    assert scoring.gas_t_score([]) is None


# ── WHOQOL-BREF: the shipped structure against the manual's rules ─────────────────────────────────────────────

MANUAL_DOMAINS = {
    "physical": [3, 4, 10, 15, 16, 17, 18],
    "psychological": [5, 6, 7, 11, 19, 26],
    "social": [20, 21, 22],
    "environment": [8, 9, 12, 13, 14, 23, 24, 25],
}
MANUAL_REVERSED = {3, 4, 26}
MANUAL_MAX_MISSING = {"physical": 2, "psychological": 2, "social": 1, "environment": 2}


def manual_whoqol(answers):
    """WHOQOL-BREF scored the way the WHO manual describes it, by hand: {domain: (4–20, 0–100)} or None."""
    values = {n: answers.get(f"q{n}") for n in range(1, 27)}
    values = {n: (6 - v if n in MANUAL_REVERSED and v is not None else v) for n, v in values.items()}
    if sum(v is None for v in values.values()) > 0.2 * 26:
        return None
    out = {}
    for domain, items in MANUAL_DOMAINS.items():
        given = [values[n] for n in items if values[n] is not None]
        if len(items) - len(given) > MANUAL_MAX_MISSING[domain]:
            continue
        # The manual replaces a missing item by the mean of the domain's other items: the mean stays the same.
        filled = [values[n] if values[n] is not None else mean(given) for n in items]
        raw = mean(filled) * 4
        out[domain] = (raw, (raw - 4) * 100 / 16)
    return out


WHOQOL = instruments.shipped()["whoqol-bref"]


def test_whoqol_bref_worked_example_all_threes_except_the_reversed_items():
    answers = {f"q{n}": 3 for n in range(1, 27)} | {"q3": 1, "q4": 1, "q26": 1}
    result = scoring.score(WHOQOL, answers)
    # Reversed 1 → 5: physical = (5+5+3+3+3+3+3)/7·4 = 14.857…; psychological = (3·5+5)/6·4 = 13.33…
    assert result.raw["physical"] == pytest.approx(25 / 7 * 4)
    assert result.raw["psychological"] == pytest.approx(20 / 6 * 4)
    assert result.raw["social"] == pytest.approx(12)
    assert result.transformed["social"] == pytest.approx(50)
    assert result.transformed["physical"] == pytest.approx((25 / 7 * 4 - 4) * 100 / 16)
    assert result.single == {"q1": 3, "q2": 3}  # overall quality of life and health, scored apart


def test_whoqol_bref_social_domain_allows_one_missing_item_not_two():
    answers = {f"q{n}": 4 for n in range(1, 27)}
    one = scoring.score(WHOQOL, answers | {"q20": None})
    assert one.raw["social"] == pytest.approx(16)
    two = scoring.score(WHOQOL, answers | {"q20": None, "q21": None})
    assert "social" not in two.raw and "physical" in two.raw


def test_whoqol_bref_with_more_than_20_percent_of_items_missing_is_discarded():
    answers = {f"q{n}": 4 for n in range(1, 27)}
    five = answers | {f"q{n}": None for n in (1, 8, 10, 20, 23)}  # 5 of 26 = 19 %: kept
    assert not scoring.score(WHOQOL, five).discarded
    six = five | {"q24": None}  # 6 of 26 = 23 %: discarded
    result = scoring.score(WHOQOL, six)
    assert result.discarded and result.raw == {}


def test_whoqol_bref_answer_outside_one_to_five_is_refused():
    with pytest.raises(ValueError):
        scoring.score(WHOQOL, {"q3": 6})


def test_whoqol_bref_matches_the_manual_on_random_answers_with_missing_items():
    rng = random.Random(26)
    compared = discarded = 0
    for _ in range(500):
        answers = {f"q{n}": (None if rng.random() < 0.12 else rng.randint(1, 5)) for n in range(1, 27)}
        expected = manual_whoqol(answers)
        result = scoring.score(WHOQOL, answers)
        if expected is None:
            assert result.discarded
            discarded += 1
            continue
        assert set(result.raw) == set(expected)
        for domain, (raw, transformed) in expected.items():
            assert result.raw[domain] == pytest.approx(raw)
            assert result.transformed[domain] == pytest.approx(transformed)
        compared += 1
    assert compared > 100 and discarded > 10  # both branches were exercised


def test_whoqol_bref_with_made_up_wording_is_scored_the_same(cast):
    wording = {f"q{n}": {"text_lt": f"Sugalvotas klausimas {n}", "text_en": f"Made-up item {n}"} for n in range(1, 27)}
    row = instruments.import_wording(org=cast.alfa, code="whoqol-bref", wording=wording, by=cast.ona)
    definition = instruments.for_org(cast.alfa)["whoqol-bref"]
    assert definition is not WHOQOL and definition["items"][2]["text_en"] == "Made-up item 3"
    assert definition["items"][2]["reverse"] is True
    answers = {f"q{n}": (n % 5) + 1 for n in range(1, 27)}
    assert scoring.score(definition, answers).raw == scoring.score(WHOQOL, answers).raw
    assert row.org == cast.alfa


def test_importing_wording_refuses_unknown_and_missing_items(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        instruments.import_wording(org=cast.alfa, code="whoqol-bref", wording={"q99": {"text_en": "x"}}, by=cast.ona)
    with pytest.raises(ValidationError):
        instruments.import_wording(org=cast.alfa, code="whoqol-bref", wording={"q1": {"text_en": "x"}}, by=cast.ona)


# ── Our eight-domain questionnaire and POS domain scores ──────────────────────────────────────────────────────

OURS = instruments.shipped()["kokybe-qol8"]
EIGHT = [
    "personal_development",
    "self_determination",
    "interpersonal_relations",
    "social_inclusion",
    "rights",
    "emotional_wellbeing",
    "physical_wellbeing",
    "material_wellbeing",
]


def test_our_questionnaire_has_the_eight_domains_two_items_each_in_both_languages_and_three_versions():
    assert [d["code"] for d in OURS["domains"]] == EIGHT
    for item in OURS["items"]:
        for key in ("text", "easy", "proxy"):
            assert item[f"{key}_lt"] and item[f"{key}_en"], (item["id"], key)
    assert [o["face"] for o in OURS["options"]] == ["sad", "neutral", "happy"]


def test_our_domain_score_is_the_mean_of_its_items_on_0_to_100():
    answers = {item["id"]: 3 for item in OURS["items"]} | {"pd1": 1, "pd2": 2}
    result = scoring.score(OURS, answers | {"ri1": 2, "ri2": None})
    # Personal development: mean 1.5 → (1.5 − 1) / 2 · 100 = 25; rights: one of two answered, 2 → 50.
    assert result.transformed["personal_development"] == pytest.approx(25)
    assert result.transformed["rights"] == pytest.approx(50)
    assert result.transformed["material_wellbeing"] == pytest.approx(100)


def test_our_domain_with_both_items_missing_has_no_score_and_too_many_gaps_discard_it_all():
    full = {item["id"]: 2 for item in OURS["items"]}
    result = scoring.score(OURS, full | {"ri1": None, "ri2": None})
    assert "rights" not in result.transformed and len(result.transformed) == 7
    five_missing = full | dict.fromkeys(("pd1", "sd1", "ir1", "si1", "ri1"))  # 5 of 16 > 25 %
    assert scoring.score(OURS, five_missing).discarded


def test_our_scores_match_an_independent_computation():
    rng = random.Random(8)
    for _ in range(300):
        answers = {item["id"]: (None if rng.random() < 0.1 else rng.randint(1, 3)) for item in OURS["items"]}
        result = scoring.score(OURS, answers)
        if sum(v is None for v in answers.values()) > 4:
            assert result.discarded
            continue
        for domain in OURS["domains"]:
            given = [answers[i] for i in domain["items"] if answers[i] is not None]
            if not given:
                assert domain["code"] not in result.transformed
            else:
                assert result.transformed[domain["code"]] == pytest.approx((mean(given) - 1) * 50)


def test_pos_domain_scores_are_entered_checked_and_transformed():
    pos = instruments.shipped()["pos"]
    assert pos["items"] == []  # no POS item is shipped
    result = scoring.score_domain_entries(pos, {"rights": 12, "social_inclusion": 18})
    assert result.raw == {"rights": 12, "social_inclusion": 18}
    assert result.transformed == {"rights": pytest.approx(50), "social_inclusion": pytest.approx(100)}
    with pytest.raises(ValueError):
        scoring.score_domain_entries(pos, {"rights": 19})


def test_mean_change_interval_by_hand():
    # Values 2, 4, 6, 8, 10: mean 6, SD √10, t(4) = 2.776 → half-width 2.776·√10/√5 = 3.926.
    mean_value, low, high = scoring.mean_with_interval([2, 4, 6, 8, 10])
    assert mean_value == 6 and low == pytest.approx(6 - 3.9259, abs=1e-3) and high == pytest.approx(9.9259, abs=1e-3)
    assert scoring.mean_with_interval([3]) is None


def test_the_wording_import_command(cast, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "whoqol.yaml"
    path.write_text("\n".join(f"q{n}: {{text_en: 'Made-up item {n}'}}" for n in range(1, 27)), encoding="utf-8")
    call_command("import_qol_wording", "alfa", "whoqol-bref", str(path))
    assert instruments.for_org(cast.alfa)["whoqol-bref"]["items"][0]["text_en"] == "Made-up item 1"
    path.write_text("q1: {text_en: 'only one'}", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_qol_wording", "alfa", "whoqol-bref", str(path))
