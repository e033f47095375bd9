"""The implementation plan (diegimo planas): the grouped table, the timeline, bulk edit, XLSX/PDF export, import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe.lib import downloads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS

from . import pdf, xlsx
from .plan import (
    BulkEditForm,
    PlanFilterForm,
    TimelineFilterForm,
    add_months,
    build_timeline,
    group_key,
    owner_memberships,
    plan_actions,
    plan_bulk_update,
    plan_groups,
    plan_page_order,
    prepare_rows,
    timeline_page,
    timeline_spans,
    unit_tree,
)


def _filters(request, params, form_class=PlanFilterForm):
    members = list(owner_memberships(request.org))
    tree = unit_tree(request.org)
    form = form_class(params or None, org=request.org, members=members, tree=tree)
    return form, members, tree


# Rows of the plan on one page. Groups, counts and progress are those of the whole filtered plan; a group that
# runs over a page break continues on the next page under its heading.
PLAN_PAGE_ROWS = 100
TIMELINE_PAGE_ROWS = 100


def _plan_context(request, params, bulk_form=None):
    form, members, tree = _filters(request, params)
    today = timezone.localdate()
    # Groups, counts and progress are aggregated by the database; only the page's rows are fetched (fetching all
    # 2,000 actions of a large plan to show 100 took ~70 % of the page's time).
    actions = form.filter(plan_actions(request.org), today)
    groups, overall = plan_groups(actions, form.group_by, tree=tree, today=today)
    paginator = Paginator(plan_page_order(actions, form.group_by, groups), PLAN_PAGE_ROWS)
    paginator.count = overall.total  # known from the aggregate: no COUNT query
    page = paginator.get_page(params.get("page"))
    by_key = {}
    for action in prepare_rows(page.object_list, request.org, today):
        by_key.setdefault(group_key(action, form.group_by), []).append(action)
    for group in groups:
        group.page_actions = by_key.get(group.value, [])
    groups_on_page = [g for g in groups if g.page_actions]
    can_bulk = request.membership.role in MANAGERS
    if can_bulk and bulk_form is None:
        bulk_form = BulkEditForm(members=members)
    return {
        "org": request.org,
        "form": form,
        "groups": groups_on_page,
        "page": page,
        "overall": overall,
        "query": params.urlencode(),
        "can_bulk": can_bulk,
        "bulk_form": bulk_form,
        "selected": set(bulk_form.selected_ids()) if bulk_form is not None else set(),
        "can_create": request.membership.role in CONTRIBUTORS,
        "can_import": can_bulk,
        "today": today,
    }


@org_view(roles=INSIDERS, methods=("GET",))
def plan(request):
    ctx = _plan_context(request, request.GET)
    template = "actions/plan.html#plan-results" if request.htmx else "actions/plan.html"
    return render(request, template, ctx)


@org_view(roles=MANAGERS, methods=("POST",))
def plan_bulk_edit(request):
    params = QueryDict(request.POST.get("query", ""))
    form = BulkEditForm(request.POST, members=list(owner_memberships(request.org)), org=request.org)
    if form.is_valid():
        try:
            changed = plan_bulk_update(org=request.org, by=request.user, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, ngettext("%(n)s action changed.", "%(n)s actions changed.", changed) % {"n": changed}
            )
            return redirect(f"{reverse('actions:plan', args=[request.org.slug])}?{params.urlencode()}")
    return render(request, "actions/plan.html", _plan_context(request, params, bulk_form=form))


def _around_today(today):
    """The default window: from 6 months ago to a year ahead. A plan spanning years would otherwise open as slivers."""
    return add_months(today.replace(day=1), -6), add_months(today.replace(day=1), 12)


def _timeline_ranges(params, today):
    """Query strings of the two common windows, keeping the other filters."""
    others = params.copy()
    for key in ("start", "end", "all", "page"):
        others.pop(key, None)
    whole, around = others.copy(), others.copy()
    whole["all"] = "1"
    first, last = _around_today(today)
    around["start"], around["end"] = f"{first:%Y-%m}", f"{last:%Y-%m}"
    return {"whole_plan": whole.urlencode(), "around_today": around.urlencode()}


@org_view(roles=INSIDERS, methods=("GET",))
def timeline(request):
    form, _members, _tree = _filters(request, request.GET, TimelineFilterForm)
    today = timezone.localdate()
    actions = form.filter(plan_actions(request.org), today).order_by("start_date", "due_date", "number")
    first, last = form.value("start"), form.value("end")
    if first is None and last is None and not request.GET.get("all"):
        first, last = _around_today(today)
    # The window and the bars are laid out over every filtered action read as plain dates; only the page's
    # TIMELINE_PAGE_ROWS rows are fetched as actions.
    timeline = build_timeline(timeline_spans(actions), today, first, last)
    page = Paginator(timeline.bars, TIMELINE_PAGE_ROWS).get_page(request.GET.get("page"))
    timeline_page(page.object_list, request.org, today)
    ctx = {
        "org": request.org,
        "form": form,
        "timeline": timeline,
        "page": page,
        "query": request.GET.urlencode(),
        "today": today,
        **_timeline_ranges(request.GET, today),
    }
    template = "actions/timeline.html#timeline-results" if request.htmx else "actions/timeline.html"
    return render(request, template, ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def plan_export_xlsx(request):
    form, _members, _tree = _filters(request, request.GET)
    actions = form.filter(plan_actions(request.org, full=True))
    content = xlsx.export_plan(request.org, actions, form.applied())
    return downloads.attachment(content, xlsx.filename(request.org, "plan"))


@org_view(roles=INSIDERS, methods=("GET",))
def plan_export_pdf(request):
    """The PDF at once, inside the request; the plan page offers the background export (exports app) instead."""
    try:
        _count, content = pdf.plan_pdf_for(request.org, request.GET)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('actions:plan', args=[request.org.slug])}?{request.GET.urlencode()}")
    return downloads.attachment(content, f"{xlsx.filename(request.org, 'plan')[:-5]}.pdf")


@org_view(roles=MANAGERS, methods=("GET",))
def plan_import_template(request):
    return downloads.attachment(xlsx.import_template(request.org), xlsx.filename(request.org, "template"))


def _import_messages(request, result):
    created, changed = len(result.created), len(result.changed)
    if created or not (changed or result.unchanged):
        n = created
        messages.success(request, ngettext("%(n)s action imported.", "%(n)s actions imported.", n) % {"n": n})
    if changed:
        n = changed
        messages.success(request, ngettext("%(n)s action changed.", "%(n)s actions changed.", n) % {"n": n})
    if result.unchanged:
        n = result.unchanged
        messages.info(request, ngettext("%(n)s action had no change.", "%(n)s actions had no change.", n) % {"n": n})


@org_view(roles=MANAGERS, methods=("GET", "POST"))
def plan_import(request):
    form = xlsx.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        rows, problems = xlsx.read_plan(upload, org=request.org)
        if not problems:
            try:
                result = xlsx.plan_import(org=request.org, rows=rows, by=request.user, name=upload.name)
            except ValidationError as exc:
                problems = [xlsx.Problem(None, "", message) for message in exc.messages]
            else:
                _import_messages(request, result)
                return redirect("actions:plan", request.org.slug)
    ctx = {"org": request.org, "form": form, "problems": problems, "max_rows": xlsx.MAX_ROWS}
    if problems:
        ctx["problem_summary"] = _("Nothing was imported. Correct these problems in the file and upload it again.")
    return render(request, "actions/import.html", ctx)
