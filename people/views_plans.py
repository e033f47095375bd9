"""Individual plans: a new version with its goals, one version, a review with its GAS T-score, the plan to take
home (DOCX, PDF, easy read)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kokybe.lib import downloads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view

from . import documents, scoring, services
from .forms import RECORD_ROLES, BaseGoalFormSet, GoalForm, PlanForm, ReviewForm
from .models import Goal, Plan
from .views import _person

GOAL_FIELDS = GoalForm.Meta.fields


def _plan(request, reference, version):
    person = _person(request, reference)
    queryset = Plan.objects.filter(service_user=person).select_related("org", "service_user", "created_by")
    return get_object_or_404(queryset.prefetch_related("goals", "staff"), version=version)


def _goal_formset(data, initial):
    extra = max(3, len(initial) + 1) if data is None else int(data.get("form-TOTAL_FORMS", 3) or 3)
    factory = forms.modelformset_factory(
        Goal, form=GoalForm, formset=BaseGoalFormSet, extra=min(extra, 20), can_delete=True
    )
    # The latest goals are offered as initial values on the page only: a posted form is compared with nothing, so a
    # goal kept as it was still counts as filled in.
    return factory(data, queryset=Goal.objects.none(), initial=initial if data is None else None)


@org_view(roles=RECORD_ROLES)
def plan_create(request, reference):
    """A new version of the plan; the latest version's goals (and participants) are offered to start from."""
    person = _person(request, reference)
    latest = Plan.objects.filter(service_user=person).prefetch_related("goals", "staff").order_by("-version").first()
    initial = [{name: getattr(g, name) for name in GOAL_FIELDS} for g in latest.goals.all()] if latest else []
    today = timezone.localdate()
    plan_initial = {"starts_on": today, "staff": [request.user.pk]}
    if latest:
        plan_initial["staff"] = [u.pk for u in latest.staff.all()]
    form = PlanForm(request.POST or None, org=request.org, initial=plan_initial)
    goals = _goal_formset(request.POST or None, initial)
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            plan = services.plan_create(person=person, form=form, goals=goals, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan version %(version)s saved.") % {"version": plan.version})
            return redirect(plan)
    context = {"person": person, "form": form, "goals": goals, "latest": latest}
    return render(request, "people/plan_form.html", context)


@org_view(roles=RECORD_ROLES, methods=("GET",))
def plan_detail(request, reference, version):
    plan = _plan(request, reference, version)
    reviews = list(plan.reviews.prefetch_related("levels").order_by("reviewed_on", "pk"))
    goals = list(plan.goals.all())
    rows = []
    for goal in goals:
        reached = [next((lv.level for lv in r.levels.all() if lv.goal_id == goal.pk), None) for r in reviews]
        rows.append((goal, reached))
    context = {
        "person": plan.service_user,
        "plan": plan,
        "goals": goals,
        "rows": rows,
        "reviews": reviews,
        "formula": scoring.GAS_FORMULA,
    }
    return render(request, "people/plan_detail.html", context)


@org_view(roles=RECORD_ROLES)
def plan_review(request, reference, version):
    plan = _plan(request, reference, version)
    goals = list(plan.goals.all())
    form = ReviewForm(request.POST or None, goals=goals, initial={"reviewed_on": timezone.localdate()})
    if form.is_valid():
        try:
            review = services.review_record(
                plan=plan,
                reviewed_on=form.cleaned_data["reviewed_on"],
                levels=form.levels(),
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Review saved: GAS T-score %(t)s.") % {"t": f"{review.t_score:.1f}"})
            return redirect(plan)
    context = {"person": plan.service_user, "plan": plan, "form": form, "formula": scoring.GAS_FORMULA}
    return render(request, "people/plan_review.html", context)


def _download(request, plan, ext):
    easy = request.GET.get("easy") == "1"
    lang = (get_language() or "lt")[:2]
    name = downloads.filename(plan.service_user.reference, _("individual plan"), f"v{plan.version}", ext=ext)
    if ext == "pdf":
        content = documents.plan_pdf(plan, easy=easy, lang=lang)
    else:
        content = documents.plan_docx(plan, easy=easy, lang=lang)
    return downloads.attachment(content, name)


@org_view(roles=RECORD_ROLES, methods=("GET",))
def plan_docx(request, reference, version):
    return _download(request, _plan(request, reference, version), "docx")


@org_view(roles=RECORD_ROLES, methods=("GET",))
def plan_pdf(request, reference, version):
    return _download(request, _plan(request, reference, version), "pdf")
