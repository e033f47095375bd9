"""Impact studies across a programme's organisations, for its programme coordinators.

Gated like the programme's own pages (programmes/views.py): only a coordinator of the programme (or a superuser)
opens them; anyone else gets 404, so nobody can probe which programmes or studies exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from programmes.models import Programme

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
    form = ProgrammeCampaignForm(request.POST or None, programme=programme)
    if form.is_valid():
        data = dict(form.cleaned_data)
        study = services.programme_campaign_create(programme=programme, by=request.user, **data)
        messages.success(request, _("The survey has been created in %(n)s organisations.") % {"n": len(data["orgs"])})
        return redirect(study)
    return render(request, "surveys/programme_form.html", {"programme": programme, "form": form})


@require_GET
@login_required
def study_detail(request, programme_pk, pk):
    programme = _programme(request, programme_pk)
    study = get_object_or_404(
        ProgrammeCampaign.objects.select_related("version__instrument"), programme=programme, pk=pk
    )
    campaigns = list(Campaign.objects.filter(programme_campaign=study).select_related("org").order_by("org__name"))
    questions, pooled, orgs, pooled_n = (
        analysis.pooled(campaigns, study.min_group_size) if campaigns else ([], [], [], 0)
    )
    shown = [g for g in orgs if g.shown]
    rows = [(r, [(g, g.results.get(r.question.pk)) for g in shown]) for r in pooled if r.question.type in POOLED_TYPES]
    # Named on the page, so the numbering's gaps are explained rather than looking like lost questions.
    left_out = {q.type for q in questions if q.type not in POOLED_TYPES}
    ctx = {
        "programme": programme,
        "study": study,
        "orgs": orgs,
        "shown": shown,
        "hidden": [g for g in orgs if not g.shown],
        "rows": rows,
        "pooled_n": pooled_n,
        "texts_left_out": QuestionType.TEXT in left_out,
        "others_left_out": bool(left_out - {QuestionType.TEXT}),
        "links": [(c, None if c.is_closed() else public_link(request, c)) for c in campaigns],
    }
    return render(request, "surveys/programme_detail.html", ctx)
