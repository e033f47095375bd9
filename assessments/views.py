from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from frameworks.tree import by_principle
from kokybe import surfaces
from kokybe.lib.forms import add_service_errors
from kokybe.lib.redirects import safe_next
from orgs.gate import org_view, require_role
from orgs.roles import COMMENTERS, CONTRIBUTORS, INSIDERS, MANAGERS
from orgs.services import form_save

from . import pages, reports, services
from .forms import (
    AnswerForm,
    AssessmentForm,
    CommentForm,
    CopyForm,
    EvidenceForm,
    FilterForm,
    GapActionForm,
    LinkEvidenceForm,
)
from .models import Assessment, IndicatorAnswer
from .readiness import GAPS
from .services import Conflict


def assessment_for(request, pk):
    """The organisation's cycle `pk` (another organisation's → 404), with its version and org at hand."""
    queryset = Assessment.objects.for_org(request.org).select_related("version__framework", "coordinator")
    assessment = get_object_or_404(queryset, pk=pk)
    assessment.org = request.org
    return assessment


def _answer(request, assessment, answer_pk):
    queryset = IndicatorAnswer.objects.for_org(request.org).select_related(
        "indicator__criterion__principle", "responsible", "updated_by"
    )
    answer = get_object_or_404(queryset, assessment=assessment, pk=answer_pk)
    answer.assessment = assessment
    return answer


def _int(value):
    return int(value) if value and value.isdigit() else None


def _editable(request, assessment):
    require_role(request, CONTRIBUTORS)
    if not assessment.is_editable:
        raise PermissionDenied


def _page_context(request, assessment, **extra):
    membership = request.membership
    return {
        "org": request.org,
        "assessment": assessment,
        "version": assessment.version,
        "ratings": pages.rating_options(assessment.version),
        "reason_help": pages.reason_help(assessment.version),
        "members": extra.pop("members", None) or pages.member_choices(request.org),
        "can_edit": assessment.can_edit_answers(membership),
        "can_manage": membership.role in MANAGERS,
        "can_comment": membership.role in COMMENTERS,
        "can_act": membership.role in CONTRIBUTORS,
        # One token for all of the page's forms (a fresh masked token per form costs time on a 120-form page).
        "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)),
        **extra,
    }


# ── Cycles ────────────────────────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=INSIDERS, methods=("GET",))
def assessment_list(request):
    cycles = Assessment.objects.for_org(request.org).select_related("version__framework", "coordinator", "copied_from")
    return render(
        request,
        "assessments/list.html",
        {"cycles": list(cycles), "can_manage": request.membership.role in MANAGERS, "org": request.org},
    )


@org_view(roles=MANAGERS)
def assessment_create(request):
    form = AssessmentForm(request.POST or None, org=request.org, initial={"coordinator": request.user})
    if form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                org=request.org,
                by=request.user,
                **{k: v for k, v in data.items() if k != "services"},
                services=data["services"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The self-assessment has been created."))
            return redirect(assessment.get_absolute_url())
    return render(request, "assessments/form.html", {"form": form, "org": request.org})


@org_view(roles=MANAGERS)
def assessment_edit(request, pk):
    assessment = assessment_for(request, pk)
    form = AssessmentForm(request.POST or None, instance=assessment, org=request.org)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                form_save(form=form, org=request.org, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The self-assessment has been saved."))
            return redirect(assessment.get_absolute_url())
    return render(request, "assessments/form.html", {"form": form, "org": request.org, "assessment": assessment})


@org_view(roles=MANAGERS, methods=("POST",))
def assessment_transition(request, pk):
    assessment = assessment_for(request, pk)
    to = request.POST.get("to", "")
    try:
        assessment = services.assessment_transition(assessment=assessment, to=to, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The self-assessment is now “%(status)s”.") % {"status": assessment.get_status_display()}
        )
    return redirect(assessment.get_absolute_url())


@org_view(roles=MANAGERS)
def assessment_copy(request, pk):
    source = assessment_for(request, pk)
    if not source.is_finished:
        raise Http404("Only a finished cycle can be copied.")
    year = timezone.localdate().year
    initial = {"title": _("Self-assessment %(year)s") % {"year": year}}
    form = CopyForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            copy = services.assessment_copy(source=source, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("A new cycle has been started from “%(title)s”.") % {"title": source.title})
            return redirect(copy.get_absolute_url())
    return render(request, "assessments/copy.html", {"form": form, "source": source, "org": request.org})


# ── The assessment page ───────────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=INSIDERS, methods=("GET",))
def assessment_detail(request, pk):
    assessment = assessment_for(request, pk)
    filters = FilterForm(request.GET or None)
    active = filters.active()
    answers = pages.apply_filters(pages.answers_of(assessment), active, assessment=assessment, user=request.user)
    members = pages.member_choices(request.org)
    answers = pages.decorate(list(answers.with_comment_counts()), assessment, members=members)
    # Unfiltered, the page holds every answer already: readiness is counted from them.
    readiness = assessment.readiness(None if active else answers)
    groups = by_principle(answers)
    _open_one_principle(request, groups)
    ctx = _page_context(
        request,
        assessment,
        members=members,
        filters=filters,
        filtering=bool(active),
        groups=groups,
        shown=len(answers),
        readiness=readiness,
        services=list(assessment.services.all()),
    )
    template = "assessments/detail.html#results" if request.htmx else "assessments/detail.html"
    return render(request, template, ctx)


def _open_one_principle(request, groups):
    """Mark the one principle whose indicators the page shows as forms (`?open=<principle pk>`, else the first);
    the others list their indicators as one line each, linking to the page with that principle open. A cycle of
    140 indicators with a form each weighed 600 KB, and a person rates one principle at a time anyway."""
    wanted = _int(request.GET.get("open"))
    if not any(g.principle.pk == wanted for g in groups):
        wanted = groups[0].principle.pk if groups else None
    keep = request.GET.copy()
    keep.pop("open", None)
    base = request.path + "?" + (keep.urlencode() + "&" if keep else "")
    for g in groups:
        g.is_open = g.principle.pk == wanted
        g.open_url = f"{base}open={g.principle.pk}"


def _answer_page(request, assessment, answer, status=200, values=None, **extra):
    pages.decorate([answer], assessment)
    answer.n_comments = None
    if values is not None:
        answer.v = values
    ctx = _page_context(
        request,
        assessment,
        a=answer,
        comments=list(answer.comments.select_related("author")),
        comment_form=extra.pop("comment_form", None) or CommentForm(),
        evidence_form=extra.pop("evidence_form", None) or EvidenceForm(org=request.org),
        attach_forms=_attach_forms(request, extra.pop("attach_form", None)),
        offers=pages.evidence_offers(request.org, answer),
        link_form=extra.pop("link_form", None) or LinkEvidenceForm(org=request.org, answer=answer),
        gap_action=(gap_action := services.gap_actions([answer]).get(answer.pk)),
        gap_form=_gap_form(answer) if gap_action is None and _is_gap(answer) else None,
        **extra,
    )
    return render(request, "assessments/answer.html", ctx, status=status)


@org_view(roles=INSIDERS, methods=("GET",))
def answer_detail(request, pk, answer_pk):
    assessment = assessment_for(request, pk)
    answer = _answer(request, assessment, answer_pk)
    if request.htmx:
        # "Use their version" after a conflict: the indicator's form as saved now, in place on the page.
        pages.decorate([answer], assessment)
        ctx = _page_context(request, assessment, a=answer)
        return render(request, "assessments/detail.html#indicator", ctx)
    return _answer_page(request, assessment, answer)


def _refused(request, assessment, answer, form, status, theirs=None, message=""):
    """A save that did not happen: htmx gets the indicator's feedback, a plain form post the indicator's page.

    After a conflict the page's form holds the person's own values on top of the saved revision, so saving it
    again (edited or not) is a deliberate choice made with both versions in view."""
    mine = pages.posted_values(request.POST)
    ctx = {"form": form, "theirs": theirs, "message": message, "mine": mine}
    if theirs is not None:
        ctx["merge_rows"] = pages.merge_rows(theirs, mine, assessment.version, pages.member_choices(request.org))
    if request.htmx:
        ctx = _page_context(request, assessment, a=answer, **ctx)
        return render(request, "assessments/detail.html#feedback", ctx, status=status)
    values = pages.posted_values(request.POST, theirs.revision if theirs is not None else None)
    return _answer_page(request, assessment, answer, status=status, values=values, **ctx)


def _answer_with_cycle(request, pk, answer_pk):
    """The answer and its cycle in one query: the autosave runs on every change a person makes."""
    queryset = IndicatorAnswer.objects.for_org(request.org).select_related(
        "assessment__version__framework", "assessment__coordinator", "indicator__criterion__principle"
    )
    answer = get_object_or_404(queryset, assessment_id=pk, pk=answer_pk)
    answer.assessment.org = answer.org = request.org
    return answer.assessment, answer


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def answer_save(request, pk, answer_pk):
    assessment, answer = _answer_with_cycle(request, pk, answer_pk)
    form = AnswerForm(request.POST, version=assessment.version, org=request.org)
    if not form.is_valid():
        return _refused(request, assessment, answer, form, 422)
    try:
        saved = services.answer_save(
            answer=answer, values=form.values(), revision=form.cleaned_data["revision"], by=request.user
        )
    except Conflict as exc:
        message = _("Not saved: %(name)s changed this indicator after you opened it.") % {
            "name": exc.current.updated_by or _("someone")
        }
        return _refused(request, assessment, answer, form, 409, theirs=exc.current, message=message)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _refused(request, assessment, answer, form, 422)
    if request.htmx:
        saved.assessment = assessment
        pages.decorate_light([saved], assessment)
        # The "saved" feedback needs the answer alone, not the page's context (members, permissions…).
        return render(
            request, "assessments/detail.html#feedback", {"org": request.org, "assessment": assessment, "a": saved}
        )
    messages.success(request, _("Indicator %(code)s saved.") % {"code": answer.indicator.code})
    return redirect(f"{assessment.get_absolute_url()}?open={answer.indicator.criterion.principle_id}#i-{answer.pk}")


@org_view(roles=COMMENTERS, methods=("POST",))
def answer_comment(request, pk, answer_pk):
    assessment = assessment_for(request, pk)
    answer = _answer(request, assessment, answer_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, assessment, answer, status=422, comment_form=form)
    services.answer_comment(answer=answer, body=form.cleaned_data["body"], by=request.user)
    return redirect(f"{answer.get_absolute_url()}#comments")


# ── Readiness, gaps, changes ──────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=INSIDERS, methods=("GET",))
def assessment_readiness(request, pk):
    assessment = assessment_for(request, pk)
    readiness = assessment.readiness()
    ctx = {
        "org": request.org,
        "assessment": assessment,
        "readiness": readiness,
        "verdict": reports.verdict(readiness),
        "chart": pages.readiness_chart(readiness),
        "gaps": pages.gaps_of(assessment),
        "can_act": request.membership.role in CONTRIBUTORS,
    }
    return render(request, "assessments/readiness.html", ctx)


def _is_gap(answer):
    return answer.assessment.buckets.get(answer.rating) in GAPS


def _gap_form(answer, data=None):
    initial = {"title": services.gap_action_title(answer.indicator), "due_date": answer.target_date}
    return GapActionForm(data, initial=initial)


@org_view(roles=CONTRIBUTORS, methods=("GET", "POST"))
def gap_action(request, pk, answer_pk):
    """A gap → an improvement action: the person names the task and sets its due date (both prefilled, editable)."""
    assessment = assessment_for(request, pk)
    answer = _answer(request, assessment, answer_pk)
    back = safe_next(request, answer.get_absolute_url())
    existing = services.gap_actions([answer]).get(answer.pk)
    if existing is not None:
        return redirect(existing)
    if not _is_gap(answer):
        messages.error(request, _("Only an indicator rated not met or partly met is a gap."))
        return redirect(answer.get_absolute_url())
    form = _gap_form(answer, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            action = services.gap_action_create(answer=answer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Improvement action #%(number)s created.") % {"number": action.number})
            return redirect(f"{back.split('#', 1)[0]}#gap-{answer.pk}")
    ctx = {"org": request.org, "assessment": assessment, "a": answer, "form": form, "next": back}
    return render(request, "assessments/gap_action.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def assessment_changes(request, pk):
    assessment = assessment_for(request, pk)
    if assessment.copied_from_id is None:
        raise Http404("This cycle was not copied from another.")
    assessment.copied_from = assessment_for(request, assessment.copied_from_id)
    rows = pages.changes(assessment)
    only_changed = request.GET.get("changed") == "1"
    shown = [r for r in rows if r["change"] != "same"] if only_changed else rows
    counts = {kind: sum(1 for r in rows if r["change"] == kind) for kind in ("better", "worse", "changed", "same")}
    counts["not_rated"] = sum(1 for r in rows if r["change"] == "not_rated")
    ctx = {"org": request.org, "assessment": assessment, "rows": shown, "counts": counts, "only_changed": only_changed}
    return render(request, "assessments/changes.html", ctx)


# ── Evidence ──────────────────────────────────────────────────────────────────────────────────────────────────────


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def evidence_add(request, pk, answer_pk):
    assessment = assessment_for(request, pk)
    _editable(request, assessment)
    answer = _answer(request, assessment, answer_pk)
    kind = _attach_kinds().get(request.POST.get("form", ""))
    if kind is not None:
        return _evidence_attach(request, assessment, answer, kind)
    form = EvidenceForm(request.POST, request.FILES, org=request.org)
    if form.is_valid():
        try:
            item = services.evidence_add(answer=answer, by=request.user, **form.item_fields())
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"file": "upload"})
        else:
            messages.success(request, _("Evidence “%(title)s” added.") % {"title": item.title})
            return redirect(f"{answer.get_absolute_url()}#evidence")
    return _answer_page(request, assessment, answer, status=422, evidence_form=form)


def _attach_kinds():
    """The evidence kinds other apps own and attach through forms of their own (kokybe.surfaces.evidence_kinds)."""
    return {kind.key: kind for kind in surfaces.evidence_kinds_all() if kind.form_class is not None}


def _attach_forms(request, bound=None):
    """(kind, form) for each app-owned kind's attach form on the answer page; `bound`: (key, form) sent with errors."""
    return [
        (kind, bound[1] if bound and bound[0] == key else kind.form_class(org=request.org))
        for key, kind in _attach_kinds().items()
    ]


def _evidence_attach(request, assessment, answer, kind):
    """A document, survey results, …: one item per target, linked to one more indicator."""
    form = kind.form_class(request.POST, org=request.org)
    if form.is_valid():
        try:
            item = services.evidence_attach(answer=answer, by=request.user, **form.item_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evidence “%(title)s” linked.") % {"title": item.title})
            return redirect(f"{answer.get_absolute_url()}#evidence")
    return _answer_page(request, assessment, answer, status=422, attach_form=(kind.key, form))


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def evidence_link(request, pk, answer_pk):
    assessment = assessment_for(request, pk)
    _editable(request, assessment)
    answer = _answer(request, assessment, answer_pk)
    form = LinkEvidenceForm(request.POST, org=request.org, answer=answer)
    if not form.is_valid():
        return _answer_page(request, assessment, answer, status=422, link_form=form)
    services.evidence_link(answer=answer, item=form.cleaned_data["item"], by=request.user)
    messages.success(request, _("Evidence “%(title)s” linked.") % {"title": form.cleaned_data["item"].title})
    return redirect(f"{answer.get_absolute_url()}#evidence")


@org_view(roles=CONTRIBUTORS, methods=("POST",))
def evidence_unlink(request, pk, answer_pk, evidence_pk):
    assessment = assessment_for(request, pk)
    _editable(request, assessment)
    answer = _answer(request, assessment, answer_pk)
    item = get_object_or_404(answer.evidence.filter(org=request.org), pk=evidence_pk)
    services.evidence_unlink(answer=answer, item=item, by=request.user)
    messages.success(request, _("Evidence “%(title)s” removed from this indicator.") % {"title": item.title})
    return redirect(f"{answer.get_absolute_url()}#evidence")
