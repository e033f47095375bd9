"""Survey results computed from counts the database aggregates (docs/surveys.md, "Analysis").

The database does the heavy part: one GROUP BY (question, value, choice) → count over the campaign's answers, so a
page costs the same few queries for 10 or 100,000 responses. Everything else is arithmetic on those counts:

- mean = Σ c·v / n; sample variance s² = (Σ c·v² − n·mean²) / (n − 1); standard error s / √n.
- 95% confidence interval of the mean: mean ± t(0.975, n − 1) · s / √n. Student's t is used for every n (for large
  n it is the normal value 1.960 to three decimals anyway): exact table values for 1–30 degrees of freedom, and above
  that the Cornish–Fisher expansion of t in powers of 1/df (Abramowitz & Stegun 26.7.5), accurate to better than
  0.001 from df = 30 on. No interval for n < 2. On a scale the interval is cut at the scale's ends, where a mean can
  never lie.
- top-2-box: share of answers in the two best points of a 5- or 7-point scale, the best point of a 3-point scale.
- recommendation score (NPS): % of 9–10 answers minus % of 0–6 answers, from −100 to +100.
- a rating mean is also shown on a 1–5 scale (linear: 1 + (mean − 1) · 4 / (points − 1)) so that one threshold
  serves 3-, 5- and 7-point questions.
"""

import hashlib
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max, Min, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from . import figures
from .models import RESPONDENT_FIELDS, Answer, Campaign, Channel, QuestionType, Response

# Student's t, two-sided 95% (the 0.975 quantile), for 1–30 degrees of freedom.
T_975 = {
    1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646, 8: 2.3060, 9: 2.2622,
    10: 2.2281, 11: 2.2010, 12: 2.1788, 13: 2.1604, 14: 2.1448, 15: 2.1314, 16: 2.1199, 17: 2.1098, 18: 2.1009,
    19: 2.0930, 20: 2.0860, 21: 2.0796, 22: 2.0739, 23: 2.0687, 24: 2.0639, 25: 2.0595, 26: 2.0555, 27: 2.0518,
    28: 2.0484, 29: 2.0452, 30: 2.0423,
}  # fmt: skip
Z_975 = 1.959963984540054
TEXT_SAMPLE = 20  # free-text answers shown per question on the results page; the rest are a click away


def t_critical(df):
    """The 0.975 quantile of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("t needs at least one degree of freedom")
    if df in T_975:
        return T_975[df]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def moments(counts):
    """(n, mean, sample standard deviation) of a distribution given as {value: count}."""
    n = sum(counts.values())
    if not n:
        return 0, None, None
    mean = sum(v * c for v, c in counts.items()) / n
    if n < 2:
        return n, mean, None
    # Centred sum of squares: no cancellation, unlike Σv² − n·mean².
    ss = sum(c * (v - mean) ** 2 for v, c in counts.items())
    return n, mean, math.sqrt(ss / (n - 1))


def moments_from_sums(n, total, total_sq):
    if not n:
        return 0, None, None
    mean = total / n
    if n < 2:
        return n, mean, None
    variance = max(total_sq - n * mean * mean, 0.0) / (n - 1)
    return n, mean, math.sqrt(variance)


def confidence_interval(n, mean, sd, bounds=None):
    """mean ± t · s / √n, cut to the scale's ends when given: a mean of 1–5 answers cannot lie past 5, however few
    answers a small group gave (the interval is only widest there)."""
    if n is None or n < 2 or sd is None:
        return None
    half = t_critical(n - 1) * sd / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return low, high


def pct(part, whole):
    return 100.0 * part / whole if whole else None


@dataclass
class Bucket:
    key: object
    label: str
    count: int
    pct: float | None


@dataclass
class QuestionResult:
    question: object
    n: int = 0
    buckets: list = field(default_factory=list)
    mean: float | None = None
    sd: float | None = None
    ci: tuple | None = None
    top2: float | None = None
    nps: float | None = None
    yes_pct: float | None = None
    respondents: int | None = None  # multiple choice: how many people ticked at least one option
    minimum: float | None = None
    maximum: float | None = None
    texts: list = field(default_factory=list)
    weak: bool = False
    weak_reasons: list = field(default_factory=list)

    @property
    def mean5(self):
        q = self.question
        if self.mean is None or q.type != QuestionType.LIKERT:
            return None
        return 1 + (self.mean - 1) * 4 / (q.scale_points - 1)

    def describe(self):
        """One line of the figures, for an improvement action's description or a report."""
        parts = [_("answers: %(n)s") % {"n": self.n}]
        if self.mean is not None:
            parts.append(_("mean %(mean)s") % {"mean": figures.number(self.mean, 2)})
        if self.ci:
            low, high = (figures.number(v, 2) for v in self.ci)
            parts.append(_("95%% CI %(low)s–%(high)s") % {"low": low, "high": high})
        if self.top2 is not None:
            parts.append(_("top-2-box %(pct)s") % {"pct": figures.percent(self.top2)})
        if self.nps is not None:
            parts.append(_("recommendation score %(nps)s") % {"nps": figures.signed(self.nps)})
        if self.yes_pct is not None:
            parts.append(_("yes %(pct)s") % {"pct": figures.percent(self.yes_pct)})
        return "; ".join(parts)


# ── Queries: a fixed number per page, whatever the number of answers ──────────────────────────────────────────


def answer_counts(campaign_ids, questions, by_campaign=False):
    """{(campaign_id or None, question_id): {value-or-choice: count}} for every question but numbers.

    A text question's answers come back as one (None, "") key: their count."""
    ids = [q.pk for q in questions if q.type != QuestionType.NUMBER]
    if not ids:
        return {}
    fields = ["question_id", "value", "choice"]
    if by_campaign:
        fields.insert(0, "campaign_id")
    rows = (
        Answer.objects.filter(campaign_id__in=campaign_ids, question_id__in=ids)
        .values(*fields)
        .annotate(n=Count("*"))
        .order_by()
    )
    out = {}
    for row in rows:
        key = (row.get("campaign_id"), row["question_id"])
        bucket = row["choice"] if row["choice"] else row["value"]
        out.setdefault(key, {})
        out[key][bucket] = out[key].get(bucket, 0) + row["n"]
    return out


def number_sums(campaign_ids, questions, by_campaign=False):
    ids = [q.pk for q in questions if q.type == QuestionType.NUMBER]
    if not ids:
        return {}
    fields = ["campaign_id", "question_id"] if by_campaign else ["question_id"]
    rows = (
        Answer.objects.filter(campaign_id__in=campaign_ids, question_id__in=ids, value__isnull=False)
        .values(*fields)
        .annotate(n=Count("value"), s=Sum("value"), ss=Sum(F("value") * F("value")), lo=Min("value"), hi=Max("value"))
        .order_by()
    )
    return {(r.get("campaign_id"), r["question_id"]): r for r in rows}


def multiple_respondents(campaign_ids, questions, by_campaign=False):
    ids = [q.pk for q in questions if q.type == QuestionType.MULTIPLE]
    if not ids:
        return {}
    fields = ["campaign_id", "question_id"] if by_campaign else ["question_id"]
    rows = (
        Answer.objects.filter(campaign_id__in=campaign_ids, question_id__in=ids)
        .values(*fields)
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    return {(r.get("campaign_id"), r["question_id"]): r["n"] for r in rows}


def text_samples(campaign, questions, limit=TEXT_SAMPLE):
    """Up to `limit` free-text answers per text question, in one query.

    Ordered by their text, never by when they came: in an anonymous survey the order must not hint at who wrote
    what (e.g. the last answer arriving right after a known person was reminded)."""
    ids = [q.pk for q in questions if q.type == QuestionType.TEXT]
    if not ids:
        return {}
    order = ["text"] if campaign.anonymous else ["response__submitted_on", "response_id"]
    rows = (
        Answer.objects.filter(campaign=campaign, question_id__in=ids)
        .exclude(text="")
        .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F(o).asc() for o in order]))
        .filter(rank__lte=limit)
        .values_list("question_id", "text")
        .order_by("question_id", *order)
    )
    out = {}
    for question_id, text in rows:
        out.setdefault(question_id, []).append(text)
    return out


def response_totals(campaign_ids):
    """(total, {channel: count}) of responses."""
    rows = Response.objects.filter(campaign_id__in=campaign_ids).values("channel").annotate(n=Count("*")).order_by()
    by_channel = {r["channel"]: r["n"] for r in rows}
    return sum(by_channel.values()), by_channel


# ── Arithmetic on counts ──────────────────────────────────────────────────────────────────────────────────────


def question_result(question, counts, *, sums=None, respondents=None, thresholds=None, min_n=1):
    """The figures of one question from its counts ({value or choice code: count})."""
    counts = counts or {}
    result = QuestionResult(question=question)
    kind = question.type
    if kind == QuestionType.NUMBER:
        if sums:
            result.n, result.mean, result.sd = moments_from_sums(sums["n"], sums["s"], sums["ss"])
            result.minimum, result.maximum = sums["lo"], sums["hi"]
            result.ci = confidence_interval(result.n, result.mean, result.sd)
        return result
    if kind == QuestionType.TEXT:
        result.n = sum(counts.values())
        return result
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        known = [code for code, _label in question.choice_options()]
        total = sum(counts.values())
        base = respondents if kind == QuestionType.MULTIPLE else total
        result.n = total if kind == QuestionType.SINGLE else (respondents or 0)
        result.respondents = respondents
        for code, label in question.choice_options():
            result.buckets.append(Bucket(code, label, counts.get(code, 0), pct(counts.get(code, 0), base)))
        for code in sorted(set(counts) - set(known), key=str):
            result.buckets.append(Bucket(code, str(code), counts[code], pct(counts[code], base)))
        return result
    numeric = {float(k): c for k, c in counts.items() if isinstance(k, (int, float))}
    result.n, result.mean, result.sd = moments(numeric)
    scale = question.scale_values()
    bounds = (min(scale), max(scale)) if scale else None
    result.ci = confidence_interval(result.n, result.mean, result.sd, bounds)
    for value in scale:
        c = numeric.get(float(value), 0)
        result.buckets.append(Bucket(value, question.value_label(value), c, pct(c, result.n)))
    if kind == QuestionType.LIKERT:
        top = question.top_box_values()
        result.top2 = pct(sum(c for v, c in numeric.items() if int(v) in top), result.n)
    elif kind == QuestionType.RECOMMEND:
        promoters = sum(c for v, c in numeric.items() if v >= 9)
        detractors = sum(c for v, c in numeric.items() if v <= 6)
        result.nps = (pct(promoters, result.n) - pct(detractors, result.n)) if result.n else None
    elif kind == QuestionType.YES_NO:
        result.yes_pct = pct(numeric.get(1.0, 0), result.n)
        result.mean = result.sd = result.ci = None
    if thresholds is not None and result.n >= min_n:
        _judge(result, thresholds)
    return result


def _judge(result, campaign):
    reasons = []
    if result.top2 is not None and result.top2 < campaign.weak_top2_below:
        reasons.append(
            _("top-2-box %(value)s is below %(limit)s")
            % {"value": figures.percent(result.top2), "limit": figures.percent(campaign.weak_top2_below)}
        )
    if result.mean5 is not None and result.mean5 < float(campaign.weak_mean_below):
        reasons.append(
            _("mean %(value)s (on a 1–5 scale) is below %(limit)s")
            % {"value": figures.number(result.mean5, 2), "limit": figures.number(campaign.weak_mean_below, 2)}
        )
    if result.nps is not None and result.nps < campaign.weak_nps_below:
        reasons.append(
            _("recommendation score %(value)s is below %(limit)s")
            % {"value": figures.signed(result.nps), "limit": figures.signed(campaign.weak_nps_below)}
        )
    result.weak, result.weak_reasons = bool(reasons), reasons


def load_questions(version_ids):
    """Questions (with their section and condition) of the given versions, in form order: one query."""
    from .models import Question

    return list(
        Question.objects.filter(version_id__in=version_ids)
        .select_related("section", "show_if")
        .order_by("version_id", "order")
    )


def too_few_to_show(campaign, responses):
    """An anonymous survey answered by fewer people than its smallest group shown has no figures at all, not only
    no breakdowns: with one respondent, "the" results are that person's answers."""
    return campaign.anonymous and responses < campaign.min_group_size


def withheld_message(campaign, responses):
    return _(
        "n < %(n)s: too few answers to show. Fewer than %(n)s people have answered this anonymous survey "
        "(%(count)s so far), so no results are shown, or someone could be recognised by their answers. They appear "
        "once %(n)s have answered."
    ) % {"n": campaign.min_group_size, "count": responses}


@dataclass
class CampaignResults:
    campaign: object
    questions: list
    results: list
    responses: int
    by_channel: dict
    invited: int
    texts: dict
    # True when too_few_to_show(): results and texts are empty, and every page and export says why.
    withheld: bool = False

    @property
    def withheld_message(self):
        return withheld_message(self.campaign, self.responses) if self.withheld else ""

    @property
    def denominator(self):
        return self.campaign.served_count or self.invited or None

    @property
    def response_rate(self):
        return pct(self.responses, self.denominator) if self.denominator else None

    @property
    def weak(self):
        return [r for r in self.results if r.weak]

    def channels(self):
        """[(label, count)] of the channels answers came through, in a fixed order."""
        return [(label, self.by_channel[key]) for key, label in Channel.choices if self.by_channel.get(key)]

    def sections(self):
        """[(section, [results])] in form order."""
        out = []
        for result in self.results:
            section = result.question.section
            if not out or out[-1][0].pk != section.pk:
                out.append((section, []))
            out[-1][1].append(result)
        return out


def campaign_results(campaign, *, with_texts=True):
    """Everything the results page shows, in a fixed number of queries. Every page and export of a campaign's
    figures reads them here, so an anonymous survey below its minimum group size shows none anywhere."""
    questions = load_questions([campaign.version_id])
    total, by_channel = response_totals([campaign.pk])
    invited = campaign.invitations.count()
    if too_few_to_show(campaign, total):
        return CampaignResults(campaign, questions, [], total, {}, invited, {}, withheld=True)
    counts = answer_counts([campaign.pk], questions)
    sums = number_sums([campaign.pk], questions)
    multi = multiple_respondents([campaign.pk], questions)
    results = [
        question_result(
            q,
            counts.get((None, q.pk)),
            sums=sums.get((None, q.pk)),
            respondents=multi.get((None, q.pk)),
            thresholds=campaign,
            min_n=campaign.min_group_size,
        )
        for q in questions
    ]
    texts = text_samples(campaign, questions) if with_texts else {}
    for result in results:
        result.texts = texts.get(result.question.pk, [])
    return CampaignResults(campaign, questions, results, total, by_channel, invited, texts)


# ── Breakdowns with small groups suppressed ───────────────────────────────────────────────────────────────────

# What a breakdown groups by: the respondent fields an Answer copies from its Response (and the Response's own).
BREAKDOWNS = {"service": "service_id", "unit": "unit_id", "group": "group", "channel": "channel"}


@dataclass
class Group:
    key: object
    label: str
    respondents: int
    shown: bool
    results: dict = field(default_factory=dict)  # question id → QuestionResult


def suppress(sizes, minimum):
    """The group keys that may be shown: each with at least `minimum` respondents — and when exactly one non-empty
    group falls below it, the next smallest is hidden too, or the hidden one could be worked out from the total."""
    shown = {k for k, n in sizes.items() if n >= minimum}
    hidden = [k for k, n in sizes.items() if k not in shown and n > 0]
    if len(hidden) == 1 and shown:
        shown.discard(min(shown, key=lambda k: (sizes[k], str(k))))
    return shown


def group_sizes(campaign, by):
    """{group key: number of responses} — respondents, not answers: what the minimum group size is about."""
    name = BREAKDOWNS[by]
    rows = Response.objects.filter(campaign=campaign).values(name).annotate(n=Count("*")).order_by()
    return {r[name]: r["n"] for r in rows}


def group_counts(campaign, by, questions, keys):
    """{(group key, question id): {value: count}} of the given groups, from the answers' copies of the respondent
    fields: one GROUP BY over the answer_counts index, no join.

    SQLite has no hash aggregate: a GROUP BY that is not in an index's order sorts every answer first. So there it
    groups by the index's columns up to the one asked for (by unit: question, value, choice, service, unit), which
    reads the rows in index order, and the few extra rows (the services within a unit) are summed here. PostgreSQL
    hashes, and fewer grouping columns cost it less."""
    name = BREAKDOWNS[by]
    if connection.vendor == "sqlite":
        columns = ("choice", *RESPONDENT_FIELDS[: RESPONDENT_FIELDS.index(name) + 1])
    else:
        columns = (name,)
    rows = (
        Answer.objects.filter(campaign=campaign, question_id__in=[q.pk for q in questions])
        .values("question_id", "value", *columns)
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {}
    for row in rows:
        if row[name] in keys:
            dist = counts.setdefault((row[name], row["question_id"]), {})
            dist[row["value"]] = dist.get(row["value"], 0) + row["n"]
    return counts


def breakdown(campaign, by, questions, labels):
    """Per-group results of the scale and yes/no questions; groups under campaign.min_group_size are not computed."""
    sizes = group_sizes(campaign, by)
    shown = suppress(sizes, campaign.min_group_size)
    scale = [q for q in questions if q.type in (QuestionType.LIKERT, QuestionType.RECOMMEND, QuestionType.YES_NO)]
    counts = group_counts(campaign, by, scale, shown) if shown and scale else {}
    groups = []
    for key, n in sorted(sizes.items(), key=lambda kv: (kv[0] is None or kv[0] == "", str(labels.get(kv[0], kv[0])))):
        group = Group(key, labels.get(key) or _("Not given"), n, key in shown)
        if group.shown:
            group.results = {q.pk: question_result(q, counts.get((key, q.pk))) for q in scale}
        groups.append(group)
    return groups, scale


# ── Across campaigns: year on year, and an impact study's organisations ───────────────────────────────────────


def comparable_campaigns(campaign):
    """The organisation's campaigns of the same questionnaire (any version), oldest first. Matched by the
    questionnaire's code: the organisation's own copy of a shipped questionnaire (the builder's "new version from
    this one") keeps the code, so its surveys continue the shipped one's series."""
    return list(
        Campaign.objects.for_org(campaign.org)
        .filter(version__instrument__code=campaign.version.instrument.code)
        .select_related("version")
        .order_by("starts_on", "pk")
    )


def trend(campaigns):
    """{question code: [(campaign, QuestionResult or None)]} of rating, recommendation and yes/no questions, matched
    by code across versions; one query for all campaigns."""
    questions = load_questions({c.version_id for c in campaigns})
    scale = [q for q in questions if q.type in (QuestionType.LIKERT, QuestionType.RECOMMEND, QuestionType.YES_NO)]
    totals = {
        r["campaign_id"]: r["n"]
        for r in Response.objects.filter(campaign__in=campaigns).values("campaign_id").annotate(n=Count("*")).order_by()
    }
    shown = [c for c in campaigns if not too_few_to_show(c, totals.get(c.pk, 0))]
    counts = answer_counts([c.pk for c in shown], scale, by_campaign=True) if shown else {}
    by_version = {}
    for q in scale:
        by_version.setdefault(q.version_id, {})[q.code] = q
    newest = max(campaigns, key=lambda c: (c.starts_on, c.pk))
    order = [q for q in scale if q.version_id == newest.version_id]
    rows = {}
    for code in [q.code for q in order]:
        rows[code] = []
        for campaign in campaigns:
            q = by_version.get(campaign.version_id, {}).get(code)
            c = counts.get((campaign.pk, q.pk)) if q else None
            rows[code].append((campaign, question_result(q, c) if c else None))
    return order, rows


# A spread across organisations is a programme aggregate: never about fewer organisations than this.
SPREAD_MIN_ORGS = 5


@dataclass
class Spread:
    """How one question's figure varies across an impact study's shown organisations (no organisation named)."""

    orgs: int
    low: float
    median: float
    high: float
    kind: str  # the question type: the figure is a mean, a recommendation score or a share of "yes"


def headline(question, dist):
    """The one figure a results cell leads with — rating mean, recommendation score or share of "yes" — straight from
    the counts: a study of 1,000 organisations needs it 15,000 times, and question_result() does far more."""
    n = total = promoters = detractors = 0
    for value, count in dist.items():
        if not isinstance(value, (int, float)):
            continue
        n += count
        total += value * count
        if value >= 9:
            promoters += count
        elif value <= 6:
            detractors += count
    if not n:
        return None
    if question.type == QuestionType.RECOMMEND:
        return 100.0 * (promoters - detractors) / n
    if question.type == QuestionType.YES_NO:
        return 100.0 * dist.get(1, 0) / n
    return total / n


def _median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


# How long a pooled study's figures stay in the cache: they are keyed by the response count of every campaign they
# pool, so a new answer anywhere makes a new key at once; this only bounds how long an unused key stays.
POOL_CACHE_SECONDS = 24 * 3600


def _pool(ids, sizes, questions, scale):
    """(pool, pool sums, {question id: (organisations, lowest, median, highest)}) over the campaigns `ids`: every answer of hundreds of
    organisations counted (half a second at 1,000 organisations on PostgreSQL, and most of it merging their counts
    here). Kept in the cache under the campaigns and their response counts: responses are only ever added, each
    with its answers in one transaction, so the same counts mean the same answers, and the figures are counted
    again as soon as one more arrives."""
    if not ids:
        return {}, {}, {}
    key = "surveys:pool:" + hashlib.sha256(repr(sorted((pk, sizes[pk]) for pk in ids)).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    pool, pool_sums, figures_by_question = {}, {}, {}
    for (_campaign_id, question_id), dist in answer_counts(ids, questions, by_campaign=True).items():
        merged = pool.setdefault(question_id, {})
        for k, v in dist.items():
            merged[k] = merged.get(k, 0) + v
        if question_id in scale:
            value = headline(scale[question_id], dist)
            if value is not None:
                figures_by_question.setdefault(question_id, []).append(value)
    for (_campaign_id, question_id), row in number_sums(ids, questions, by_campaign=True).items():
        agg = pool_sums.setdefault(question_id, {"n": 0, "s": 0.0, "ss": 0.0, "lo": None, "hi": None})
        agg["n"] += row["n"]
        agg["s"] += row["s"] or 0
        agg["ss"] += row["ss"] or 0
        agg["lo"] = row["lo"] if agg["lo"] is None else min(agg["lo"], row["lo"])
        agg["hi"] = row["hi"] if agg["hi"] is None else max(agg["hi"], row["hi"])
    # Of each question's figures across organisations only their number, lowest, median and highest are shown.
    spread = {qid: (len(v), min(v), _median(v), max(v)) for qid, v in figures_by_question.items()}
    cache.set(key, (pool, pool_sums, spread), POOL_CACHE_SECONDS)
    return pool, pool_sums, spread


def pooled(campaigns, minimum, detail=None):
    """An impact study's results: pooled over the organisations shown, and how each question's figure spreads across
    them — an organisation with fewer than `minimum` responses is left out of both (so the pool cannot be used to work
    it out). Full per-organisation results are computed for `detail` (a campaign id) only: one organisation at a time
    is what a reader compares with the pool, and 1,000 columns are not a table anyone reads."""
    totals = {
        r["campaign_id"]: r["n"]
        for r in Response.objects.filter(campaign__in=campaigns).values("campaign_id").annotate(n=Count("*")).order_by()
    }
    sizes = {c.pk: totals.get(c.pk, 0) for c in campaigns}
    shown = suppress(sizes, minimum)
    version_ids = {c.version_id for c in campaigns}
    questions = load_questions(version_ids)
    ids = [c.pk for c in campaigns if c.pk in shown]
    scale = {q.pk: q for q in questions if q.type in (QuestionType.LIKERT, QuestionType.RECOMMEND, QuestionType.YES_NO)}
    pool, pool_sums, spread = _pool(ids, sizes, questions, scale)
    per_org = {}
    if detail in shown:
        per_org = {question_id: dist for (_all, question_id), dist in answer_counts([detail], questions).items()}
    pooled_results = [question_result(q, pool.get(q.pk), sums=pool_sums.get(q.pk)) for q in questions]
    spreads = {
        qid: Spread(n, low, median, high, scale[qid].type)
        for qid, (n, low, median, high) in spread.items()
        if n >= SPREAD_MIN_ORGS
    }
    orgs = []
    for campaign in campaigns:
        shown_here = campaign.pk in shown
        results = {}
        if shown_here and campaign.pk == detail:
            results = {q.pk: question_result(q, per_org.get(q.pk)) for q in questions}
        orgs.append(Group(campaign, str(campaign.org), sizes[campaign.pk], shown_here, results))
    return questions, pooled_results, orgs, sum(sizes[c] for c in shown), spreads
