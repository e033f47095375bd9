"""Programme pages for programme coordinators.

They live outside /o/<org_slug>/ because a programme coordinator is usually no member of the organisations a
programme covers; the gate here is the person's coordinator link to the programme, not an org membership.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Programme


def _programme_for(request, pk):
    """The programme if the signed-in person coordinates it (a superuser: any).

    Anyone else gets 404, not 403, so a coordinator of one programme cannot probe which others exist.
    """
    queryset = Programme.objects.visible_to(request.user).select_related("coordinating_org")
    return get_object_or_404(queryset, pk=pk)


@require_GET
@login_required
def programme_list(request):
    programmes = Programme.objects.visible_to(request.user).select_related("coordinating_org")
    return render(request, "programmes/list.html", {"programmes": list(programmes.with_participant_counts())})


PARTICIPANTS_PER_PAGE = 50


@require_GET
@login_required
def programme_detail(request, pk):
    programme = _programme_for(request, pk)
    # Hundreds of providers take part in a national programme: a page of them at a time, found by name or place.
    query = request.GET.get("q", "").strip()[:100]
    participations = programme.participations.with_org_data().order_by("org__name", "pk")
    if query:
        participations = participations.filter(
            Q(org__name__icontains=query) | Q(org__short_name__icontains=query) | Q(org__municipality__icontains=query)
        )
    page = Paginator(participations, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "programme": programme,
        "page": page,
        "participations": list(page),
        "query": query,
        "n_all": programme.participations.count() if query else page.paginator.count,
        "phases": list(programme.phases.all()),
        "coordinators": list(programme.coordinators.order_by("full_name", "email")),
    }
    return render(request, "programmes/detail.html", ctx)
