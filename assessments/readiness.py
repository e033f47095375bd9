"""Readiness: how close a self-assessment is to passing, by the framework version's own scoring rule.

Plain functions over plain values, so the assessment page, the dashboard, the reports and the benchmark share one
computation, and tests can check the arithmetic on hand-made data. The rule is data (FrameworkVersion.scoring):

- every rating has a score; a rating without one (null) means "not applicable" and leaves the indicator out;
- method "share" (the default): a principle's readiness is the sum of its scores ÷ (its applicable rated
  indicators × the top score); overall it is the weighted sum of scores ÷ the weighted maximum, with weights by
  principle code (default 1) — with equal weights simply all scores ÷ all applicable rated indicators;
- method "points": the weighted sum of scores itself (Excellence-style points), compared with the threshold;
- pass: the overall value reaches pass_threshold and, when mandatory_must_be_met, every mandatory indicator has the
  top rating or is not applicable (an unrated mandatory indicator is not met yet).
"""

from dataclasses import dataclass, field

MET, PARTLY, NOT_MET, NA, UNRATED = "met", "partly", "not_met", "na", "unrated"
BUCKETS = (MET, PARTLY, NOT_MET, NA, UNRATED)
GAPS = (NOT_MET, PARTLY)


def _scored(scoring):
    return [r for r in scoring.get("ratings", []) if r.get("score") is not None]


def rating_buckets(scoring):
    """{rating code: bucket}. The top score is "met", the lowest "not met", anything between "partly met";
    no score is "not applicable". Codes and scores are the version's, so a 0–3 scale works as well as met/not met."""
    scores = [float(r["score"]) for r in _scored(scoring)]
    top, bottom = (max(scores), min(scores)) if scores else (None, None)
    out = {}
    for rating in scoring.get("ratings", []):
        score = rating.get("score")
        if score is None:
            out[rating["code"]] = NA
        elif float(score) == top:
            out[rating["code"]] = MET
        elif float(score) == bottom:
            out[rating["code"]] = NOT_MET
        else:
            out[rating["code"]] = PARTLY
    return out


def codes_in(scoring, buckets):
    """The rating codes that fall in the given buckets (e.g. GAPS), for filtering answers in the database."""
    return [code for code, bucket in rating_buckets(scoring).items() if bucket in buckets]


@dataclass
class Counts:
    met: int = 0
    partly: int = 0
    not_met: int = 0
    na: int = 0
    unrated: int = 0

    def add(self, bucket):
        setattr(self, bucket, getattr(self, bucket) + 1)

    @property
    def total(self):
        return self.met + self.partly + self.not_met + self.na + self.unrated

    @property
    def rated(self):
        return self.total - self.unrated

    def as_dict(self):
        return {bucket: getattr(self, bucket) for bucket in BUCKETS}


@dataclass
class PrincipleReadiness:
    pk: int
    code: str
    name: str
    weight: float = 1.0
    counts: Counts = field(default_factory=Counts)
    score: float = 0.0  # sum of the scores of its applicable rated indicators
    maximum: float = 0.0  # those indicators × the top score
    mandatory_open: int = 0  # mandatory indicators not (yet) met

    @property
    def share(self):
        """0–1, or None while nothing applicable is rated."""
        return self.score / self.maximum if self.maximum else None

    @property
    def percent(self):
        return None if self.share is None else round(self.share * 100)


@dataclass
class Readiness:
    method: str
    threshold: float | None
    mandatory_rule: bool
    principles: list
    counts: Counts
    score: float  # weighted sum of scores
    maximum: float  # weighted maximum
    mandatory_open: int

    @property
    def value(self):
        """The number the threshold is compared with: a 0–1 share, or points."""
        if self.method == "points":
            return self.score
        return self.score / self.maximum if self.maximum else None

    @property
    def percent(self):
        if self.method == "points" or self.value is None:
            return None
        return round(self.value * 100)

    @property
    def threshold_percent(self):
        if self.method == "points" or self.threshold is None:
            return None
        return round(self.threshold * 100)

    @property
    def meets_threshold(self):
        if self.threshold is None:
            return True
        return self.value is not None and self.value >= self.threshold - 1e-9

    @property
    def mandatory_ok(self):
        return not self.mandatory_rule or self.mandatory_open == 0

    @property
    def passes(self):
        return self.counts.rated > 0 and self.meets_threshold and self.mandatory_ok

    @property
    def complete(self):
        return self.counts.unrated == 0


def compute(scoring, principles, rows):
    """Readiness of one assessment.

    `principles`: the version's principles in display order (objects with pk, code and name);
    `rows`: (principle pk, mandatory, rating code or "") for every indicator of the assessment.
    """
    buckets = rating_buckets(scoring)
    scores = {r["code"]: float(r["score"]) for r in _scored(scoring)}
    top = max(scores.values(), default=0.0)
    weights = scoring.get("weights") or {}
    by_pk = {}
    for p in principles:
        by_pk[p.pk] = PrincipleReadiness(pk=p.pk, code=p.code, name=p.name, weight=float(weights.get(p.code, 1)))
    overall = Counts()
    mandatory_open = 0
    for principle_pk, mandatory, rating in rows:
        target = by_pk[principle_pk]
        bucket = buckets.get(rating, UNRATED)
        target.counts.add(bucket)
        overall.add(bucket)
        if bucket in (MET, PARTLY, NOT_MET):
            target.score += scores[rating]
            target.maximum += top
        if mandatory and bucket not in (MET, NA):
            target.mandatory_open += 1
            mandatory_open += 1
    items = list(by_pk.values())
    threshold = scoring.get("pass_threshold")
    return Readiness(
        method=scoring.get("method", "share"),
        threshold=None if threshold is None else float(threshold),
        mandatory_rule=bool(scoring.get("mandatory_must_be_met")),
        principles=items,
        counts=overall,
        score=sum(p.weight * p.score for p in items),
        maximum=sum(p.weight * p.maximum for p in items),
        mandatory_open=mandatory_open,
    )
