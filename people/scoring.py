"""The arithmetic of person-centred outcomes, free of Django: Goal Attainment Scaling and the scoring of a
data-defined quality-of-life instrument (ours, WHOQOL-BREF's structure, POS domain scores).

Goal Attainment Scaling (Kiresuk & Sherman 1968): each goal i reaches a level x_i in −2…+2 (0 = the expected
outcome) and has a weight w_i;

    T = 50 + 10 · Σ w_i x_i / √((1 − ρ) · Σ w_i² + ρ · (Σ w_i)²),   ρ = 0.3

so every goal at its expected level gives 50, and T is a standard score (mean 50, SD 10) whatever the number of
goals.

An instrument's definition (people/instruments.py) says how its answers become domain scores:
- `scale: [low, high]` — the answers' range; `reverse: true` on an item scores it as low + high − x;
- each domain lists its items and `max_missing`: with more missing the domain has no score; with fewer, the
  missing answers are replaced by the mean of the domain's answered items (which leaves the mean unchanged);
- `discard_missing_share`: with a larger share of all the items missing, the measurement has no scores at all;
- `multiplier`: the raw domain score is the item mean × multiplier (WHOQOL-BREF: 4, giving 4–20);
- every raw domain score is also transformed to 0–100: (raw − low·m) / ((high − low)·m) · 100;
- items with no domain (WHOQOL-BREF's Q1 and Q2) are reported apart, as answered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

GAS_RHO = 0.3
GAS_FORMULA = "T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²), ρ = 0.3"


def gas_t_score(levels: Iterable[tuple[int, float]], rho: float = GAS_RHO) -> float | None:
    """The Kiresuk–Sherman T-score of (level, weight) pairs; None without goals."""
    pairs = [(int(x), float(w)) for x, w in levels]
    if not pairs:
        return None
    for x, w in pairs:
        if x not in (-2, -1, 0, 1, 2):
            raise ValueError(f"A GAS level is −2…+2, not {x}.")
        if w <= 0:
            raise ValueError("A goal's weight must be positive.")
    weighted = sum(w * x for x, w in pairs)
    squares = sum(w * w for _, w in pairs)
    total = sum(w for _, w in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * squares + rho * total * total)


@dataclass
class Scores:
    """What one set of answers gives: per domain the raw score and its 0–100 transformation (domains without a
    score left out), the unscored items as answered, and whether the measurement was discarded."""

    raw: dict[str, float] = field(default_factory=dict)
    transformed: dict[str, float] = field(default_factory=dict)
    single: dict[str, float] = field(default_factory=dict)
    discarded: bool = False
    missing: int = 0


def _answer(value, low, high):
    if value is None or value == "":
        return None
    number = float(value)
    if not low <= number <= high:
        raise ValueError(f"An answer is {low}–{high}, not {value}.")
    return number


def score(definition: Mapping, answers: Mapping[str, object]) -> Scores:
    """Domain scores of `answers` ({item id: value or None}) by the instrument `definition`."""
    low, high = definition["scale"]
    multiplier = float(definition.get("multiplier", 1))
    items = {item["id"]: item for item in definition["items"]}
    values = {}
    for item_id, item in items.items():
        value = _answer(answers.get(item_id), low, high)
        if value is not None and item.get("reverse"):
            value = low + high - value
        values[item_id] = value
    result = Scores()
    scored = [item_id for domain in definition["domains"] for item_id in domain["items"]]
    result.missing = sum(1 for value in values.values() if value is None)
    for item_id in items:
        if values[item_id] is not None and item_id not in scored:
            result.single[item_id] = values[item_id]
    share = definition.get("discard_missing_share")
    if share is not None and items and result.missing / len(items) > share:
        result.discarded = True
        return result
    for domain in definition["domains"]:
        answered = [values[i] for i in domain["items"] if values[i] is not None]
        if not answered or len(domain["items"]) - len(answered) > domain.get("max_missing", 0):
            continue
        raw = sum(answered) / len(answered) * multiplier
        result.raw[domain["code"]] = raw
        result.transformed[domain["code"]] = (raw - low * multiplier) / ((high - low) * multiplier) * 100
    return result


def score_domain_entries(definition: Mapping, entered: Mapping[str, object]) -> Scores:
    """Domain scores entered as they were computed elsewhere (POS: a licensed interviewer's raw domain scores),
    checked against each domain's `range` and transformed to 0–100 the same way."""
    result = Scores()
    for domain in definition["domains"]:
        value = entered.get(domain["code"])
        if value is None or value == "":
            continue
        low, high = domain["range"]
        number = float(value)
        if not low <= number <= high:
            raise ValueError(f"A score of this domain is {low}–{high}, not {value}.")
        result.raw[domain["code"]] = number
        result.transformed[domain["code"]] = (number - low) / (high - low) * 100
    return result


# ── Roll-up statistics ───────────────────────────────────────────────────────────────────────────────────────────

# Two-sided 97.5 % quantiles of Student's t for small samples (df 1…30); beyond, the normal 1.96 is close enough.
_T975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def mean_with_interval(values: list[float]) -> tuple[float, float, float] | None:
    """(mean, low, high): the mean and its 95 % confidence interval by Student's t; None for fewer than 2 values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    t = _T975[n - 2] if n - 1 <= len(_T975) else 1.96
    half = t * sd / math.sqrt(n)
    return mean, mean - half, mean + half
