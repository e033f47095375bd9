"""Impact studies across a programme's organisations, for its programme coordinators.

Gated like the programme's own pages (programmes/views.py): only a coordinator of the programme (or a superuser)
opens them; anyone else gets 404, so nobody can probe which programmes or studies exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from programmes.models import Programme, ProgrammeRole
from programmes.pages import BoardFilters, board_queryset

from . import analysis, services
from .forms import ProgrammeCampaignForm
from .models import Campaign, ProgrammeCampaign, QuestionType
from .views import public_link

POOLED_TYPES = (QuestionType.LIKERT, QuestionType.RECOMMEND, QuestionType.YES_NO)


def _programme(request, programme_pk):
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=programme_pk)


@require_GET
@login_required
def study_list(request, programme_pk):
    programme = _programme(request, programme_pk)
    studies = ProgrammeCampaign.objects.filter(programme=programme).select_related("version__instrument")
    return render(request, "surveys/programme_list.html", {"programme": programme, "studies": list(studies)})


@require_http_methods(["GET", "POST"])
@login_required
def study_create(request, programme_pk):
    programme = _programme(request, programme_pk)
    initial = {}
    filters = BoardFilters.from_request(request.GET)
    if request.method == "GET" and filters.query:
        # Opened from the milestone board: its current filter preselects the providers (the coordinator may still
        # tick others).
        matching = board_queryset(programme, ProgrammeRole.COORDINATOR, request.user, filters, timezone.localdate())
        initial["orgs"] = [p.org for p in matching.filter(left_on__isnull=True).select_related("org")]
    form = ProgrammeCampaignForm(request.POST or None, programme=programme, initial=initial)
    if form.is_valid():
        data = dict(form.cleaned_data)
        study = services.programme_campaign_create(programme=programme, by=request.user, **data)
        messages.success(request, _("The survey has been created in %(n)s organisations.") % {"n": len(data["orgs"])})
        return redirect(study)
    ctx = {"programme": programme, "form": form, "from_board": bool(initial)}
    return render(request, "surveys/programme_form.html", ctx)


ORGS_PER_PAGE = 50


@require_GET
@login_required
def study_detail(request, programme_pk, pk):
    programme = _programme(request, programme_pk)
    study = get_object_or_404(
        ProgrammeCampaign.objects.select_related("version__instrument"), programme=programme, pk=pk
    )
    campaigns = list(Campaign.objects.filter(programme_campaign=study).select_related("org").order_by("org__name"))
    try:
        detail = int(request.GET.get("org", ""))
    except ValueError:
        detail = None
    questions, pooled, orgs, pooled_n, spreads = (
        analysis.pooled(campaigns, study.min_group_size, detail=detail) if campaigns else ([], [], [], 0, {})
    )
    # One organisation beside the pool, when it is shown: a hidden one's figures would undo the suppression.
    chosen = next((g for g in orgs if g.key.pk == detail and g.shown), None)
    rows = [
        (r, spreads.get(r.question.pk), chosen.results.get(r.question.pk) if chosen else None)
        for r in pooled
        if r.question.type in POOLED_TYPES
    ]
    # Named on the page, so the numbering's gaps are explained rather than looking like lost questions.
    left_out = {q.type for q in questions if q.type not in POOLED_TYPES}
    page = Paginator(orgs, ORGS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "programme": programme,
        "study": study,
        "orgs_page": page,
        "org_rows": [(g, None if g.key.is_closed() else public_link(request, g.key)) for g in page],
        "n_shown": sum(1 for g in orgs if g.shown),
        "n_orgs": len(orgs),
        "chosen": chosen,
        "rows": rows,
        "pooled_n": pooled_n,
        "spread_min": analysis.SPREAD_MIN_ORGS,
        "has_spread": bool(spreads),
        "texts_left_out": QuestionType.TEXT in left_out,
        "others_left_out": bool(left_out - {QuestionType.TEXT}),
    }
    return render(request, "surveys/programme_detail.html", ctx)
