"""The quality calendar of one organisation: month grid, list, and milestone pages. Insiders read, managers edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import INSIDERS, MANAGERS

from . import calendar
from .forms import MilestoneFilterForm, MilestoneForm
from .milestones import milestone_delete as delete_milestone
from .milestones import milestone_save
from .models import Milestone


def _milestone(request, uuid):
    queryset = Milestone.objects.for_org(request.org).select_related("responsible", "unit", "service")
    return get_object_or_404(queryset, uuid=uuid)


def _page(request, template, ctx):
    """The page, or only its fragment when htmx asks for it."""
    fragment = request.htmx and not request.htmx.boosted
    return render(request, f"{template}#{ctx.pop('fragment')}" if fragment else template, ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def calendar_month(request, year=None, month=None):
    today = timezone.localdate()
    if year is None:
        year, month = today.year, today.month
    if not (1 <= month <= 12 and calendar.parse_year(year)):
        raise Http404("No such month.")
    first, last = calendar.grid_bounds(year, month)
    entries = calendar.entries_for({request.org.pk: request.membership}, first, last)
    weeks = calendar.month_grid(year, month, entries, today)
    ctx = {
        "org": request.org,
        "year": year,
        "month": month,
        "month_name": MONTHS[month],
        "weekdays": [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)],
        "weeks": weeks,
        "month_is_empty": all(day.is_empty for week in weeks for day in week if day.in_month),
        "previous": calendar.shift(year, month, -1),
        "next": calendar.shift(year, month, 1),
        "today": today,
        "can_edit": request.membership.role in MANAGERS,
        "fragment": "month",
    }
    return _page(request, "work/calendar_month.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def calendar_list(request):
    today = timezone.localdate()
    milestones = Milestone.objects.for_org(request.org)
    years = sorted({d.year for d in milestones.dates("start_date", "year")}, reverse=True)
    form = MilestoneFilterForm(request.GET, years=years)
    found, when = form.filter(milestones.select_related("responsible", "unit", "service"), today)
    ctx = {
        "org": request.org,
        "form": form,
        "when": when,
        "milestones": list(found),
        "today": today,
        "can_edit": request.membership.role in MANAGERS,
        "fragment": "results",
    }
    return _page(request, "work/calendar_list.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def milestone_detail(request, uuid):
    milestone = _milestone(request, uuid)
    ctx = {"org": request.org, "milestone": milestone, "can_edit": request.membership.role in MANAGERS}
    return render(request, "work/calendar_milestone.html", ctx)


@org_view(roles=MANAGERS)
def milestone_create(request):
    return _milestone_form(request, Milestone(org=request.org))


@org_view(roles=MANAGERS)
def milestone_edit(request, uuid):
    return _milestone_form(request, _milestone(request, uuid))


def _milestone_form(request, milestone):
    form = MilestoneForm(request.POST or None, instance=milestone, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            with form.guard(by=request.user):
                milestone = milestone_save(form=form, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(milestone)
    return render(request, "work/calendar_milestone_form.html", {"org": request.org, "form": form})


@org_view(roles=MANAGERS)
def milestone_delete(request, uuid):
    milestone = _milestone(request, uuid)
    if request.method == "POST":
        delete_milestone(milestone=milestone, by=request.user)
        messages.success(request, _("The milestone “%(title)s” is deleted.") % {"title": milestone.title})
        return redirect("work:calendar_list", request.org.slug)
    return render(request, "work/calendar_milestone_delete.html", {"org": request.org, "milestone": milestone})
