"""What the assessment pages and reports show, fetched in a fixed number of queries however many indicators a
version has: answers with their indicator tree, evidence, comment counts, gap actions and open actions."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import OPEN_STATUSES, ImprovementAction
from frameworks.tree import by_principle
from kokybe import surfaces

from .chart import radar
from .models import EVIDENCE_SHOWN, AnswerComment, EvidenceItem, IndicatorAnswer, members_in
from .readiness import GAPS, MET, NA, NOT_MET, PARTLY, UNRATED, codes_in
from .services import gap_actions

BADGES = {MET: "badge-ok", PARTLY: "badge-warn", NOT_MET: "badge-bad", NA: "", UNRATED: ""}
MERGE_FIELDS = [
    ("rating", gettext_lazy("Rating")),
    ("reason", gettext_lazy("Reason")),
    ("narrative", gettext_lazy("How we meet it")),
    ("responsible", gettext_lazy("Responsible person")),
    ("target_date", gettext_lazy("Target date")),
]


# Long texts the indicator lists never show (the indicator's own page reads them).
UNSHOWN = (
    "indicator__text_lt",
    "indicator__text_en",
    "indicator__criterion__text_lt",
    "indicator__criterion__text_en",
    "indicator__criterion__principle__description_lt",
    "indicator__criterion__principle__description_en",
)


def answers_of(assessment):
    # People's names come from one small query in decorate(): joining two user rows to every answer cost more.
    return (
        IndicatorAnswer.objects.for_org(assessment.org_id)
        .filter(assessment=assessment)
        .select_related("indicator__criterion__principle")
        .defer(*UNSHOWN)
        .in_order()
    )


def evidence_by_answer(assessment, answers=None):
    """{answer pk: [evidence items]} in one query (for the whole cycle, or the few `answers` given); an item
    shared by several indicators is one object (a prefetch would build a related manager and a copy per answer)."""
    links = EvidenceItem.answers.through.objects.filter(indicatoranswer__assessment=assessment)
    if answers is not None:
        links = links.filter(indicatoranswer__in=[a.pk for a in answers])
    items = {}
    out = {}
    shown = ["evidenceitem__" + path for path in EVIDENCE_SHOWN]
    for link in links.select_related(*shown).order_by("evidenceitem__title", "evidenceitem_id"):
        item = items.setdefault(link.evidenceitem_id, link.evidenceitem)
        out.setdefault(link.indicatoranswer_id, []).append(item)
    return out


def evidence_offers(org, answer):
    """What the rest of Kokybė already holds that proves this indicator and is not linked to it yet, from the apps
    that own evidence kinds (kokybe.surfaces.evidence_kinds: documents the register links to the indicator, finished
    surveys with questions tagged with its code, …). `answer` has been through decorate()."""
    attached = answer.evidence_list
    return [offer for kind in surfaces.evidence_kinds_all() for offer in kind.offers(org, answer, attached)]


def comment_counts(assessment, answers=None):
    rows = AnswerComment.objects.filter(answer__assessment=assessment)
    if answers is not None:
        rows = rows.filter(answer__in=[a.pk for a in answers])
    rows = rows.values("answer_id").annotate(n=Count("pk"))
    return {row["answer_id"]: row["n"] for row in rows.order_by()}


def apply_filters(answers, active, *, assessment, user, today=None):
    if active.get("unrated"):
        answers = answers.unrated()
    if active.get("gaps"):
        answers = answers.rated_as(codes_in(assessment.version.scoring, GAPS))
    if active.get("mine"):
        answers = answers.responsible(user)
    if active.get("no_evidence"):
        answers = answers.without_evidence()
    if active.get("expiring"):
        answers = answers.evidence_expiring(today)
    return answers


def rating_options(version):
    return [{"code": r["code"], "label": version.rating_label(r)} for r in version.ratings]


def answer_url(name, assessment):
    """pk → the URL `name` of one of the cycle's answers: one reverse() per page, not one per indicator."""
    marker = 987654321
    pattern = reverse(f"assessments:{name}", args=[assessment.org.slug, assessment.pk, marker])
    head, tail = pattern.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def decorate(answers, assessment, today=None, members=None):
    """Give each answer what the templates show: bucket, rating label, evidence states, form values, addresses.

    `members` (the organisation's members, when the caller has them anyway) name the people responsible without a
    query of their own; answers fetched `with_comment_counts()` carry their counts."""
    today = today or timezone.localdate()
    version = assessment.version
    buckets = assessment.buckets
    labels = {r["code"]: version.rating_label(r) for r in version.ratings}
    page_url, save_url = answer_url("answer", assessment), answer_url("answer_save", assessment)
    names = people_names(answers, members)
    # A whole page asks for the cycle's links at once; a single indicator only for its own.
    few = answers if len(answers) < 10 else None
    evidence = evidence_by_answer(assessment, few)
    if answers and hasattr(answers[0], "comment_total"):
        comments = {a.pk: a.comment_total for a in answers}
    else:
        comments = comment_counts(assessment, few)
    hints = {}
    for item in {item.pk: item for items in evidence.values() for item in items}.values():
        item.expired = item.is_expired(today)
        item.expiring = item.is_expiring(today)
    for a in answers:
        a.n_comments = comments.get(a.pk, 0)
        a.url, a.save_url = page_url(a.pk), save_url(a.pk)
        a.responsible_name = names.get(a.responsible_id, "")
        a.updated_by_name = names.get(a.updated_by_id, "")
        a.saved_text = saved_text(a)
        types = tuple(a.indicator.evidence_types)
        if types not in hints:
            hints[types] = ", ".join(str(label) for label in a.indicator.get_evidence_types_display())
        a.evidence_hint = hints[types]
        a.bucket = buckets.get(a.rating, UNRATED)
        a.badge = BADGES[a.bucket]
        a.rating_label = labels.get(a.rating, "")
        a.evidence_list = evidence.get(a.pk, [])
        a.v = form_values(a)
    return answers


def saved_text(answer):
    if not answer.updated_at:
        return _("Not saved yet")
    when = timezone.localtime(answer.updated_at).strftime("%Y-%m-%d %H:%M")
    return _("Last saved %(when)s by %(name)s") % {"when": when, "name": answer.updated_by_name or "—"}


def reason_help(version):
    """Which ratings need a reason, said once for the page's forms."""
    labels = [version.rating_label(r) for r in version.ratings if r.get("needs_reason")]
    return _("Required for: %(ratings)s") % {"ratings": ", ".join(labels)} if labels else ""


def people_names(answers, members=None):
    """{user pk: name} of the people responsible for or last saving the answers: from `members` when given, and in
    one query for those not among them (a former member)."""
    ids = {a.responsible_id for a in answers} | {a.updated_by_id for a in answers}
    ids.discard(None)
    names = {user.pk: str(user) for user in members or () if user.pk in ids}
    missing = ids - names.keys()
    if missing:
        names.update((user.pk, str(user)) for user in get_user_model().objects.filter(pk__in=missing))
    return names


def form_values(answer):
    return {
        "rating": answer.rating,
        "reason": answer.reason,
        "narrative": answer.narrative,
        "responsible": answer.responsible_id,
        "target_date": answer.target_date.isoformat() if answer.target_date else "",
        "revision": answer.revision,
    }


def posted_values(data, revision=None):
    """The values a person submitted, to show them again (errors, a conflict) exactly as typed."""
    responsible = data.get("responsible") or None
    return {
        "rating": data.get("rating", ""),
        "reason": data.get("reason", ""),
        "narrative": data.get("narrative", ""),
        "responsible": int(responsible) if responsible and str(responsible).isdigit() else None,
        "target_date": data.get("target_date", ""),
        "revision": data.get("revision", "") if revision is None else revision,
    }


def member_choices(org):
    return [m.user for m in members_in(org).select_related("user").order_by("user__full_name", "user__email")]


def open_actions(answers):
    """{indicator pk: [open improvement actions of the organisation linked to that indicator]} in one query."""
    answers = list(answers)
    if not answers:
        return {}
    links = (
        ImprovementAction.indicators.through.objects.filter(
            improvementaction__org_id=answers[0].org_id,
            improvementaction__status__in=OPEN_STATUSES,
            indicator_id__in=[a.indicator_id for a in answers],
        )
        .select_related("improvementaction__owner")
        .order_by("improvementaction__number")
    )
    out = {}
    for link in links:
        out.setdefault(link.indicator_id, []).append(link.improvementaction)
    return out


def readiness_chart(readiness):
    return radar((f"{p.code}. {p.name}", p.percent) for p in readiness.principles)


def gaps_of(assessment):
    codes = codes_in(assessment.version.scoring, GAPS)
    answers = list(
        IndicatorAnswer.objects.for_org(assessment.org_id)
        .filter(assessment=assessment)
        .rated_as(codes)
        .select_related("indicator__criterion__principle", "responsible")
        .mandatory_first()
    )
    actions = gap_actions(answers)
    decorate_light(answers, assessment)
    today = timezone.localdate()
    for a in answers:
        a.gap_action = actions.get(a.pk)
        a.target_passed = a.target_date is not None and a.target_date < today
    return answers


def decorate_light(answers, assessment):
    """Bucket and rating label only (no evidence): for lists that do not show evidence."""
    version = assessment.version
    buckets = assessment.buckets
    labels = {r["code"]: version.rating_label(r) for r in version.ratings}
    for a in answers:
        a.bucket = buckets.get(a.rating, UNRATED)
        a.badge = BADGES[a.bucket]
        a.rating_label = labels.get(a.rating, "")
    return answers


def changes(assessment):
    """Indicator-level differences of ratings between a cycle and the one it was copied from."""
    previous = assessment.copied_from
    before = {
        a.indicator_id: a for a in decorate_light(list(IndicatorAnswer.objects.filter(assessment=previous)), previous)
    }
    scores = {r["code"]: r.get("score") for r in assessment.version.ratings}
    rows = []
    now = IndicatorAnswer.objects.filter(assessment=assessment).select_related("indicator__criterion__principle")
    for a in decorate_light(list(now.in_order()), assessment):
        old = before.get(a.indicator_id)
        old_rating = old.rating if old else ""
        if old_rating == a.rating:
            change = "same"
        elif not a.rating:
            change = "not_rated"
        elif scores.get(a.rating) is None or scores.get(old_rating) is None:
            change = "changed"
        else:
            change = "better" if scores[a.rating] > scores[old_rating] else "worse"
        rows.append({"answer": a, "before": old, "change": change})
    return rows


def matrix(assessment, today=None):
    """Indicators × the evidence items linked anywhere in the cycle: (items, groups of rows with cell flags)."""
    today = today or timezone.localdate()
    links = EvidenceItem.answers.through.objects.filter(indicatoranswer__assessment=assessment)
    pairs = list(links.values_list("indicatoranswer_id", "evidenceitem_id"))
    items = list(EvidenceItem.objects.shown().filter(pk__in={item for _a, item in pairs}).order_by("title", "pk"))
    for item in items:
        item.expired = item.is_expired(today)
        item.expiring = item.is_expiring(today)
    linked = {}
    for answer_pk, item_pk in pairs:
        linked.setdefault(answer_pk, set()).add(item_pk)
    answers = (
        IndicatorAnswer.objects.for_org(assessment.org_id)
        .filter(assessment=assessment)
        .select_related("indicator__criterion__principle")
        .in_order()
    )
    answers = decorate_light(list(answers), assessment)
    for a in answers:
        mine = linked.get(a.pk, set())
        a.cells = [item.pk in mine for item in items]
        a.n_evidence = len(mine)
        a.n_valid = sum(1 for item in items if item.pk in mine and not item.expired)
    return items, by_principle(answers)


def merge_rows(theirs, mine, version, members):
    """Field by field: the saved version beside the one a person tried to save (as display text)."""
    labels = {r["code"]: version.rating_label(r) for r in version.ratings}
    names = {m.pk: str(m) for m in members}
    saved = form_values(theirs)
    rows = []
    for name, label in MERGE_FIELDS:
        a, b = saved[name], mine[name]
        if name == "rating":
            a, b = labels.get(a, ""), labels.get(b, "")
        elif name == "responsible":
            a, b = names.get(a, ""), names.get(b, "")
        rows.append({"label": label, "theirs": a or "", "mine": b or "", "differs": (a or "") != (b or "")})
    return rows
