from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kokybe import surfaces
from kokybe.lib.forms import add_service_errors

from . import services
from .forms import ActivityFilterForm, MembershipForm, OrganisationForm, ServiceForm, UnitForm
from .gate import org_view
from .models import ActivityEntry, Membership, Service, Unit, dependants
from .roles import INSIDERS, MANAGERS, Role

ACTIVITY_PER_PAGE = 50


def _save(form, request, *, service=None):
    """Run a form through its service; errors the service finds (rules, constraints) go back onto the form."""
    try:
        with form.guard(by=request.user):  # an edit refused if someone saved the row after the form was opened
            if service is None:
                return services.form_save(form=form, org=request.org, by=request.user)
            return service(form=form, by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _delete(request, obj, *, template, back):
    """The confirm page of a delete: GET shows what would happen (or why it cannot), POST deletes."""
    blockers = dependants(obj)
    if request.method == "POST" and not blockers:
        try:
            services.object_delete(obj=obj, org=request.org, by=request.user)
        except services.InUse as exc:
            blockers = exc.dependants or [(_("Other records"), "")]
        else:
            messages.success(request, _("“%(object)s” has been deleted.") % {"object": obj})
            return redirect(back, request.org.slug)
    status = 409 if request.method == "POST" else 200
    return render(request, template, {"object": obj, "blockers": blockers}, status=status)


@require_GET
@login_required
def home(request):
    """Where "Kokybė" leads: staff to My work (their own tasks are their day); others straight to the dashboard when
    they belong to one organisation and nothing else (home_sections, e.g. the programmes they coordinate) keeps them
    here; otherwise those sections, then their organisations."""
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("org"))
    sections = surfaces.home_sections_for(request.user)
    keeps_home = any(s.keeps_home for s in sections)
    if memberships and not keeps_home and all(m.role == Role.STAFF for m in memberships):
        return redirect("me:work")
    if len(memberships) == 1 and not keeps_home:
        return redirect(memberships[0].org)
    return render(request, "orgs/home.html", {"memberships": memberships, "sections": sections})


@org_view(methods=("GET",))
def dashboard(request):
    """The organisation's dashboard: the cards every app contributes (kokybe.surfaces.dashboard_cards)."""
    cards = surfaces.visible_cards(request.org, request.membership)
    return render(request, "orgs/dashboard.html", {"org": request.org, "cards": cards})


@org_view(roles=MANAGERS)
def org_settings(request):
    form = OrganisationForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(request, _("The organisation's details have been saved."))
        return redirect("orgs:settings", request.org.slug)
    return render(request, "orgs/settings.html", {"form": form})


# Units


@org_view(roles=INSIDERS, methods=("GET",))
def unit_list(request):
    units = (
        Unit.objects.for_org(request.org)
        .select_related("parent")
        .annotate(
            n_children=Count("children", distinct=True),
            n_services=Count("services", distinct=True),
            n_members=Count("members", distinct=True),
        )
    )
    return render(request, "orgs/units.html", {"unit_tree": Unit.as_tree(list(units))})


@org_view(roles=MANAGERS)
def unit_create(request):
    form = UnitForm(request.POST or None, org=request.org, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid() and (unit := _save(form, request)):
        messages.success(request, _("Unit “%(name)s” has been created.") % {"name": unit})
        return redirect("orgs:units", request.org.slug)
    return render(request, "orgs/unit_form.html", {"form": form})


@org_view(roles=MANAGERS)
def unit_edit(request, pk):
    unit = get_object_or_404(Unit.objects.for_org(request.org), pk=pk)
    form = UnitForm(request.POST or None, org=request.org, instance=unit)
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(request, _("Unit “%(name)s” has been saved.") % {"name": unit})
        return redirect("orgs:units", request.org.slug)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@org_view(roles=MANAGERS)
def unit_delete(request, pk):
    unit = get_object_or_404(Unit.objects.for_org(request.org), pk=pk)
    return _delete(request, unit, template="orgs/unit_delete.html", back="orgs:units")


# Services


@org_view(roles=INSIDERS, methods=("GET",))
def service_list(request):
    services_ = Service.objects.for_org(request.org).select_related("unit", "unit__parent")
    return render(request, "orgs/services.html", {"services": services_})


@org_view(roles=MANAGERS)
def service_create(request):
    form = ServiceForm(request.POST or None, org=request.org, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid() and (service := _save(form, request)):
        messages.success(request, _("Service “%(name)s” has been created.") % {"name": service})
        return redirect("orgs:services", request.org.slug)
    return render(request, "orgs/service_form.html", {"form": form})


@org_view(roles=MANAGERS)
def service_edit(request, pk):
    service = get_object_or_404(Service.objects.for_org(request.org), pk=pk)
    form = ServiceForm(request.POST or None, org=request.org, instance=service)
    if request.method == "POST" and form.is_valid() and _save(form, request):
        messages.success(request, _("Service “%(name)s” has been saved.") % {"name": service})
        return redirect("orgs:services", request.org.slug)
    return render(request, "orgs/service_form.html", {"form": form, "service": service})


@org_view(roles=MANAGERS)
def service_delete(request, pk):
    service = get_object_or_404(Service.objects.for_org(request.org), pk=pk)
    return _delete(request, service, template="orgs/service_delete.html", back="orgs:services")


# Members


def _invitations_url(org):
    # The invitations pages belong to accounts; link to them once they exist.
    try:
        return reverse("invitations:list", args=[org.slug])
    except NoReverseMatch:
        return None


@org_view(roles=INSIDERS, methods=("GET",))
def member_list(request):
    members = Membership.objects.for_org(request.org).select_related("user", "unit")
    ctx = {"members": members, "invitations_url": _invitations_url(request.org)}
    return render(request, "orgs/members.html", ctx)


@org_view(roles=MANAGERS)
def member_edit(request, pk):
    membership = get_object_or_404(Membership.objects.for_org(request.org).select_related("user"), pk=pk)
    form = MembershipForm(request.POST or None, org=request.org, instance=membership, by=request.user)
    if request.method == "POST" and form.is_valid() and _save(form, request, service=services.membership_update):
        messages.success(request, _("The membership of %(person)s has been saved.") % {"person": membership.user})
        return redirect("orgs:members", request.org.slug)
    return render(request, "orgs/member_form.html", {"form": form, "membership": membership})


@org_view(roles=MANAGERS)
def member_remove(request, pk):
    membership = get_object_or_404(Membership.objects.for_org(request.org).select_related("user"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, _("%(person)s has been removed from the organisation.") % {"person": membership.user}
            )
            return redirect("orgs:members", request.org.slug)
    ctx = {"membership": membership, "error": error}
    return render(request, "orgs/member_remove.html", ctx, status=409 if error else 200)


# Activity log


@org_view(roles=MANAGERS, methods=("GET",))
def activity_log(request):
    form = ActivityFilterForm(request.GET or None, org=request.org)
    entries = form.filter(ActivityEntry.objects.for_org(request.org).with_related())
    page = Paginator(entries, ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    template = "orgs/activity.html#results" if request.htmx else "orgs/activity.html"
    return render(request, template, {"form": form, "page": page})
