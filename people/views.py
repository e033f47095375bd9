"""Service users' pages: the list, a person's record, their identity (opened by named roles only), settings.

Who sees whom: the director sees every service user, a unit head the people of their unit (and its sub-units), a
staff member the people whose key worker they are, everybody else none: the quality coordinator and the other
insiders see the roll-ups (views_outcomes.py), which name nobody.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import Role

from . import charts, instruments, services
from .forms import RECORD_KEEPERS, RECORD_ROLES, FilterForm, IdentityForm, ServiceUserForm, SettingsForm
from .models import Measurement, PeopleSettings, Plan, Review, ServiceUser

PER_PAGE = 50
DIRECTOR = frozenset({Role.DIRECTOR})


def visible_people(request):
    """The service users this member may see (see the module's docstring)."""
    return ServiceUser.objects.visible_to(request.membership)


def _person(request, reference):
    queryset = visible_people(request).select_related("org", "unit", "key_worker")
    return get_object_or_404(queryset, reference=reference)


@org_view(roles=RECORD_ROLES, methods=("GET",))
def people_list(request):
    today = timezone.localdate()
    form = FilterForm(request.GET or None, org=request.org)
    people = form.filter(visible_people(request), today)
    people = people.select_related("unit", "key_worker").prefetch_related("services").order_by("reference")
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "today": today,
        "can_create": request.membership.role in RECORD_KEEPERS,
        "is_director": request.membership.role == Role.DIRECTOR,
    }
    template = "people/list.html#results" if request.htmx else "people/list.html"
    return render(request, template, context)


@org_view(roles=RECORD_ROLES, methods=("GET",))
def person_detail(request, reference):
    person = _person(request, reference)
    plans = (
        Plan.objects.filter(service_user=person)
        .prefetch_related("goals", Prefetch("reviews", queryset=Review.objects.order_by("reviewed_on", "pk")))
        .order_by("-version")
    )
    plans = list(plans)
    for plan in plans:
        reviews = list(plan.reviews.all())
        plan.last_review = reviews[-1] if reviews else None
    measurements = list(Measurement.objects.filter(service_user=person).order_by("taken_on", "pk"))
    available = instruments.for_org(request.org)
    context = {
        "person": person,
        "services": list(person.services.all()),
        "plans": plans,
        "measurements": measurements,
        "chart": charts.domains_over_time(measurements, available),
        "instruments": [(code, instruments.name(d), d) for code, d in available.items()],
        "can_edit": request.membership.role in RECORD_KEEPERS,
        "may_open_identity": services.may_open_identity(request.membership),
        "today": timezone.localdate(),
    }
    return render(request, "people/detail.html", context)


def _save_person(request, form, created):
    try:
        with form.guard(by=request.user):  # refused if someone saved the record after the form was opened
            person = services.service_user_save(form=form, by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if created:
        messages.success(request, _("Service user %(reference)s added.") % {"reference": person.reference})
    else:
        messages.success(request, _("Service user %(reference)s saved.") % {"reference": person.reference})
    return redirect(person)


@org_view(roles=RECORD_KEEPERS)
def person_create(request):
    form = ServiceUserForm(request.POST or None, org=request.org)
    if form.is_valid() and (response := _save_person(request, form, True)):
        return response
    return render(request, "people/form.html", {"form": form})


@org_view(roles=RECORD_KEEPERS)
def person_edit(request, reference):
    person = _person(request, reference)
    form = ServiceUserForm(request.POST or None, instance=person, org=request.org)
    if form.is_valid() and (response := _save_person(request, form, False)):
        return response
    return render(request, "people/form.html", {"form": form, "person": person})


@org_view(roles=RECORD_ROLES)
def person_identity(request, reference):
    """Who the person is. Opening this page is recorded; the page is never cached."""
    person = _person(request, reference)
    if not services.may_open_identity(request.membership):
        raise PermissionDenied
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            try:
                services.identity_save(person=person, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The identity is saved."))
                return redirect(person)
        identity = None
    else:
        identity = services.identity_open(person=person, by=request.user)
        form = IdentityForm(instance=identity)
    response = render(request, "people/identity.html", {"person": person, "identity": identity, "form": form})
    response["Cache-Control"] = "no-store"
    return response


@org_view(roles=RECORD_ROLES, methods=("POST",))
def identity_erase(request, reference):
    person = _person(request, reference)
    if not services.may_open_identity(request.membership):
        raise PermissionDenied
    services.identity_erase(person=person, by=request.user)
    messages.success(request, _("The identity is erased; the pseudonymous record and its figures stay."))
    return redirect(person)


@org_view(roles=DIRECTOR)
def people_settings(request):
    found = PeopleSettings.for_org(request.org)
    form = SettingsForm(request.POST or None, instance=found)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("people:list", request.org.slug)
    return render(request, "people/settings.html", {"form": form})
