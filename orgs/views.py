from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .gate import org_view
from .models import ActivityEntry, Membership, Unit
from .roles import INSIDERS, MANAGERS

DASHBOARD_ACTIVITY = 10


@require_GET
@login_required
def home(request):
    """The organisation switcher: straight to the dashboard when a person belongs to one organisation."""
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("org"))
    if len(memberships) == 1:
        return redirect(memberships[0].org)
    return render(request, "orgs/home.html", {"memberships": memberships})


@org_view(methods=("GET",))
def dashboard(request):
    org = request.org
    insider = request.membership.role in INSIDERS
    ctx = {
        "org": org,
        "services": list(org.services.select_related("unit")),
        "unit_tree": Unit.as_tree(list(Unit.objects.for_org(org))) if insider else [],
        "members": list(Membership.objects.for_org(org).active().select_related("user", "unit")) if insider else [],
        "activity": (
            list(ActivityEntry.objects.for_org(org).with_related()[:DASHBOARD_ACTIVITY])
            if request.membership.role in MANAGERS
            else []
        ),
    }
    return render(request, "orgs/dashboard.html", ctx)
